package io.directstream.job;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import com.amazonaws.services.s3.AmazonS3;
import com.amazonaws.services.s3.model.S3ObjectSummary;
import io.directstream.cli.ExitCodes;
import io.directstream.config.JobConfig;
import io.directstream.ledger.LedgerEntry;
import io.directstream.ledger.LedgerRange;
import io.directstream.ledger.LedgerState;
import io.directstream.ledger.LedgerStore;
import io.directstream.local.ArchiveVerifier;
import io.directstream.local.SampleProducer;
import io.directstream.source.KafkaAdmin;
import io.directstream.testing.FailingProcessor;
import io.directstream.testing.Jobs;
import io.directstream.testing.SharedServices;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;

/** The streaming job end to end against a real Kafka broker and a real S3 server. */
public class DirectStreamJobIT {
    private static AmazonS3 s3;

    @BeforeClass
    public static void setUp() {
        s3 = SharedServices.s3().client();
    }

    @AfterClass
    public static void tearDown() {
        s3.shutdown();
    }

    private static List<String> topics(int... partitions) {
        List<String> names = new ArrayList<>();
        for (int p : partitions) {
            String t = SharedServices.unique("topic");
            SharedServices.kafka().createTopic(t, p);
            names.add(t);
        }
        return names;
    }

    private static void assertExactlyOnce(JobConfig config, List<TopicPartition> partitions, long expected) {
        ArchiveVerifier.Report r = Jobs.verify(config, partitions);
        assertTrue(r.toString(), r.problems().isEmpty());
        assertEquals(expected, r.expected());
        assertEquals(expected, r.archived());
        try (KafkaAdmin admin = Jobs.admin(config.groupId())) {
            Map<TopicPartition, Long> logEnd = admin.latest(partitions);
            Map<TopicPartition, Long> ledger = new HashMap<>(r.ledgerEnds());
            logEnd.forEach((tp, end) -> ledger.putIfAbsent(tp, 0L));
            assertEquals("ledger ranges reach the log end of every partition", logEnd, ledger);
        }
    }

    @Test
    public void everyRecordLandsExactlyOnceAndCommitAsyncReachesTheLogEnd() {
        List<String> topics = topics(3, 2);
        SampleProducer.produce(SharedServices.kafka().bootstrapServers(), topics, 0, 6000);
        String group = SharedServices.unique("group");
        Map<String, String> props = SharedServices.jobConfig(String.join(",", topics), group, SharedServices.unique("e2e"));
        props.put("job.stop.after.idle.batches", "0");
        props.put("stream.max.rate.per.partition", "500");
        JobConfig config = Jobs.config(props);
        List<TopicPartition> partitions = Jobs.partitions(topics);

        Jobs.Running running = Jobs.start(props);
        try (KafkaAdmin admin = Jobs.admin(group)) {
            Map<TopicPartition, Long> logEnd = admin.latest(partitions);
            // commitAsync only queues; the consumer sends the queue during a later batch. Wait for it while running.
            Jobs.await("the group's committed offsets to reach the log end while the job runs", Duration.ofSeconds(90),
                    () -> logEnd.equals(admin.committed(partitions)));
            assertFalse("the job is still running", running.result.isDone());
        }
        JobResult result = running.stop();
        assertEquals(ExitCodes.OK, result.exitCode());
        assertTrue("rate limit of 500/s per partition spreads 6000 records over several batches", result.stats().batches() > 1);
        assertExactlyOnce(config, partitions, 6000);

        // the ledger lists every object, and each holds the records the ledger says
        LedgerStore ledger = new LedgerStore(s3, config.output());
        long listed = 0;
        for (var it = ledger.entries(0); it.hasNext(); ) {
            LedgerEntry e = it.next();
            assertEquals(result.runId(), e.runId());
            if (e.type() != LedgerEntry.Type.BATCH) {
                continue; // the seed of the starts, the final commit
            }
            for (LedgerRange r : e.ranges()) {
                long[] lines = {0};
                ArchiveVerifier.readObject(s3, config.output().bucket(), r.objectKey().get(), n -> lines[0]++);
                assertEquals(r.toString(), r.records(), lines[0]);
                assertEquals(r.untilOffset() - r.fromOffset(), r.records());
                listed += r.records();
            }
        }
        assertEquals(6000, listed);
    }

    @Test
    public void aRestartResumesFromTheLedgerWithoutRearchiving() {
        List<String> topics = topics(2);
        String bootstrap = SharedServices.kafka().bootstrapServers();
        SampleProducer.produce(bootstrap, topics, 0, 1500);
        Map<String, String> props = SharedServices.jobConfig(topics.get(0), SharedServices.unique("group"),
                SharedServices.unique("restart"));
        JobConfig config = Jobs.config(props);
        JobResult first = Jobs.run(props);
        assertEquals(ExitCodes.OK, first.exitCode());
        assertEquals(1500, first.stats().records());
        Map<String, String> etags = new HashMap<>();
        for (S3ObjectSummary o : s3.listObjectsV2(config.output().bucket(), config.output().key("topic=")).getObjectSummaries()) {
            etags.put(o.getKey(), o.getETag() + o.getLastModified());
        }

        SampleProducer.produce(bootstrap, topics, 1500, 700);
        JobResult second = Jobs.run(props);
        assertEquals(ExitCodes.OK, second.exitCode());
        assertEquals("only the new records are read", 700, second.stats().records());
        for (S3ObjectSummary o : s3.listObjectsV2(config.output().bucket(), config.output().key("topic=")).getObjectSummaries()) {
            if (etags.containsKey(o.getKey())) {
                assertEquals("first run's object untouched: " + o.getKey(), etags.get(o.getKey()), o.getETag() + o.getLastModified());
            }
        }
        assertExactlyOnce(config, Jobs.partitions(topics), 2200);

        JobResult third = Jobs.run(props);
        assertEquals("nothing new, nothing re-read", 0, third.stats().records());
    }

