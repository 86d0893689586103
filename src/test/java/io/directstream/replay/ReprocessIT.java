package io.directstream.replay;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import com.amazonaws.services.s3.AmazonS3;
import com.amazonaws.services.s3.model.ListObjectsV2Request;
import com.amazonaws.services.s3.model.ListObjectsV2Result;
import com.amazonaws.services.s3.model.S3ObjectSummary;
import com.fasterxml.jackson.databind.JsonNode;
import io.directstream.cli.ExitCodes;
import io.directstream.config.JobConfig;
import io.directstream.local.ArchiveVerifier;
import io.directstream.local.SampleProducer;
import io.directstream.source.KafkaAdmin;
import io.directstream.storage.S3Location;
import io.directstream.testing.Capture;
import io.directstream.testing.Jobs;
import io.directstream.testing.SharedServices;
import io.directstream.testing.SlowProcessor;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.TopicPartition;
import org.junit.Test;

/** bin/reprocess over bounded ranges, against the real broker and S3 server. */
public class ReprocessIT {
    private static Object[] reprocess(Map<String, String> props, String... options) {
        List<String> args = new ArrayList<>();
        props.forEach((k, v) -> args.add(k + "=" + v));
        args.addAll(List.of(options));
        return Capture.stdout(() -> ReprocessMain.run(args.toArray(new String[0])));
    }

    /** Every archived JSON line under {@code root} (ledger and dead letters excluded), by "topic-partition@offset". */
    private static Map<String, JsonNode> lines(AmazonS3 s3, S3Location root) {
        Map<String, JsonNode> out = new TreeMap<>();
        for (String key : keys(s3, root)) {
            ArchiveVerifier.readObject(s3, root.bucket(), key, n -> {
                JsonNode previous = out.put(n.get("topic").asText() + "-" + n.get("partition").asInt() + "@"
                        + n.get("offset").asLong(), n);
                if (previous != null) {
                    throw new AssertionError("archived twice under " + root + ": " + n);
                }
            });
        }
        return out;
    }

    private static Map<String, String> etags(AmazonS3 s3, S3Location root) {
        Map<String, String> m = new TreeMap<>();
        for (S3ObjectSummary o : summaries(s3, root)) {
            // relative to the root: a replay's own root lies under _replay/, its objects must still count
            if (!o.getKey().substring(root.key("").length()).startsWith("_")) {
                m.put(o.getKey(), o.getETag());
            }
        }
        return m;
    }

    private static List<String> keys(AmazonS3 s3, S3Location root) {
        List<String> keys = new ArrayList<>();
        for (S3ObjectSummary o : summaries(s3, root)) {
            String rel = o.getKey().substring(root.key("").length());
            if (!rel.startsWith("_")) {
                keys.add(o.getKey());
            }
        }
        return keys;
    }

    private static List<S3ObjectSummary> summaries(AmazonS3 s3, S3Location root) {
        List<S3ObjectSummary> all = new ArrayList<>();
        ListObjectsV2Request req = new ListObjectsV2Request().withBucketName(root.bucket()).withPrefix(root.key(""));
        ListObjectsV2Result page;
        do {
            page = s3.listObjectsV2(req);
            all.addAll(page.getObjectSummaries());
            req.setContinuationToken(page.getNextContinuationToken());
        } while (page.isTruncated());
        return all;
    }

