package io.directstream.local;

import com.amazonaws.services.s3.AmazonS3;
import com.amazonaws.services.s3.model.ListObjectsV2Request;
import com.amazonaws.services.s3.model.ListObjectsV2Result;
import com.amazonaws.services.s3.model.S3Object;
import com.amazonaws.services.s3.model.S3ObjectSummary;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.directstream.storage.S3Location;
import io.directstream.ledger.LedgerEntry;
import io.directstream.ledger.LedgerRange;
import io.directstream.ledger.LedgerStore;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.GZIPInputStream;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Proves the exactly-once claim on real data: reads every record of the given partitions from Kafka with a plain
 * consumer, reads every JSON line of the S3 archive and of its dead letters, and compares record by record (key,
 * value and headers, byte for byte): each record exactly once across both. Also checks the ledger against Kafka and
 * the objects: per partition, ranges contiguous from where the job first started to the end, every object it lists
 * present with the recorded number of lines, and no object it does not list.
 */
public final class ArchiveVerifier {
    private static final ObjectMapper JSON = new ObjectMapper();

    private ArchiveVerifier() {
    }

    /** What was compared and what was wrong; {@link #problems()} is empty when the archive is exactly once. */
    public static final class Report {
        private long expected;
        private long archived;
        private final List<String> problems = new ArrayList<>();
        private final Map<TopicPartition, Long> ledgerEnds = new TreeMap<>(
                java.util.Comparator.comparing(TopicPartition::topic).thenComparingInt(TopicPartition::partition));

        public long expected() {
            return expected;
        }

        /** Archived records within the compared offsets (those before {@code from} or after {@code until} not counted). */
        public long archived() {
            return archived;
        }

        public List<String> problems() {
            return problems;
        }

        public Map<TopicPartition, Long> ledgerEnds() {
            return ledgerEnds;
        }

        void problem(String p) {
            if (problems.size() < 50) {
                problems.add(p);
            } else if (problems.size() == 50) {
                problems.add("... more problems not listed");
            }
        }

        @Override
        public String toString() {
            return "expected " + expected + " records, archived " + archived + ", problems " + problems;
        }
    }

    /**
     * Compares partitions' records in [from, logEnd) (from = the first offset of each partition, 0 unless given) with the
     * archive and ledger under {@code output}.
     */
    public static Report verify(String bootstrap, Collection<TopicPartition> partitions, Map<TopicPartition, Long> from,
                                AmazonS3 s3, S3Location output) {
        return verify(bootstrap, partitions, from, Map.of(), s3, output);
    }

    /**
     * As {@link #verify}, comparing only offsets below {@code until} where given (the rest is not yet processed).
     * Records count wherever they were archived, in data objects and in dead letters ({@code _dead-letter/}): each
     * Kafka record must be in exactly one of them. The ledger is checked against the objects: every object it lists
     * (and a replay has not replaced) exists with the recorded number of lines, no object of these partitions exists
     * that it does not list (so nothing was written at or beyond its end), each partition's ranges are contiguous, and
     * its first range starts where the job first started (offset 0 here; see the next method).
     */
    public static Report verify(String bootstrap, Collection<TopicPartition> partitions, Map<TopicPartition, Long> from,
                                Map<TopicPartition, Long> until, AmazonS3 s3, S3Location output) {
        return verify(bootstrap, partitions, from, until, Map.of(), s3, output);
    }

