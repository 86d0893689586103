package io.directstream.guarantee;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import io.directstream.cli.ExitCodes;
import io.directstream.config.InvalidConfigException;
import io.directstream.config.JobConfig;
import io.directstream.fault.FaultPoints;
import io.directstream.job.DirectStreamJob;
import io.directstream.local.SampleProducer;
import io.directstream.testing.AttemptDependentProcessor;
import io.directstream.testing.JobProcess;
import io.directstream.testing.Jobs;
import io.directstream.testing.SharedServices;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.Test;

/**
 * Spark retries a task whose first attempt failed after its objects were complete (an executor lost after writing).
 * The retry decides differently about some records (a transient error dead-lettered them the first time): every
 * record must still be archived exactly once across data and dead-letter objects, and the objects must be exactly those
 * the ledger lists.
 */
public class TaskRetryIT {
    private static void retriedBatch(String deadLetterOn) {
        String topic = SharedServices.unique("retry");
        SharedServices.kafka().createTopic(topic, 2);
        SampleProducer.produce(SharedServices.kafka().bootstrapServers(), List.of(topic), 0, 600);
        Map<String, String> props = SharedServices.jobConfig(topic, SharedServices.unique("group"), topic);
        props.put("spark.master", "local[2,3]");
        props.put("stream.max.rate.per.partition", "200");
        props.put("process.class", AttemptDependentProcessor.class.getName());
        props.put("processor.dead.letter.on", deadLetterOn);
        JobConfig config = Jobs.config(props);
        JobProcess job = JobProcess.start(topic, props, FaultPoints.Point.TASK_FAILS_AFTER_OBJECTS.id() + "@1");
        assertEquals(job.tail(), ExitCodes.OK, job.waitFor(Duration.ofSeconds(180)));
        assertTrue("the first batch's tasks were retried:\n" + job.tail(),
                job.log().contains("FAULT POINT task-fails-after-objects reached"));
        Jobs.assertGuarantee(config, Jobs.partitions(List.of(topic)), Map.of());
    }

    @Test
    public void aRecordDeadLetteredByTheFailedAttemptAndArchivedByTheRetryIsThereOnce() {
        retriedBatch("first-attempt");
    }

    @Test
    public void aDataObjectOfTheFailedAttemptThatTheRetryDoesNotWriteIsRemoved() {
        retriedBatch("retry");
    }

    @Test
    public void speculativeExecutionIsRefusedBeforeAnythingStarts() {
        Map<String, String> props = SharedServices.jobConfig("t", "g", SharedServices.unique("spec"));
        props.put("spark.speculation", "true");
        InvalidConfigException e = assertThrows(InvalidConfigException.class,
                () -> new DirectStreamJob(Jobs.config(props)).run());
        assertTrue(e.getMessage(), e.getMessage().startsWith("Invalid value true for configuration spark.speculation"));
    }
}
