package io.directstream.replay;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import com.amazonaws.services.s3.AmazonS3;
import com.amazonaws.services.s3.model.ListObjectsV2Request;
import com.amazonaws.services.s3.model.ListObjectsV2Result;
import com.amazonaws.services.s3.model.S3ObjectSummary;
import com.fasterxml.jackson.databind.JsonNode;
import io.directstream.config.JobConfig;
import io.directstream.config.S3Location;
import io.directstream.job.ExitCodes;
import io.directstream.local.ArchiveVerifier;
import io.directstream.local.SampleProducer;
import io.directstream.source.KafkaAdmin;
import io.directstream.testing.Capture;
import io.directstream.testing.Jobs;
import io.directstream.testing.SharedServices;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
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
            if (!o.getKey().contains("/_")) {
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
}
