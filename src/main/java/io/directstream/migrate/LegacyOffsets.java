package io.directstream.migrate;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.common.TopicPartition;

/** Offsets a legacy pipeline saved, as the next offset to read of each partition, and where they came from. */
public final class LegacyOffsets {
    private final Map<TopicPartition, Long> offsets;
    private final String source;

    public LegacyOffsets(Map<TopicPartition, Long> offsets, String source) {
        TreeMap<TopicPartition, Long> sorted = new TreeMap<>(
                java.util.Comparator.comparing(TopicPartition::topic).thenComparingInt(TopicPartition::partition));
        sorted.putAll(offsets);
        this.offsets = Collections.unmodifiableMap(sorted);
        this.source = source;
    }

    /** Next offset to read, by partition. */
    public Map<TopicPartition, Long> offsets() {
        return offsets;
    }

    /** Where they were read: {@code zookeeper 127.0.0.1:2181 /consumers/g/offsets}, {@code file offsets.csv}. */
    public String source() {
        return source;
    }

    /** The same offsets shifted by {@code delta} (+1 when the legacy job saved the last processed offset). */
    LegacyOffsets shifted(long delta) {
        Map<TopicPartition, Long> m = new TreeMap<>(
                java.util.Comparator.comparing(TopicPartition::topic).thenComparingInt(TopicPartition::partition));
        offsets.forEach((tp, o) -> m.put(tp, o + delta));
        return new LegacyOffsets(m, source);
    }
}
