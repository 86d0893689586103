package io.directstream.source;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.common.TopicPartition;

/**
 * An explicit starting position, in the shapes Spark Structured Streaming uses so that users can copy them:
 * {@code earliest}, {@code latest}, {@code committed}, offsets as JSON ({@code {"topicA":{"0":23,"1":-2}}}, -2 meaning
 * earliest and -1 latest), one timestamp for every partition, or per-partition timestamps as JSON
 * ({@code {"topicA":{"0":1700000000000}}}). {@link #resume()} is the default: no explicit position, each partition
 * resumes from the ledger. A value to pass, print and test.
 */
public final class StartSpec {
    /** The kinds of start. */
    public enum Mode { RESUME, EARLIEST, LATEST, COMMITTED, OFFSETS, TIMESTAMP, TIMESTAMPS }

    /** -2 in an offsets JSON: the earliest offset, as in Structured Streaming. */
    public static final long EARLIEST_MARK = -2;
    /** -1 in an offsets JSON: the latest offset. */
    public static final long LATEST_MARK = -1;

    private static final StartSpec RESUME = new StartSpec(Mode.RESUME, Map.of(), 0, false);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Mode mode;
    private final Map<TopicPartition, Long> values;
    private final long timestampMs;
    private final boolean latestWhenNoRecord;

    private StartSpec(Mode mode, Map<TopicPartition, Long> values, long timestampMs, boolean latestWhenNoRecord) {
        this.mode = mode;
        this.values = values;
        this.timestampMs = timestampMs;
        this.latestWhenNoRecord = latestWhenNoRecord;
    }

    public static StartSpec resume() {
        return RESUME;
    }

    public static StartSpec earliest() {
        return new StartSpec(Mode.EARLIEST, Map.of(), 0, false);
    }

    public static StartSpec latest() {
        return new StartSpec(Mode.LATEST, Map.of(), 0, false);
    }

    public static StartSpec committed() {
        return new StartSpec(Mode.COMMITTED, Map.of(), 0, false);
    }

    public static StartSpec offsets(Map<TopicPartition, Long> offsets) {
        return new StartSpec(Mode.OFFSETS, sorted(offsets), 0, false);
    }

    /** @param latestWhenNoRecord a partition with no record at or after the time starts at its log end (else: error) */
    public static StartSpec timestamp(long ms, boolean latestWhenNoRecord) {
        return new StartSpec(Mode.TIMESTAMP, Map.of(), ms, latestWhenNoRecord);
    }

    public static StartSpec timestamps(Map<TopicPartition, Long> ms, boolean latestWhenNoRecord) {
        return new StartSpec(Mode.TIMESTAMPS, sorted(ms), 0, latestWhenNoRecord);
    }

    /**
     * The partitions in topic, then partition order, whatever the order given: {@link #toString()} is recorded in the
     * ledger when the start is applied and compared on every restart, in another JVM ({@code Map.copyOf}'s order
     * changes from one JVM to the next).
     */
    private static Map<TopicPartition, Long> sorted(Map<TopicPartition, Long> values) {
        Map<TopicPartition, Long> out = new java.util.TreeMap<>(
                java.util.Comparator.comparing(TopicPartition::topic).thenComparingInt(TopicPartition::partition));
        values.forEach((tp, v) -> out.put(java.util.Objects.requireNonNull(tp), java.util.Objects.requireNonNull(v)));
        return java.util.Collections.unmodifiableMap(new LinkedHashMap<>(out));
    }

    /**
     * Whether {@code recorded} (a start as a ledger note recorded it) describes this start. Notes written before the
     * partitions were ordered may list them in any order: the partitions are compared as a set. Topic names cannot
     * hold {@code ", "}, so the list splits safely.
     */
    public boolean sameAs(String recorded) {
        return canonical(recorded).equals(canonical(toString()));
    }

