package io.directstream.guarantee;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import com.amazonaws.services.s3.AmazonS3;
import io.directstream.cli.ExitCodes;
import io.directstream.config.JobConfig;
import io.directstream.fault.FaultPoints;
import io.directstream.ledger.LedgerEntry;
import io.directstream.ledger.LedgerStore;
import io.directstream.local.SampleProducer;
import io.directstream.testing.JobProcess;
import io.directstream.testing.Jobs;
import io.directstream.testing.SharedServices;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.TopicPartition;
import org.junit.Test;

/**
 * Starts that do not come from the ledger are pinned in it before the first batch, and partitions that join a running
 * stream are checked against it: a crash never re-decides a start, and a re-created topic never overwrites the
 * archive of the one it replaced.
 */
public class StartPositionsIT {
    @Test
    public void aLatestStartIsPinnedSoACrashBeforeTheFirstBatchSkipsNothing() {
        String topic = SharedServices.unique("pin-latest");
        SharedServices.kafka().createTopic(topic, 2);
        String bootstrap = SharedServices.kafka().bootstrapServers();
        SampleProducer.produce(bootstrap, List.of(topic), 0, 100);
        Map<String, String> props = SharedServices.jobConfig(topic, SharedServices.unique("group"), topic);
        props.put("source.starting.position", "latest");
        props.put("job.stop.after.idle.batches", "0");
        JobConfig config = Jobs.config(props);
        List<TopicPartition> partitions = Jobs.partitions(List.of(topic));

        JobProcess first = JobProcess.start(topic + "-1", props, FaultPoints.Point.BEFORE_PROCESSING.id() + "@1");
        Jobs.await("the pinned starts in the ledger", Duration.ofSeconds(60), () -> {
            if (!first.isAlive()) {
                throw new AssertionError("the job exited:\n" + first.tail());
            }
            return Jobs.ledger(config).lastSequence() >= 1;
        });
        Map<TopicPartition, Long> pinned = Jobs.ledger(config).endOffsets();
        assertEquals("every partition pinned at its log end of the start", 100L,
                pinned.values().stream().mapToLong(Long::longValue).sum());
        LedgerEntry seed = Jobs.entries(config).get(0);
        assertEquals(LedgerEntry.Type.SEED, seed.type());
        assertTrue(seed.note().get(), seed.note().get().contains("(latest)"));

        SampleProducer.produce(bootstrap, List.of(topic), 100, 50);
        assertEquals(first.tail(), FaultPoints.HALT_STATUS, first.waitFor(Duration.ofSeconds(90)));
        SampleProducer.produce(bootstrap, List.of(topic), 150, 50);

        Map<String, String> drain = new java.util.HashMap<>(props);
        drain.put("job.stop.after.idle.batches", "1");
        JobProcess second = JobProcess.start(topic + "-2", drain, null);
        assertEquals(second.tail(), ExitCodes.OK, second.waitFor(Duration.ofSeconds(120)));
        // resolving "latest" again would have started at 200 and lost the 100 records produced since the first start
        Jobs.assertGuarantee(config, partitions, pinned, pinned);
        assertEquals(100, Jobs.verify(config, partitions, pinned, Map.of(), pinned).archived());
    }

    @Test
    public void aPartitionThatJoinsTheRunningStreamIsPinnedBeforeItsFirstBatch() {
        String base = SharedServices.unique("join");
        String present = base + "-a";
        String joining = base + "-b";
        SharedServices.kafka().createTopic(present, 1);
        SampleProducer.produce(SharedServices.kafka().bootstrapServers(), List.of(present), 0, 50);
        Map<String, String> props = SharedServices.jobConfig("", SharedServices.unique("group"), base);
        props.remove("source.topics");
        props.put("source.topic.pattern", Pattern.quote(base) + "-.*");
        props.put("kafka.metadata.max.age.ms", "1000");
        props.put("job.stop.after.idle.batches", "0");
        JobConfig config = Jobs.config(props);
        JobProcess job = JobProcess.start(base, props, null);
        Jobs.await("the first batch", Duration.ofSeconds(60), () -> Jobs.batches(config) >= 1);
        SharedServices.kafka().createTopic(joining, 1);
        SampleProducer.produce(SharedServices.kafka().bootstrapServers(), List.of(joining), 0, 30);
        TopicPartition b0 = new TopicPartition(joining, 0);
        Jobs.await("the joining topic archived", Duration.ofSeconds(90),
                () -> Jobs.ledger(config).endOffset(b0).orElse(0L) == 30);
        job.terminate(Duration.ofSeconds(60));
        List<LedgerEntry> all = Jobs.entries(config);
        LedgerEntry seed = all.stream().filter(e -> e.type() == LedgerEntry.Type.SEED
                && e.ranges().stream().anyMatch(r -> r.topicPartition().equals(b0))).findFirst().get();
        assertEquals("pinned at the offset it joined at", 0, seed.ranges().get(0).fromOffset());
        LedgerEntry batch = all.stream().filter(e -> e.type() == LedgerEntry.Type.BATCH
                && e.ranges().stream().anyMatch(r -> r.topicPartition().equals(b0))).findFirst().get();
        assertTrue("the seed comes before the partition's first batch", seed.sequence() < batch.sequence());
        Jobs.assertGuarantee(config, List.of(new TopicPartition(present, 0), b0), Map.of());
    }