    @Test
    public void aFailedBatchStopsTheJobAndNoLaterBatchIsRecorded() {
        List<String> topics = topics(2);
        String topic = topics.get(0);
        SampleProducer.produce(SharedServices.kafka().bootstrapServers(), topics, 0, 2000);
        Map<String, String> props = SharedServices.jobConfig(topic, SharedServices.unique("group"), SharedServices.unique("fail"));
        props.put("stream.max.rate.per.partition", "200");
        props.put("process.class", FailingProcessor.class.getName());
        props.put("process.on.error", "fail");
        props.put("processor.fail.on", topic + "-1@450");
        JobConfig config = Jobs.config(props);

        JobResult failed = Jobs.run(props);
        assertEquals(ExitCodes.FAILED, failed.exitCode());
        assertTrue(failed.failure().get().toString(), failed.failure().isPresent());
        // 200 offsets per partition and batch: batches [0,200) and [200,400) are recorded, [400,600) holds the
        // failing offset 450 and fails; nothing after it, since every later batch refused to run
        LedgerState ledger = Jobs.ledger(config);
        assertEquals("the seed and two batches", 3, ledger.lastSequence());
        assertEquals(Map.of(new TopicPartition(topic, 0), 400L, new TopicPartition(topic, 1), 400L), ledger.endOffsets());

        // the restart, with the record fixed (here: the processor no longer fails), resumes from the ledger
        props.put("processor.fail.on", "");
        JobResult resumed = Jobs.run(props);
        assertEquals(ExitCodes.OK, resumed.exitCode());
        assertExactlyOnce(config, Jobs.partitions(topics), 2000);
    }

    @Test
    public void recordsAProcessorRejectsAreDeadLetteredWithTheirCoordinates() {
        List<String> topics = topics(1);
        String topic = topics.get(0);
        SampleProducer.produce(SharedServices.kafka().bootstrapServers(), topics, 0, 300);
        Map<String, String> props = SharedServices.jobConfig(topic, SharedServices.unique("group"), SharedServices.unique("dlq"));
        props.put("process.class", FailingProcessor.class.getName());
        props.put("processor.fail.on", topic + "-0@7," + topic + "-0@250");
        props.put("output.compression", "gzip");
        JobConfig config = Jobs.config(props);
        JobResult r = Jobs.run(props);
        assertEquals(ExitCodes.OK, r.exitCode());
        assertEquals(2, r.stats().deadLetters());

        List<Long> archived = new ArrayList<>();
        List<String> dead = new ArrayList<>();
        LedgerStore ledger = new LedgerStore(s3, config.output());
        for (var it = ledger.entries(0); it.hasNext(); ) {
            LedgerEntry e = it.next();
            for (LedgerRange range : e.type() == LedgerEntry.Type.BATCH ? e.ranges() : List.<LedgerRange>of()) {
                assertTrue(range.objectKey().get().endsWith(".jsonl.gz"));
                ArchiveVerifier.readObject(s3, config.output().bucket(), range.objectKey().get(),
                        n -> archived.add(n.get("offset").asLong()));
                range.deadLetterKey().ifPresent(k -> ArchiveVerifier.readObject(s3, config.output().bucket(), k,
                        n -> dead.add(n.get("topic").asText() + "-" + n.get("partition").asInt() + "@"
                                + n.get("offset").asLong() + " " + n.get("error").asText())));
            }
        }
        assertEquals(298, archived.size());
        assertFalse(archived.contains(7L) || archived.contains(250L));
        assertEquals(2, dead.size());
        assertTrue(dead.toString(), dead.get(0).startsWith(topic + "-0@7 " + FailingProcessor.class.getName()
                + ": java.lang.IllegalArgumentException: cannot process this record"));
        assertTrue(dead.toString(), dead.get(1).startsWith(topic + "-0@250 "));
    }

    @Test
    public void aTopicPatternPicksUpEveryMatchingTopic() {
        String base = SharedServices.unique("pat");
        SharedServices.kafka().createTopic(base + ".a", 2);
        SharedServices.kafka().createTopic(base + ".b", 1);
        List<String> topics = List.of(base + ".a", base + ".b");
        SampleProducer.produce(SharedServices.kafka().bootstrapServers(), topics, 0, 900);
        Map<String, String> props = SharedServices.jobConfig("", SharedServices.unique("group"), SharedServices.unique("pattern"));
        props.remove("source.topics");
        props.put("source.topic.pattern", java.util.regex.Pattern.quote(base) + "\\..*");
        JobResult r = Jobs.run(props);
        assertEquals(ExitCodes.OK, r.exitCode());
        assertExactlyOnce(Jobs.config(props), Jobs.partitions(topics), 900);
    }
}