    @Test
    public void aBoundedReprocessEqualsTheStreamingOutputAndIsRepeatable() {
        String topic = SharedServices.unique("reproc");
        SharedServices.kafka().createTopic(topic, 3);
        SampleProducer.produce(SharedServices.kafka().bootstrapServers(), List.of(topic), 0, 3000);
        Map<String, String> props = SharedServices.jobConfig(topic, SharedServices.unique("group"), topic);
        props.put("stream.max.rate.per.partition", "300");
        JobConfig config = Jobs.config(props);
        assertEquals(ExitCodes.OK, Jobs.run(props).exitCode());
        Map<TopicPartition, Long> committedBefore;
        try (KafkaAdmin admin = Jobs.admin(config.groupId())) {
            committedBefore = admin.committed(Jobs.partitions(List.of(topic)));
        }

        Object[] r = reprocess(props, "--from", "earliest", "--until", "latest", "--chunk-records", "400",
                "--wave-chunks", "2", "--name", "all");
        String out = (String) r[1];
        assertEquals(out, 0, r[0]);
        assertTrue(out, out.contains("reprocess all done: 3,000 records"));
        S3Location replay = config.output().resolve("_replay/all");
        AmazonS3 s3 = SharedServices.s3().client();
        try {
            Map<String, JsonNode> streamed = lines(s3, config.output());
            Map<String, JsonNode> replayed = lines(s3, replay);
            assertEquals(3000, streamed.size());
            assertEquals("reprocessing gives what the streaming job gave, record by record", streamed, replayed);
            assertTrue("chunks of 400 offsets", keys(s3, replay).stream().anyMatch(k -> k.endsWith("+00000000000000000400.jsonl")));
            try (KafkaAdmin admin = Jobs.admin(config.groupId())) {
                assertEquals("the live job's group is untouched", committedBefore,
                        admin.committed(Jobs.partitions(List.of(topic))));
            }

            Map<String, String> first = etags(s3, replay);
            assertTrue("the replay wrote objects", first.size() >= 3);

            // a replay of part of the range, audited where it lies: against Kafka's log, not the live job's group
            String partTopicOffsets = "{\"" + topic + "\":{\"0\":200,\"1\":200,\"2\":200}}";
            r = reprocess(props, "--from", "earliest", "--until", partTopicOffsets, "--name", "part");
            assertEquals((String) r[1], 0, r[0]);
            Map<String, String> auditProps = new java.util.HashMap<>(props);
            auditProps.put("output.location", config.output().resolve("_replay/part").toString());
            java.util.List<String> args = new java.util.ArrayList<>();
            auditProps.forEach((k, v) -> args.add(k + "=" + v));
            java.io.StringWriter report = new java.io.StringWriter();
            int code = io.directstream.audit.AuditMain.run(args.toArray(new String[0]), new java.io.PrintWriter(report));
            assertEquals(report.toString(), 0, code);
            assertTrue(report.toString(), report.toString().contains("Result: CLEAN"));
            assertTrue(report.toString(), report.toString().contains("a replay location"));
            assertFalse(report.toString(), report.toString().contains("committed-beyond-ledger"));
            r = reprocess(props, "--from", "earliest", "--until", "latest", "--chunk-records", "400", "--name", "all");
            assertTrue((String) r[1], ((String) r[1]).contains("nothing to do"));
            r = reprocess(props, "--from", "earliest", "--until", "latest", "--chunk-records", "400", "--name", "all",
                    "--restart");
            assertEquals((String) r[1], 0, r[0]);
            assertEquals("the same range twice gives the same objects", first, etags(s3, replay));
        } finally {
            s3.shutdown();
        }
    }

    @Test
    public void aRangeBetweenOffsetsOnlyWritesThoseOffsets() {
        String topic = SharedServices.unique("reproc-part");
        SharedServices.kafka().createTopic(topic, 2);
        SampleProducer.produce(SharedServices.kafka().bootstrapServers(), List.of(topic), 0, 1000);
        Map<String, String> props = SharedServices.jobConfig(topic, SharedServices.unique("group"), topic);
        JobConfig config = Jobs.config(props);
        Object[] r = reprocess(props, "--from", "{\"" + topic + "\":{\"1\":100}}", "--until", "{\"" + topic + "\":{\"1\":250}}");
        assertEquals((String) r[1], 0, r[0]);
        AmazonS3 s3 = SharedServices.s3().client();
        try {
            String name = ((String) r[1]).replaceAll("(?s).*reprocess (range-[0-9a-f]{16}) done.*", "$1");
            Map<String, JsonNode> got = lines(s3, config.output().resolve("_replay/" + name));
            assertEquals(150, got.size());
            Map<String, Integer> partitions = new HashMap<>();
            got.keySet().forEach(k -> partitions.merge(k.substring(0, k.indexOf('@')), 1, Integer::sum));
            assertEquals(Map.of(topic + "-1", 150), partitions);
            assertTrue(got.containsKey(topic + "-1@100") && got.containsKey(topic + "-1@249") && !got.containsKey(topic + "-1@250"));
        } finally {
            s3.shutdown();
        }
        assertTrue("the live job's ledger is untouched", Jobs.ledger(config).isEmpty());
    }

    private static Object[] reprocessBoth(Map<String, String> props, String... options) {
        List<String> args = new ArrayList<>();
        props.forEach((k, v) -> args.add(k + "=" + v));
        args.addAll(List.of(options));
        return Capture.both(() -> ReprocessMain.run(args.toArray(new String[0])));
    }

    @Test
    public void aRangeTheWrongWayRoundIsRefused() {
        String topic = SharedServices.unique("reproc-backwards");
        SharedServices.kafka().createTopic(topic, 1);
        SampleProducer.produce(SharedServices.kafka().bootstrapServers(), List.of(topic), 0, 100);
        Map<String, String> props = SharedServices.jobConfig(topic, SharedServices.unique("group"), topic);
        Object[] r = reprocessBoth(props, "--from", "{\"" + topic + "\":{\"0\":80}}", "--until",
                "{\"" + topic + "\":{\"0\":20}}");
        assertEquals((String) r[2], 2, r[0]);
        assertTrue((String) r[2], ((String) r[2]).contains("for " + topic + "-0 it resolves to offset 20, before 80 (the "
                + "range is the wrong way round)"));
    }

