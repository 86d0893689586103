package io.directstream.trigger;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import com.amazonaws.services.s3.AmazonS3;
import com.amazonaws.services.s3.model.ListObjectsV2Request;
import com.amazonaws.services.s3.model.ListObjectsV2Result;
import com.amazonaws.services.s3.model.S3ObjectSummary;
import io.directstream.config.JobConfig;
import io.directstream.job.JobResult;
import io.directstream.ledger.LedgerEntry;
import io.directstream.ledger.LedgerStore;
import io.directstream.ledger.TriggerCounts;
import io.directstream.local.ArchiveVerifier;
import io.directstream.local.SampleProducer;
import io.directstream.testing.CoordinatesTrigger;
import io.directstream.testing.Jobs;
import io.directstream.testing.SharedServices;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.common.TopicPartition;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;

/** Per-message triggers in every mode, against the real broker and S3 server. */
public class TriggerModesIT {
    private static final int RECORDS = 600;
    private static AmazonS3 s3;

    @BeforeClass
    public static void setUp() {
        s3 = SharedServices.s3().client();
    }

    @AfterClass
    public static void tearDown() {
        s3.shutdown();
    }

    private static String topic(int partitions, int records) {
        String t = SharedServices.unique("triggers");
        SharedServices.kafka().createTopic(t, partitions);
        SampleProducer.produce(SharedServices.kafka().bootstrapServers(), List.of(t), 0, records);
        return t;
    }

    private static Map<String, String> props(String topic, String mode, String... kv) {
        Map<String, String> p = SharedServices.jobConfig(topic, SharedServices.unique("group"), SharedServices.unique(mode));
        p.put("trigger.class", CoordinatesTrigger.class.getName());
        p.put("stream.max.rate.per.partition", "200");
        for (int i = 0; i < kv.length; i += 2) {
            p.put(kv[i], kv[i + 1]);
        }
        return p;
    }

    /**
     * Every object under the job's {@code _triggers/}: key relative to it → content. Only once the job has stopped:
     * while it runs, an object being written may be listed before it can be read.
     */
    static Map<String, String> triggerObjects(AmazonS3 s3, JobConfig config) {
        String prefix = config.output().key("_triggers/");
        Map<String, String> objects = new TreeMap<>();
        for (String key : triggerKeys(s3, config)) {
            objects.put(key, s3.getObjectAsString(config.output().bucket(), prefix + key));
        }
        return objects;
    }

    /** The keys under the job's {@code _triggers/}, relative to it (safe while the job runs). */
    static List<String> triggerKeys(AmazonS3 s3, JobConfig config) {
        String prefix = config.output().key("_triggers/");
        List<String> keys = new ArrayList<>();
        ListObjectsV2Request req = new ListObjectsV2Request().withBucketName(config.output().bucket()).withPrefix(prefix);
        ListObjectsV2Result page;
        do {
            page = s3.listObjectsV2(req);
            for (S3ObjectSummary o : page.getObjectSummaries()) {
                keys.add(o.getKey().substring(prefix.length()));
            }
            req.setContinuationToken(page.getNextContinuationToken());
        } while (page.isTruncated());
        return keys;
    }

    static List<LedgerEntry> batches(AmazonS3 s3, JobConfig config) {
        List<LedgerEntry> out = new ArrayList<>();
        for (Iterator<LedgerEntry> it = new LedgerStore(s3, config.output()).history(); it.hasNext(); ) {
            LedgerEntry e = it.next();
            if (e.type() == LedgerEntry.Type.BATCH) {
                out.add(e);
            }
        }
        return out;
    }

    /** One result or one dead letter per message, never both, and the ledger's counts say the same. */
    static void assertEachMessageOnce(Map<String, String> objects, List<LedgerEntry> batches, long messages) {
        long results = objects.keySet().stream().filter(k -> !k.startsWith("_dead-letter/")).count();
        long dead = objects.keySet().stream().filter(k -> k.startsWith("_dead-letter/")).count();
        assertEquals("one object per message", messages, results + dead);
        for (String k : objects.keySet()) {
            if (!k.startsWith("_dead-letter/")) {
                String twin = "_dead-letter/" + k.replaceAll("\\.txt$", ".json");
                assertFalse("both a result and a dead letter for " + k, objects.containsKey(twin));
            }
        }
        long done = 0;
        long deadLettered = 0;
        for (LedgerEntry e : batches) {
            TriggerCounts t = e.triggers().orElseThrow(() -> new AssertionError("no trigger counts in " + e));
            assertEquals("trigger counts of " + e, e.records(), t.messages());
            done += t.done();
            deadLettered += t.deadLettered();
        }
        assertEquals(results, done);
        assertEquals(dead, deadLettered);
    }

