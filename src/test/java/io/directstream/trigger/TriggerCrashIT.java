package io.directstream.trigger;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import com.amazonaws.services.s3.AmazonS3;
import io.directstream.cli.ExitCodes;
import io.directstream.config.JobConfig;
import io.directstream.fault.FaultPoints;
import io.directstream.job.JobResult;
import io.directstream.local.ArchiveVerifier;
import io.directstream.local.SampleProducer;
import io.directstream.testing.CoordinatesTrigger;
import io.directstream.testing.JobProcess;
import io.directstream.testing.Jobs;
import io.directstream.testing.SharedServices;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;

/** SIGKILL in the middle of a driver-mode batch: the restart runs the batch again and each output exists once. */
public class TriggerCrashIT {
    private static AmazonS3 s3;

    @BeforeClass
    public static void setUp() {
        s3 = SharedServices.s3().client();
    }

    @AfterClass
    public static void tearDown() {
        s3.shutdown();
    }

    @Test
    public void aKillDuringADriverModeBatchLeavesEachOutputOnceAfterTheRestart() {
        String topic = SharedServices.unique("trigger-kill");
        SharedServices.kafka().createTopic(topic, 3);
        SampleProducer.produce(SharedServices.kafka().bootstrapServers(), List.of(topic), 0, 300);
        Map<String, String> props = SharedServices.jobConfig(topic, SharedServices.unique("group"),
                SharedServices.unique("trigger-kill"));
        props.put("trigger.class", CoordinatesTrigger.class.getName());
        props.put("trigger.mode", "driver");
        props.put("trigger.driver.threads", "2");
        // one batch of 300 messages at 40 ms each on 2 threads: about 6 s inside the batch's trigger step
        props.put("trigger.conf.sleep.ms", "40");
        props.put("job.stop.after.idle.batches", "0");
        JobConfig config = Jobs.config(props);

        JobProcess job = JobProcess.start("trigger-kill", props, null);
        try {
            Jobs.await("some trigger outputs of the first batch", Duration.ofSeconds(90), () -> {
                if (!job.isAlive()) {
                    throw new AssertionError("the job exited:\n" + job.tail());
                }
                return TriggerModesIT.triggerKeys(s3, config).size() >= 20;
            });
            job.kill();
            job.waitFor(Duration.ofSeconds(30));
        } finally {
            if (job.isAlive()) {
                job.kill();
            }
        }
        int before = TriggerModesIT.triggerKeys(s3, config).size();
        assertTrue("killed in the middle of the batch (" + before + " of 300 outputs)", before < 300);
        assertEquals("the killed batch never reached the ledger", 0, TriggerModesIT.batches(s3, config).size());

        props.put("trigger.conf.sleep.ms", "0");
        // other outcomes on the re-run: without the restart's sweep, a message would keep its result and gain a
        // dead letter (or the reverse)
        props.put("trigger.conf.dead.modulo", "5");
        props.put("job.stop.after.idle.batches", "1");
        JobResult resumed = Jobs.run(props);
        assertEquals(resumed.toString(), 0, resumed.exitCode());
        TriggerModesIT.assertEachMessageOnce(TriggerModesIT.triggerObjects(s3, config),
                TriggerModesIT.batches(s3, config), 300);
        ArchiveVerifier.Report archive = Jobs.verify(config, Jobs.partitions(List.of(topic)));
        assertTrue(archive.toString(), archive.problems().isEmpty());
    }

    @Test
    public void aRetriedTaskEndsWithTheObjectsOfItsOwnOutcomesOnly() {
        String topic = SharedServices.unique("trigger-retry");
        SharedServices.kafka().createTopic(topic, 2);
        SampleProducer.produce(SharedServices.kafka().bootstrapServers(), List.of(topic), 0, 200);
        Map<String, String> props = SharedServices.jobConfig(topic, SharedServices.unique("group"), topic);
        props.put("spark.master", "local[2,3]");
        props.put("trigger.class", CoordinatesTrigger.class.getName());
        props.put("trigger.mode", "executor");
        // the first attempt dead-letters every message, then fails after its objects; the retry does the work
        props.put("trigger.conf.flip.on.retry", "true");
        JobConfig config = Jobs.config(props);
        JobProcess job = JobProcess.start(topic, props, FaultPoints.Point.TASK_FAILS_AFTER_OBJECTS.id() + "@1");
        assertEquals(job.tail(), ExitCodes.OK, job.waitFor(Duration.ofSeconds(180)));
        assertTrue("the first batch's tasks were retried:\n" + job.tail(),
                job.log().contains("FAULT POINT task-fails-after-objects reached"));
        Map<String, String> objects = TriggerModesIT.triggerObjects(s3, config);
        TriggerModesIT.assertEachMessageOnce(objects, TriggerModesIT.batches(s3, config), 200);
        assertTrue("no dead letter of the failed attempt is left: " + objects.keySet(),
                objects.keySet().stream().noneMatch(k -> k.startsWith("_dead-letter/")));
    }
}
