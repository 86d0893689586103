package io.directstream.source;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import org.apache.kafka.common.TopicPartition;

/**
 * Where the partitions start: from the ledger ({@link Resume}, the default), or an explicit start in the shapes Spark
 * Structured Streaming uses so that users can copy them: {@code earliest}, {@code latest}, {@code committed}, offsets
 * as JSON ({@code {"topicA":{"0":23,"1":-2}}}, -2 meaning earliest and -1 latest), one timestamp for every partition,
 * or per-partition timestamps as JSON ({@code {"topicA":{"0":1700000000000}}}). One record per kind; each decides a
 * partition's start from what Kafka says through {@link OffsetsRetriever}. Two starts are the same start when they are
 * equal, whatever order their partitions were given in; {@link #toJson()} is how the ledger records an applied one.
 */
public sealed interface StartSpec permits StartSpec.Resume, StartSpec.Earliest, StartSpec.Latest, StartSpec.Committed,
        StartSpec.Offsets, StartSpec.Timestamp, StartSpec.Timestamps {

    /** Each partition resumes from the ledger, else the group's committed offset, else the fallback position. */
    record Resume() implements StartSpec {
        @Override
        public boolean explicit() {
            return false;
        }

        @Override
        public boolean ownsStart() {
            return false;
        }

        @Override
        public String toString() {
            return "resume";
        }
    }

    /** Every partition at its earliest offset. */
    record Earliest() implements StartSpec {
        @Override
        public Optional<Resolved> start(TopicPartition tp, long earliest, long logEnd, Map<TopicPartition, Long> byTime,
                                        List<String> problems) {
            return Optional.of(new Resolved(earliest, PartitionStart.Reason.EARLIEST));
        }

        @Override
        public String toString() {
            return "earliest";
        }
    }

    /** Every partition at its log end. */
    record Latest() implements StartSpec {
        @Override
        public Optional<Resolved> start(TopicPartition tp, long earliest, long logEnd, Map<TopicPartition, Long> byTime,
                                        List<String> problems) {
            return Optional.of(new Resolved(logEnd, PartitionStart.Reason.LATEST));
        }

        @Override
        public String toString() {
            return "latest";
        }
    }

    /** The group's committed offsets, whatever the ledger holds; the fallback position where there is none. */
    record Committed() implements StartSpec {
        @Override
        public boolean ownsStart() {
            return false;
        }

        @Override
        public String toString() {
            return "committed";
        }
    }

    /** Each partition read at the position named for it; every partition read must be named. */
    record Offsets(Map<TopicPartition, PartitionOffset> offsets) implements StartSpec {
        public Offsets {
            offsets = sorted(offsets);
        }

        @Override
        public Optional<Set<TopicPartition>> namedPartitions() {
            return Optional.of(offsets.keySet());
        }

        @Override
        public Optional<Resolved> start(TopicPartition tp, long earliest, long logEnd, Map<TopicPartition, Long> byTime,
                                        List<String> problems) {
            PartitionOffset named = offsets.get(tp);
            if (named == null) {
                return Optional.empty();  // reported as a partition not named
            }
            PartitionStart.Reason reason = named instanceof PartitionOffset.Earliest ? PartitionStart.Reason.EARLIEST
                    : named instanceof PartitionOffset.Latest ? PartitionStart.Reason.LATEST : PartitionStart.Reason.OFFSET;
            return Optional.of(new Resolved(named.resolve(earliest, logEnd), reason));
        }

        @Override
        public String toString() {
            return "offsets " + describe(offsets, PartitionOffset::json);
        }
    }

    /** Every partition at its first record at or after one time. */
    record Timestamp(long timestampMs, boolean latestWhenNoRecord) implements StartSpec {
        @Override
        public Map<TopicPartition, Long> timeOffsets(OffsetsRetriever kafka, Collection<TopicPartition> partitions) {
            return kafka.offsetsForTime(partitions, timestampMs);
        }

        @Override
        public Optional<Resolved> start(TopicPartition tp, long earliest, long logEnd, Map<TopicPartition, Long> byTime,
                                        List<String> problems) {
            return byTime(tp, timestampMs, latestWhenNoRecord, logEnd, byTime, problems);
        }

        @Override
        public String toString() {
            return "timestamp " + Instant.ofEpochMilli(timestampMs);
        }
    }

    /** Each partition at its first record at or after the time named for it; every partition read must be named. */
    record Timestamps(Map<TopicPartition, Long> timestampsMs, boolean latestWhenNoRecord) implements StartSpec {
        public Timestamps {
            timestampsMs = sorted(timestampsMs);
        }

        @Override
        public Optional<Set<TopicPartition>> namedPartitions() {
            return Optional.of(timestampsMs.keySet());
        }

        @Override
        public Map<TopicPartition, Long> timeOffsets(OffsetsRetriever kafka, Collection<TopicPartition> partitions) {
            Map<Long, List<TopicPartition>> byTs = new HashMap<>();
            for (TopicPartition tp : partitions) {
                Long ts = timestampsMs.get(tp);
                if (ts != null) {
                    byTs.computeIfAbsent(ts, k -> new ArrayList<>()).add(tp);
                }
            }
            Map<TopicPartition, Long> out = new HashMap<>();
            byTs.forEach((ts, tps) -> out.putAll(kafka.offsetsForTime(tps, ts)));
            return out;
        }

        @Override
        public Optional<Resolved> start(TopicPartition tp, long earliest, long logEnd, Map<TopicPartition, Long> byTime,
                                        List<String> problems) {
            Long ts = timestampsMs.get(tp);
            if (ts == null) {
                return Optional.empty();  // reported as a partition not named
            }
            return byTime(tp, ts, latestWhenNoRecord, logEnd, byTime, problems);
        }

        @Override
        public String toString() {
            return "timestamps " + describe(timestampsMs, v -> v);
        }
    }

    /** Where a start puts one partition, and why. */
    record Resolved(long offset, PartitionStart.Reason reason) {
    }

    /** False for {@link Resume} only: the ledger's end is where partitions start. */
    default boolean explicit() {
        return true;
    }

    /**
     * Whether this start decides each partition's offset itself ({@link #start}); {@link Resume} and
     * {@link Committed} leave it to the resolver's chain (the ledger, the group's committed offset, the fallback).
     */
    default boolean ownsStart() {
        return true;
    }

    /** The partitions this start names itself (JSON forms), or empty when it applies to every partition. */
    default Optional<Set<TopicPartition>> namedPartitions() {
        return Optional.empty();
    }

    /** The offsets of this start's times, asked of Kafka once for all partitions; none for starts without a time. */
    default Map<TopicPartition, Long> timeOffsets(OffsetsRetriever kafka, Collection<TopicPartition> partitions) {
        return Map.of();
    }

    /**
     * Where this start puts {@code tp}, given its earliest offset, its log end and {@link #timeOffsets}; empty after
     * adding why to {@code problems}, or for a partition it does not name (the resolver reports those).
     */
    default Optional<Resolved> start(TopicPartition tp, long earliest, long logEnd, Map<TopicPartition, Long> byTime,
                                     List<String> problems) {
        throw new UnsupportedOperationException(this + " leaves each partition's start to the resolver");
    }

    static StartSpec resume() {
        return new Resume();
    }

    static StartSpec earliest() {
        return new Earliest();
    }

    static StartSpec latest() {
        return new Latest();
    }

    static StartSpec committed() {
        return new Committed();
    }

    /** Offsets as the JSON form gives them: an offset, -2 (earliest) or -1 (latest); any other negative is refused. */
    static StartSpec offsets(Map<TopicPartition, Long> json) {
        Map<TopicPartition, PartitionOffset> out = new LinkedHashMap<>();
        json.forEach((tp, v) -> {
            try {
                out.put(tp, PartitionOffset.ofJson(v));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(tp + ": " + e.getMessage(), e);
            }
        });
        return new Offsets(out);
    }

    /** @param latestWhenNoRecord a partition with no record at or after the time starts at its log end (else: error) */
    static StartSpec timestamp(long ms, boolean latestWhenNoRecord) {
        return new Timestamp(ms, latestWhenNoRecord);
    }

    static StartSpec timestamps(Map<TopicPartition, Long> ms, boolean latestWhenNoRecord) {
        return new Timestamps(ms, latestWhenNoRecord);
    }

    /**
     * The start as the ledger records it when applied: {@code {"kind":"offsets","offsets":{"t":{"0":23}}}},
     * {@code {"kind":"timestamp","timestampMs":1700000000000,"latestWhenNoRecord":false}}, {@code {"kind":"earliest"}}
     * and so on, partitions in topic and partition order.
     */
    default String toJson() {
        ObjectNode n = Codec.JSON.createObjectNode();
        n.put("kind", getClass().getSimpleName().toLowerCase(Locale.ROOT));
        if (this instanceof Offsets o) {
            n.set("offsets", Codec.byTopic(o.offsets(), PartitionOffset::json));
        } else if (this instanceof Timestamp t) {
            n.put("timestampMs", t.timestampMs());
            n.put("latestWhenNoRecord", t.latestWhenNoRecord());
        } else if (this instanceof Timestamps t) {
            n.set("timestampsMs", Codec.byTopic(t.timestampsMs(), v -> v));
            n.put("latestWhenNoRecord", t.latestWhenNoRecord());
        }
        return n.toString();
    }

    /** Reads {@link #toJson()}; an unknown kind or a missing field is an {@link IllegalArgumentException}. */
    static StartSpec fromJson(String json) {
        JsonNode n;
        try {
            n = Codec.JSON.readTree(json);
        } catch (IOException e) {
            throw new IllegalArgumentException("not a recorded start: " + json, e);
        }
        String kind = n == null ? "" : n.path("kind").asText("");
        switch (kind) {
            case "resume": return resume();
            case "earliest": return earliest();
            case "latest": return latest();
            case "committed": return committed();
            case "offsets": return offsets(parsePartitionJson(Codec.required(n, "offsets", json).toString(), "offsets"));
            case "timestamp":
                return timestamp(Codec.required(n, "timestampMs", json).asLong(),
                        Codec.required(n, "latestWhenNoRecord", json).asBoolean());
            case "timestamps":
                return timestamps(parsePartitionJson(Codec.required(n, "timestampsMs", json).toString(), "timestamps"),
                        Codec.required(n, "latestWhenNoRecord", json).asBoolean());
            default: throw new IllegalArgumentException("not a recorded start (kind '" + kind + "'): " + json);
        }
    }

    /**
     * Whether {@code recorded}, a start as a ledger note described it before starts were recorded as data, is this
     * start. Notes written before the partitions were ordered may list them in any order: the partitions are compared
     * as a set. Topic names cannot hold {@code ", "}, so the list splits safely.
     */
    default boolean sameAs(String recorded) {
        return Codec.canonical(recorded).equals(Codec.canonical(toString()));
    }

    /** {@code earliest}, {@code latest}, {@code committed} or an offsets JSON; {@link Resume} for an empty text. */
    static StartSpec parseOffsets(String text) {
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
    static long parseTime(String text) {
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
    static Map<TopicPartition, Long> parsePartitionJson(String text, String what) {
        JsonNode root;
        try {
            root = Codec.JSON.readTree(text);
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

    private static Optional<Resolved> byTime(TopicPartition tp, long ts, boolean latestWhenNoRecord, long logEnd,
                                             Map<TopicPartition, Long> byTime, List<String> problems) {
        Long o = byTime.get(tp);
        if (o != null) {
            return Optional.of(new Resolved(o, PartitionStart.Reason.TIMESTAMP));
        }
        if (latestWhenNoRecord) {
            return Optional.of(new Resolved(logEnd, PartitionStart.Reason.LATEST));
        }
        problems.add(tp + ": no record at or after " + Instant.ofEpochMilli(ts) + " (log end " + logEnd
                + "); set source.starting.timestamp.strategy=latest to start such partitions at their log end");
        return Optional.empty();
    }

    /**
     * The partitions in topic, then partition order, whatever the order given: a start's description and its JSON
     * must not depend on the JVM ({@code Map.copyOf}'s order changes from one JVM to the next).
     */
    private static <V> Map<TopicPartition, V> sorted(Map<TopicPartition, V> values) {
        Map<TopicPartition, V> out = new TreeMap<>(Codec.ORDER);
        values.forEach((tp, v) -> out.put(Objects.requireNonNull(tp), Objects.requireNonNull(v)));
        return Collections.unmodifiableMap(new LinkedHashMap<>(out));
    }

    private static <V> String describe(Map<TopicPartition, V> values, Function<V, Long> number) {
        StringBuilder sb = new StringBuilder("{");
        values.forEach((tp, v) -> sb.append(sb.length() > 1 ? ", " : "").append(tp).append('=').append(number.apply(v)));
        return sb.append('}').toString();
    }

    /** What the JSON forms share (an interface's fields are public: kept out of the way here). */
    final class Codec {
        static final ObjectMapper JSON = new ObjectMapper();
        static final Comparator<TopicPartition> ORDER =
                Comparator.comparing(TopicPartition::topic).thenComparingInt(TopicPartition::partition);

        private Codec() {
        }

        static <V> ObjectNode byTopic(Map<TopicPartition, V> values, Function<V, Long> number) {
            ObjectNode topics = JSON.createObjectNode();
            values.forEach((tp, v) -> {
                ObjectNode partitions = topics.has(tp.topic()) ? (ObjectNode) topics.get(tp.topic())
                        : topics.putObject(tp.topic());
                partitions.put(String.valueOf(tp.partition()), number.apply(v));
            });
            return topics;
        }

        static JsonNode required(JsonNode n, String field, String json) {
            JsonNode v = n.get(field);
            if (v == null || v.isNull()) {
                throw new IllegalArgumentException("a recorded start without '" + field + "': " + json);
            }
            return v;
        }

        static String canonical(String described) {
            int open = described.indexOf('{');
            if (open < 0 || !described.endsWith("}")) {
                return described;
            }
            String[] parts = described.substring(open + 1, described.length() - 1).split(", ");
            java.util.Arrays.sort(parts);
            return described.substring(0, open + 1) + String.join(", ", parts) + "}";
        }
    }
}
