package io.directstream.guarantee;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import io.directstream.cli.ExitCodes;
import io.directstream.config.JobConfig;
import io.directstream.fault.FaultPoints;
import io.directstream.local.SampleProducer;
import io.directstream.testing.JobProcess;
import io.directstream.testing.Jobs;
import io.directstream.testing.SharedServices;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.Test;

/**
 * The lease is live from the moment it is taken: start-up can last long (the wait for the consumer group to be free
 * alone may take {@code session.timeout.ms} + 5 s), and the first batch must still find it held. And a kill with the
 * default session and lease timings restarts and keeps the guarantee.
 */
public class StartupLeaseIT {
    @Test
    public void aLongWaitForTheGroupAtStartDoesNotLetTheLeaseLapse() throws Exception {
        // (the wait is a set duration, not a condition: the old member must stay that long for the test to mean anything)
        String topic = SharedServices.unique("lease-start");
        SharedServices.kafka().createTopic(topic, 1);
        SampleProducer.produce(SharedServices.kafka().bootstrapServers(), List.of(topic), 0, 300);
        Map<String, String> props = SharedServices.jobConfig(topic, SharedServices.unique("group"), topic);
        // the holder gives up 20/2 - 2 = 8 s after its last renewal; the start-up below takes about 16 s
        props.put("job.lease.timeout", "20s");
        props.put("s3.retry.budget", "2s");
        // the job waits up to session.timeout.ms + 5 s for the group to be free
        props.put("kafka.session.timeout.ms", "20000");
        JobConfig config = Jobs.config(props);

        // an old consumer of the group that takes 8 s to go away
        CountDownLatch joined = new CountDownLatch(1);
        AtomicBoolean leave = new AtomicBoolean();
        Thread zombie = new Thread(() -> {
            try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(Map.of(
                    ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, SharedServices.kafka().bootstrapServers(),
                    ConsumerConfig.GROUP_ID_CONFIG, config.groupId(),
                    ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                    ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 1), new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
                c.subscribe(List.of(topic));
                while (!leave.get()) {
                    c.poll(Duration.ofMillis(200));
                    if (!c.assignment().isEmpty()) {
                        joined.countDown();
                    }
                }
            }
        }, "zombie-consumer");
        zombie.start();
        assertTrue("the old consumer joined the group", joined.await(60, TimeUnit.SECONDS));
        JobProcess job = JobProcess.start(topic, props, null);
        job.awaitLog("has active members", Duration.ofSeconds(60));
        Thread.sleep(16_000); // twice the 8 s after which a lease not renewed since acquire() is given up
        leave.set(true);
        zombie.join();
        assertEquals(job.tail(), ExitCodes.OK, job.waitFor(Duration.ofSeconds(120)));
        Jobs.assertGuarantee(config, Jobs.partitions(List.of(topic)), Map.of());
    }

    @Test
    public void aKillWithTheDefaultSessionAndLeaseTimingsKeepsTheGuarantee() {
        String topic = SharedServices.unique("default-timings");
        SharedServices.kafka().createTopic(topic, 2);
        SampleProducer.produce(SharedServices.kafka().bootstrapServers(), List.of(topic), 0, 2000);
        Map<String, String> props = SharedServices.jobConfig(topic, SharedServices.unique("group"), topic);
        props.remove("kafka.session.timeout.ms");
        props.remove("kafka.heartbeat.interval.ms");
        props.put("stream.max.rate.per.partition", "300");
        JobConfig config = Jobs.config(props);
        JobProcess crash = JobProcess.start(topic + "-crash", props,
                FaultPoints.Point.AFTER_OBJECTS_BEFORE_LEDGER.id() + "@2");
        assertEquals(crash.tail(), FaultPoints.HALT_STATUS, crash.waitFor(Duration.ofSeconds(120)));
        // the restart waits for the dead instance's group member to expire (45 s by default), holding its lease
        JobProcess restart = JobProcess.start(topic + "-restart", props, null);
        assertEquals(restart.tail(), ExitCodes.OK, restart.waitFor(Duration.ofSeconds(240)));
        assertTrue(restart.tail(), restart.log().contains("its process " + crash.pid() + " on this host is gone"));
        Jobs.assertGuarantee(config, Jobs.partitions(List.of(topic)), Map.of());
    }
}
