package io.directstream.guarantee;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import io.directstream.cli.ExitCodes;
import io.directstream.config.JobConfig;
import io.directstream.fault.FaultPoints;
import io.directstream.ledger.LedgerState;
import io.directstream.ledger.LedgerStore;
import io.directstream.local.SampleProducer;
import io.directstream.testing.JobProcess;
import io.directstream.testing.Jobs;
import io.directstream.testing.SharedServices;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;
import org.junit.Test;

/**
 * One test per fault point: the job (in its own JVM) halts at the point in its second batch, as kill -9 would; a
 * restart without the fault resumes, and the guarantee holds: every record in S3 exactly once, the ledger contiguous
 * to the log end, the group's committed offsets at the ledger's end.
 */
public class FaultPointsIT {
    private static final int RECORDS = 3000;

    private static final class Scenario {
        final String name = SharedServices.unique("fault");
        final List<String> topics = List.of(name);
        final Map<String, String> props;
        final JobConfig config;
        final List<TopicPartition> partitions;

        Scenario() {
            this(Map.of());
        }

        Scenario(Map<String, String> extra) {
            SharedServices.kafka().createTopic(name, 3);
            SampleProducer.produce(SharedServices.kafka().bootstrapServers(), topics, 0, RECORDS);
            props = SharedServices.jobConfig(name, SharedServices.unique("group"), name);
            props.put("stream.max.rate.per.partition", "300");
            props.putAll(extra);
            config = Jobs.config(props);
            partitions = Jobs.partitions(topics);
        }

        /** Runs armed until the halt; returns the job's log. */
        String crashAt(FaultPoints.Point point) {
            Map<String, String> armed = new java.util.HashMap<>(props);
            // batch 2's commit is confirmed at some later poll: the job must not stop (drained) before it comes
            armed.put("job.stop.after.idle.batches", point == FaultPoints.Point.AFTER_COMMIT ? "0" : "1");
            JobProcess job = JobProcess.start(name + "-crash", armed, point.id() + "@2");
            int code = job.waitFor(Duration.ofSeconds(120));
            assertEquals(job.tail(), FaultPoints.HALT_STATUS, code);
            assertTrue(job.log().contains("FAULT POINT " + point.id() + " reached"));
            return job.log();
        }

        String recover() {
            Map<TopicPartition, Long> ledgerEnds = Jobs.ledger(config).endOffsets();
            JobProcess job = JobProcess.start(name + "-recover", props, null);
            int code = job.waitFor(Duration.ofSeconds(180));
            assertEquals(job.tail(), ExitCodes.OK, code);
            // every partition resumed where the ledger ended, said so in the FROM column of the start table
            for (TopicPartition tp : partitions) {
                String row = tp.topic() + "\\s+" + tp.partition() + "\\s+" + ledgerEnds.get(tp) + "\\s+ledger\\s";
                assertTrue("start row " + row + " in:\n" + job.log(),
                        java.util.regex.Pattern.compile(row).matcher(job.log()).find());
            }
            Jobs.assertGuarantee(config, partitions, Map.of());
            return job.log();
        }
    }

    @Test
    public void beforeProcessing() {
        Scenario s = new Scenario();
        s.crashAt(FaultPoints.Point.BEFORE_PROCESSING);
        assertEquals("only the first batch is recorded", 1, Jobs.batches(s.config));
        s.recover();
    }

    @Test
    public void afterSomePartitionsObjectsAreWritten() {
        Scenario s = new Scenario();
        s.crashAt(FaultPoints.Point.AFTER_SOME_OBJECTS);
        assertEquals(1, Jobs.batches(s.config));
        String log = s.recover();
        assertTrue("the crashed batch's objects were removed before the re-run:\n" + log,
                log.contains("written by a batch that did not reach the ledger"));
    }

    @Test
    public void afterAllObjectsBeforeTheLedgerEntry() {
        Scenario s = new Scenario();
        s.crashAt(FaultPoints.Point.AFTER_OBJECTS_BEFORE_LEDGER);
        assertEquals(1, Jobs.batches(s.config));
        String log = s.recover();
        assertTrue(log, log.contains("written by a batch that did not reach the ledger"));
    }

    @Test
    public void afterTheLedgerEntryBeforeTheCommit() {
        // compaction every 2 entries: the restart resumes from a snapshot (of the seed and batch 1) and the entry after it
        Scenario s = new Scenario(Map.of("ledger.snapshot.interval", "2"));
        s.crashAt(FaultPoints.Point.AFTER_LEDGER_BEFORE_COMMIT);
        var client = SharedServices.s3().client();
        try {
            assertEquals(2, new LedgerStore(client, s.config.output()).readSnapshot().get().lastSequence());
        } finally {
            client.shutdown();
        }
        LedgerState ledger = Jobs.ledger(s.config);
        assertEquals(2, Jobs.batches(s.config));
        try (var admin = Jobs.admin(s.config.groupId())) {
            Map<TopicPartition, Long> committed = admin.committed(s.partitions);
            boolean behind = s.partitions.stream().anyMatch(tp -> committed.getOrDefault(tp, 0L)
                    < ledger.endOffset(tp).orElse(0L));
            assertTrue("Kafka's committed offsets lag the ledger: " + committed + " vs " + ledger.endOffsets(), behind);
        }
        // recover() checks that every partition resumed from the ledger, not from the lagging committed offsets
        s.recover();
    }

    @Test
    public void afterTheCommit() {
        Scenario s = new Scenario();
        s.crashAt(FaultPoints.Point.AFTER_COMMIT);
        // batch 2's commit is confirmed at a later batch's poll, so later batches may be recorded by then
        assertTrue(Jobs.batches(s.config) >= 2);
        s.recover();
    }
}