    @Test
    public void everyModeWritesTheSameObjectsAndRecordsItsCountsInTheLedger() {
        String topic = topic(3, RECORDS);
        List<TopicPartition> partitions = Jobs.partitions(List.of(topic));
        Map<String, String> reference = null;
        String[][] modes = {
                {"trigger.mode", "executor"},
                {"trigger.mode", "driver", "trigger.driver.threads", "3"},
                {"trigger.mode", "chunked", "trigger.chunk.size", "7"},
                {"trigger.mode", "chunked", "trigger.chunk.on", "driver", "trigger.chunk.size", "7"},
                // a batch of 600 brought to the driver 100 at a time
                {"trigger.mode", "driver", "trigger.driver.max.messages", "100"},
        };
        for (String[] mode : modes) {
            Map<String, String> props = props(topic, mode[1], mode);
            props.put("stream.max.rate.per.partition", "10000");
            JobConfig config = Jobs.config(props);
            JobResult result = Jobs.run(props);
            assertEquals(String.join(" ", mode) + ": " + result, 0, result.exitCode());
            Map<String, String> objects = triggerObjects(s3, config);
            List<LedgerEntry> batches = batches(s3, config);
            assertEachMessageOnce(objects, batches, RECORDS);
            // offsets 3 mod 7 are dead-lettered, in all three partitions
            assertTrue(objects.keySet().stream().anyMatch(k -> k.startsWith("_dead-letter/")));
            assertTrue(objects.get("topic=" + topic + "/partition=1/" + topic + "+1+00000000000000000000.txt")
                    .startsWith(topic + "-1@0 "));
            if (reference == null) {
                reference = objects;
            } else {
                assertEquals("the same objects, byte for byte, in mode " + String.join(" ", mode), reference, objects);
            }
            String label = config.triggers().get().label();
            for (LedgerEntry e : batches) {
                TriggerCounts t = e.triggers().get();
                assertEquals(label, t.mode());
                int expectedSlices = config.triggers().get().runsOn() == io.directstream.process.TriggerSettings.Where.DRIVER
                        ? (int) Math.ceil(e.records() / (double) config.triggers().get().driverMaxMessages()) : 0;
                assertEquals("slices of " + e + " in " + label, expectedSlices, t.slices());
            }
            if (mode.length == 4 && mode[3].equals("100")) {
                assertTrue("the 600 messages took at least 6 slices",
                        batches.stream().mapToInt(e -> e.triggers().get().slices()).sum() >= 6);
            }
            ArchiveVerifier.Report archive = Jobs.verify(config, partitions);
            assertTrue(archive.toString(), archive.problems().isEmpty());
            assertEquals(RECORDS, archive.archived());
            String audit = audit(props);
            long dead = objects.keySet().stream().filter(k -> k.startsWith("_dead-letter/")).count();
            assertTrue(audit, audit.contains("Triggers: " + (RECORDS - dead) + " messages done, " + dead
                    + " dead-lettered (" + label + " mode)"));
            assertTrue(audit, audit.contains("Result: CLEAN"));
        }
    }

    /** bin/offset-audit's text report of the job's location. */
    private static String audit(Map<String, String> props) {
        List<String> args = new ArrayList<>();
        props.forEach((k, v) -> args.add(k + "=" + v));
        args.add("--check-objects");
        args.add("none");
        java.io.StringWriter out = new java.io.StringWriter();
        int code = io.directstream.audit.AuditMain.run(args.toArray(new String[0]), new java.io.PrintWriter(out));
        assertEquals(out.toString(), 0, code);
        return out.toString();
    }

    @Test
    public void aTriggerThatThrowsFailsTheBatchAndTheRestartRunsItAgainWithEachOutputOnce() throws Exception {
        for (String mode : new String[] {"executor", "driver"}) {
            String topic = topic(2, 200);
            Path marker = Files.createTempFile(SharedServices.work(), "trigger-failure", ".marker");
            Files.delete(marker);
            Map<String, String> props = props(topic, mode, "trigger.mode", mode, "trigger.conf.fail.offset", "40",
                    "trigger.conf.fail.marker", marker.toString());
            props.put("stream.max.rate.per.partition", "30");
            JobConfig config = Jobs.config(props);

            JobResult failed = Jobs.run(props);
            assertEquals(mode + ": the batch with the failing message fails the run: " + failed, 1, failed.exitCode());
            assertTrue(Files.exists(marker));
            StringBuilder why = new StringBuilder();
            for (Throwable t = failed.failure().orElse(null); t != null; t = t.getCause()) {
                why.append(t).append('\n');
            }
            assertTrue(why.toString(), why.toString().contains("planned failure at " + topic + "-0@40"));
            long recordedBefore = batches(s3, config).stream().mapToLong(LedgerEntry::records).sum();
            assertTrue("the failed batch is not recorded: " + recordedBefore, recordedBefore < 200);

            JobResult resumed = Jobs.run(props);
            assertEquals(mode + ": " + resumed, 0, resumed.exitCode());
            assertEachMessageOnce(triggerObjects(s3, config), batches(s3, config), 200);
            ArchiveVerifier.Report archive = Jobs.verify(config, Jobs.partitions(List.of(topic)));
            assertTrue(archive.toString(), archive.problems().isEmpty());
        }
    }
}