    /** As above; {@code firstStarts} says where the job first started each partition (0 where not given). */
    public static Report verify(String bootstrap, Collection<TopicPartition> partitions, Map<TopicPartition, Long> from,
                                Map<TopicPartition, Long> until, Map<TopicPartition, Long> firstStarts, AmazonS3 s3,
                                S3Location output) {
        Report report = new Report();
        Map<TopicPartition, Map<Long, byte[]>> kafka = readKafka(bootstrap, partitions, from);
        until.forEach((tp, end) -> {
            Map<Long, byte[]> m = kafka.get(tp);
            if (m != null) {
                m.keySet().removeIf(o -> o >= end);
            }
        });
        kafka.values().forEach(m -> report.expected += m.size());
        Map<TopicPartition, Map<Long, Integer>> seen = new HashMap<>();
        Map<String, Long> lines = new TreeMap<>();
        for (String key : listArchive(s3, output)) {
            long[] n = {0};
            readObject(s3, output.bucket(), key, node -> {
                n[0]++;
                TopicPartition tp = new TopicPartition(node.get("topic").asText(), node.get("partition").asInt());
                long offset = node.get("offset").asLong();
                if (offset >= from.getOrDefault(tp, 0L) && offset < until.getOrDefault(tp, Long.MAX_VALUE)) {
                    report.archived++;
                }
                int times = seen.computeIfAbsent(tp, k -> new HashMap<>()).merge(offset, 1, Integer::sum);
                if (times == 2) {
                    report.problem("duplicate: " + tp + " offset " + offset + " archived more than once (" + key
                            + "; data and dead-letter objects count alike)");
                }
                Map<Long, byte[]> expected = kafka.get(tp);
                byte[] want = expected == null ? null : expected.get(offset);
                if (want == null) {
                    if (expected != null && offset >= from.getOrDefault(tp, 0L)
                            && offset < until.getOrDefault(tp, Long.MAX_VALUE)) {
                        report.problem("unexpected: " + tp + " offset " + offset + " is archived but not in Kafka");
                    }
                } else if (!MessageDigest.isEqual(want, fingerprint(node))) {
                    report.problem("mismatch: " + tp + " offset " + offset + " differs from the Kafka record");
                }
            });
            lines.put(key, n[0]);
        }
        kafka.forEach((tp, records) -> {
            Map<Long, Integer> got = seen.getOrDefault(tp, Map.of());
            for (Long offset : records.keySet()) {
                if (!got.containsKey(offset)) {
                    report.problem("missing: " + tp + " offset " + offset + " is in Kafka but not archived");
                }
            }
        });
        checkLedger(s3, output, report, partitions, firstStarts, lines);
        return report;
    }

    /** An object the ledger lists: its partition, first offset and recorded number of lines. */
    private record Listed(TopicPartition tp, long from, long lines) {
    }

    private static void checkLedger(AmazonS3 s3, S3Location output, Report report, Collection<TopicPartition> partitions,
                                    Map<TopicPartition, Long> firstStarts, Map<String, Long> lines) {
        Map<TopicPartition, Long> ends = report.ledgerEnds;
        Map<TopicPartition, Long> firsts = new HashMap<>();
        Map<String, Listed> listed = new TreeMap<>();
        Iterator<LedgerEntry> it = new LedgerStore(s3, output).history();
        while (it.hasNext()) {
            LedgerEntry e = it.next();
            for (LedgerRange r : e.ranges()) {
                TopicPartition tp = r.topicPartition();
                firsts.putIfAbsent(tp, r.fromOffset());
                if (e.type() == LedgerEntry.Type.REPLAY) {
                    // the replay removed the objects of those offsets; the re-run lists its own
                    listed.values().removeIf(l -> l.tp().equals(tp) && l.from() >= r.fromOffset());
                    ends.put(tp, r.fromOffset());
                    continue;
                }
                Long end = ends.get(tp);
                if (end != null && end != r.fromOffset()) {
                    report.problem("ledger: " + r + " in entry " + e.sequence() + " does not start at the previous end "
                            + end);
                }
                ends.put(tp, r.untilOffset());
                r.objectKey().ifPresent(k -> listed.put(k, new Listed(tp, r.fromOffset(), r.outputRecords())));
                r.deadLetterKey().ifPresent(k -> listed.put(k, new Listed(tp, r.fromOffset(), r.deadLetters())));
            }
        }
        for (TopicPartition tp : partitions) {
            Long first = firsts.get(tp);
            long want = firstStarts.getOrDefault(tp, 0L);
            if (first != null && first != want) {
                report.problem("ledger: the first range of " + tp + " starts at " + first + ", not where the job "
                        + "first started (" + want + ")");
            }
        }
        listed.forEach((key, l) -> {
            if (!partitions.contains(l.tp())) {
                return;
            }
            Long n = lines.get(key);
            if (n == null) {
                report.problem("ledger: lists s3://" + output.bucket() + "/" + key + ", which does not exist");
            } else if (n != l.lines()) {
                report.problem("ledger: s3://" + output.bucket() + "/" + key + " holds " + n + " lines, the ledger "
                        + "recorded " + l.lines());
            }
        });
        for (String key : lines.keySet()) {
            if (!listed.containsKey(key) && partitions.stream().anyMatch(tp -> key.contains("/partition="
                    + tp.partition() + "/" + tp.topic() + "+" + tp.partition() + "+"))) {
                report.problem("unlisted: s3://" + output.bucket() + "/" + key + " is not listed by the ledger "
                        + "(written by a batch that was never recorded, or left by an earlier attempt)");
            }
        }
    }