    @Test
    public void aTopicReCreatedUnderAKnownNameStopsTheJobInsteadOfOverwritingItsArchive() throws Exception {
        String base = SharedServices.unique("recreate");
        String topic = base + "-t";
        String other = base + "-u";
        SharedServices.kafka().createTopic(topic, 1);
        SharedServices.kafka().createTopic(other, 1);
        String bootstrap = SharedServices.kafka().bootstrapServers();
        SampleProducer.produce(bootstrap, List.of(topic), 0, 100);
        SampleProducer.produce(bootstrap, List.of(other), 0, 10);
        Map<String, String> props = SharedServices.jobConfig("", SharedServices.unique("group"), base);
        props.remove("source.topics");
        props.put("source.topic.pattern", Pattern.quote(base) + "-.*");
        props.put("kafka.metadata.max.age.ms", "1000");
        JobConfig config = Jobs.config(props);
        assertEquals(ExitCodes.OK, Jobs.run(props).exitCode());
        TopicPartition t0 = new TopicPartition(topic, 0);
        assertEquals(Long.valueOf(100), Jobs.ledger(config).endOffset(t0).get());
        String firstObject = config.output().key("topic=" + topic + "/partition=0/" + topic + "+0+"
                + String.format("%020d", 0) + ".jsonl");
        AmazonS3 s3 = SharedServices.s3().client();
        String etag;
        try {
            etag = s3.getObjectMetadata(config.output().bucket(), firstObject).getETag();
        } finally {
            s3.shutdown();
        }

        try (Admin admin = SharedServices.kafka().admin()) {
            admin.deleteTopics(List.of(topic)).all().get(30, TimeUnit.SECONDS);
            Jobs.await("the topic deleted", Duration.ofSeconds(30), () -> {
                try {
                    return !admin.listTopics().names().get(10, TimeUnit.SECONDS).contains(topic);
                } catch (Exception e) {
                    return false;
                }
            });
        }
        Map<String, String> running = new java.util.HashMap<>(props);
        running.put("job.stop.after.idle.batches", "0");
        JobProcess job = JobProcess.start(base + "-2", running, null);
        job.awaitLog("Starting positions", Duration.ofSeconds(60));
        Jobs.await("the topic created again", Duration.ofSeconds(60), () -> {
            try (Admin admin = SharedServices.kafka().admin()) {
                admin.createTopics(Set.of(new org.apache.kafka.clients.admin.NewTopic(topic, 1, (short) 1)))
                        .all().get(10, TimeUnit.SECONDS);
                return true;
            } catch (Exception e) {
                return false;
            }
        });
        SampleProducer.produce(bootstrap, List.of(topic), 0, 20);

        assertEquals(job.tail(), ExitCodes.FAILED, job.waitFor(Duration.ofSeconds(120)));
        assertTrue(job.tail(), job.log().contains("where the ledger says " + t0 + " ended (100)"));
        assertTrue(job.tail(), job.log().contains("was the topic deleted and re-created?"));
        s3 = SharedServices.s3().client();
        try {
            assertEquals("the earlier topic's archive is untouched", etag,
                    s3.getObjectMetadata(config.output().bucket(), firstObject).getETag());
        } finally {
            s3.shutdown();
        }
        assertEquals(Long.valueOf(100), Jobs.ledger(config).endOffset(t0).get());
    }
}