    @Test
    public void anOutputOverTheLiveLocationIsRefusedAndRestartDeletesOnlyItsOwnFolder() {
        String topic = SharedServices.unique("reproc-safe");
        SharedServices.kafka().createTopic(topic, 1);
        SampleProducer.produce(SharedServices.kafka().bootstrapServers(), List.of(topic), 0, 1500);
        Map<String, String> props = SharedServices.jobConfig(topic, SharedServices.unique("group"), topic);
        JobConfig config = Jobs.config(props);
        assertEquals(ExitCodes.OK, Jobs.run(props).exitCode());
        AmazonS3 s3 = SharedServices.s3().client();
        try {
            Map<String, String> live = etags(s3, config.output());
            for (String output : new String[] {config.output().toString(), "s3://" + SharedServices.BUCKET,
                    config.output() + "/topic=" + topic}) {
                Object[] r = reprocessBoth(props, "--from", "earliest", "--output", output, "--restart");
                assertEquals((String) r[2], ExitCodes.CONFIG, r[0]);
                assertTrue((String) r[2], ((String) r[2]).contains("overlaps the live job's output.location"));
            }
            assertEquals("the live archive is untouched", live, etags(s3, config.output()));
            assertEquals(1, Jobs.batches(config));

            // "a" and "ab" share a key prefix, not a folder
            assertEquals(0, reprocess(props, "--from", "earliest", "--name", "ab", "--chunk-records", "500")[0]);
            S3Location ab = config.output().resolve("_replay/ab");
            Map<String, String> abBefore = etags(s3, ab);
            assertEquals(3, abBefore.size());
            // a named replay that ended inside a chunk, run again with a later end: nothing skipped
            String tp = "{\"" + topic + "\":{\"0\":";
            assertEquals(0, reprocess(props, "--from", "earliest", "--until", tp + "1050}}", "--name", "a",
                    "--chunk-records", "500")[0]);
            assertEquals(0, reprocess(props, "--from", "earliest", "--name", "a", "--chunk-records", "500")[0]);
            S3Location a = config.output().resolve("_replay/a");
            assertEquals(1500, lines(s3, a).size());
            Object[] r = reprocess(props, "--from", "earliest", "--name", "a", "--chunk-records", "500", "--restart");
            assertEquals((String) r[1], 0, r[0]);
            assertEquals(1500, lines(s3, a).size());
            assertEquals("the sibling replay ab is untouched", abBefore, etags(s3, ab));
        } finally {
            s3.shutdown();
        }
    }

    @Test
    public void aReprocessLongerThanItsLeaseRenewsItAndASecondOfTheSameNameIsRefused() throws Exception {
        String topic = SharedServices.unique("reproc-long");
        SharedServices.kafka().createTopic(topic, 1);
        SampleProducer.produce(SharedServices.kafka().bootstrapServers(), List.of(topic), 0, 1000);
        Map<String, String> props = SharedServices.jobConfig(topic, SharedServices.unique("group"), topic);
        props.put("process.class", SlowProcessor.class.getName());
        props.put("processor.sleep.ms", "20");
        // the holder gives up 16/2 - 1 = 7 s after its last renewal: without renewals the waves after 7 s would fail
        props.put("job.lease.timeout", "16s");
        props.put("s3.retry.budget", "1s");
        JobConfig config = Jobs.config(props);
        List<String> args = new ArrayList<>();
        props.forEach((k, v) -> args.add(k + "=" + v));
        args.addAll(List.of("--from", "earliest", "--name", "long", "--chunk-records", "100", "--wave-chunks", "1"));
        long started = System.nanoTime();
        CompletableFuture<Integer> first = CompletableFuture.supplyAsync(
                () -> ReprocessMain.run(args.toArray(new String[0])));
        S3Location out = config.output().resolve("_replay/long");
        Jobs.await("the first wave recorded", Duration.ofSeconds(60), () -> {
            if (first.isDone()) {
                throw new AssertionError("the first reprocess ended early: " + first.join());
            }
            return ledgerOf(out).lastSequence() >= 1;
        });
        Map<String, String> second = new HashMap<>(props);
        second.put("job.lease.wait", "2s");
        Object[] r = reprocessBoth(second, "--from", "earliest", "--name", "long", "--chunk-records", "100");
        assertEquals((String) r[2], ExitCodes.UNAVAILABLE, r[0]);
        assertTrue((String) r[2], ((String) r[2]).contains("Another instance of the job holds the output location: run reprocess-"));

        assertEquals(Integer.valueOf(0), first.get(120, TimeUnit.SECONDS));
        long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started);
        assertTrue("the run lasted longer than its lease time (" + seconds + " s)", seconds > 16);
        AmazonS3 s3 = SharedServices.s3().client();
        try {
            assertEquals(1000, lines(s3, out).size());
        } finally {
            s3.shutdown();
        }
    }

    private static io.directstream.ledger.LedgerState ledgerOf(S3Location out) {
        AmazonS3 s3 = SharedServices.s3().client();
        try {
            return new io.directstream.ledger.LedgerStore(s3, out).load();
        } finally {
            s3.shutdown();
        }
    }
}