    private static Map<TopicPartition, Map<Long, byte[]>> readKafka(String bootstrap, Collection<TopicPartition> partitions,
                                                                   Map<TopicPartition, Long> from) {
        Map<String, Object> conf = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false, ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000);
        Map<TopicPartition, Map<Long, byte[]>> out = new HashMap<>();
        try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(conf, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> tps = new ArrayList<>(partitions);
            c.assign(tps);
            Map<TopicPartition, Long> ends = c.endOffsets(tps);
            for (TopicPartition tp : tps) {
                long start = Math.max(from.getOrDefault(tp, 0L), c.beginningOffsets(List.of(tp)).get(tp));
                c.seek(tp, start);
                out.put(tp, new HashMap<>());
            }
            long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
            while (!caughtUp(c, tps, ends)) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("could not read " + tps + " to their ends within 5 minutes");
                }
                for (ConsumerRecord<byte[], byte[]> r : c.poll(Duration.ofMillis(500))) {
                    TopicPartition tp = new TopicPartition(r.topic(), r.partition());
                    if (r.offset() < ends.get(tp)) {
                        out.get(tp).put(r.offset(), fingerprint(r));
                    }
                }
            }
        }
        return out;
    }

    private static boolean caughtUp(KafkaConsumer<?, ?> c, List<TopicPartition> tps, Map<TopicPartition, Long> ends) {
        for (TopicPartition tp : tps) {
            if (c.position(tp) < ends.get(tp)) {
                return false;
            }
        }
        return true;
    }

    private static List<String> listArchive(AmazonS3 s3, S3Location output) {
        List<String> keys = new ArrayList<>();
        String prefix = output.key("");
        ListObjectsV2Request req = new ListObjectsV2Request().withBucketName(output.bucket()).withPrefix(prefix);
        ListObjectsV2Result page;
        do {
            page = s3.listObjectsV2(req);
            for (S3ObjectSummary o : page.getObjectSummaries()) {
                String rel = o.getKey().substring(prefix.length());
                if (!rel.startsWith("_") || rel.startsWith("_dead-letter/")) {
                    keys.add(o.getKey());
                }
            }
            req.setContinuationToken(page.getNextContinuationToken());
        } while (page.isTruncated());
        return keys;
    }

    /** Calls {@code each} for every JSON line of an archive object (gzip or plain). */
    public static void readObject(AmazonS3 s3, String bucket, String key, java.util.function.Consumer<JsonNode> each) {
        try (S3Object o = s3.getObject(bucket, key)) {
            InputStream in = o.getObjectContent();
            if (key.endsWith(".gz")) {
                in = new GZIPInputStream(in);
            }
            BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            String line;
            while ((line = r.readLine()) != null) {
                if (!line.isEmpty()) {
                    each.accept(JSON.readTree(line));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("reading s3://" + bucket + "/" + key, e);
        }
    }

    static byte[] fingerprint(ConsumerRecord<byte[], byte[]> r) {
        MessageDigest d = sha256();
        field(d, r.key());
        field(d, r.value());
        for (Header h : r.headers()) {
            field(d, h.key().getBytes(StandardCharsets.UTF_8));
            field(d, h.value());
        }
        return d.digest();
    }

    static byte[] fingerprint(JsonNode n) {
        MessageDigest d = sha256();
        field(d, bytes(n, "key", "keyEncoding"));
        field(d, bytes(n, "value", "valueEncoding"));
        for (JsonNode h : n.get("headers")) {
            field(d, h.get("key").asText().getBytes(StandardCharsets.UTF_8));
            field(d, bytes(h, "value", "encoding"));
        }
        return d.digest();
    }

    private static byte[] bytes(JsonNode n, String field, String encodingField) {
        JsonNode v = n.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        JsonNode enc = n.get(encodingField);
        return enc != null && "base64".equals(enc.asText()) ? Base64.getDecoder().decode(v.asText())
                : v.asText().getBytes(StandardCharsets.UTF_8);
    }

    private static void field(MessageDigest d, byte[] b) {
        if (b == null) {
            d.update((byte) 0);
        } else {
            d.update((byte) 1);
            d.update(java.nio.ByteBuffer.allocate(4).putInt(b.length).array());
            d.update(b);
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