    private static String canonical(String described) {
        int open = described.indexOf('{');
        if (open < 0 || !described.endsWith("}")) {
            return described;
        }
        String[] parts = described.substring(open + 1, described.length() - 1).split(", ");
        java.util.Arrays.sort(parts);
        return described.substring(0, open + 1) + String.join(", ", parts) + "}";
    }

    /** {@code earliest}, {@code latest}, {@code committed} or an offsets JSON; empty for {@link #resume()}. */
    public static StartSpec parseOffsets(String text) {
        String t = text.trim();
        switch (t.toLowerCase(Locale.ROOT)) {
            case "": return resume();
            case "earliest": return earliest();
            case "latest": return latest();
            case "committed": return committed();
            default: return offsets(parsePartitionJson(t, "offsets"));
        }
    }

    /** A time in epoch milliseconds or ISO-8601 ({@code 2026-11-20T10:00:00Z}). */
    public static long parseTime(String text) {
        String t = text.trim();
        if (t.matches("\\d+")) {
            return Long.parseLong(t);
        }
        try {
            return Instant.parse(t).toEpochMilli();
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("expected epoch milliseconds or an ISO-8601 time such as 2026-11-20T10:00:00Z");
        }
    }

    /** {@code {"topic":{"0":value,"1":value}}} into a map; values are whole numbers. */
    public static Map<TopicPartition, Long> parsePartitionJson(String text, String what) {
        JsonNode root;
        try {
            root = JSON.readTree(text);
        } catch (IOException e) {
            throw new IllegalArgumentException("expected " + what + " as JSON such as {\"topicA\":{\"0\":23,\"1\":-2}}");
        }
        if (root == null || !root.isObject() || root.size() == 0) {
            throw new IllegalArgumentException("expected " + what + " as a JSON object of topics: {\"topicA\":{\"0\":23}}");
        }
        Map<TopicPartition, Long> out = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> topics = root.fields(); topics.hasNext(); ) {
            Map.Entry<String, JsonNode> t = topics.next();
            if (!t.getValue().isObject()) {
                throw new IllegalArgumentException("topic " + t.getKey() + ": expected an object of partition -> " + what);
            }
            for (Iterator<Map.Entry<String, JsonNode>> ps = t.getValue().fields(); ps.hasNext(); ) {
                Map.Entry<String, JsonNode> p = ps.next();
                if (!p.getKey().matches("\\d+") || !p.getValue().canConvertToLong()) {
                    throw new IllegalArgumentException("topic " + t.getKey() + " partition " + p.getKey()
                            + ": expected a partition number and a whole number");
                }
                out.put(new TopicPartition(t.getKey(), Integer.parseInt(p.getKey())), p.getValue().asLong());
            }
        }
        return out;
    }

    public Mode mode() {
        return mode;
    }

    /** True for every mode but {@link Mode#RESUME}: the ledger's end is not where partitions start. */
    public boolean explicit() {
        return mode != Mode.RESUME;
    }

    /** Offsets (OFFSETS) or timestamps (TIMESTAMPS) by partition. */
    public Map<TopicPartition, Long> values() {
        return values;
    }

    public long timestampMs() {
        return timestampMs;
    }

    public boolean latestWhenNoRecord() {
        return latestWhenNoRecord;
    }

    /** The partitions this start names itself (JSON forms), or empty when it applies to every partition. */
    public Optional<java.util.Set<TopicPartition>> namedPartitions() {
        return mode == Mode.OFFSETS || mode == Mode.TIMESTAMPS ? Optional.of(values.keySet()) : Optional.empty();
    }

    @Override
    public String toString() {
        switch (mode) {
            case OFFSETS: return "offsets " + values;
            case TIMESTAMP: return "timestamp " + Instant.ofEpochMilli(timestampMs);
            case TIMESTAMPS: return "timestamps " + values;
            default: return mode.name().toLowerCase(Locale.ROOT);
        }
    }
}
