package io.directstream.source;

import java.util.Collection;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;

/** The offsets a start-position decision needs from Kafka; a narrow seam so the decision can be tested on its own. */
public interface OffsetsRetriever {
    /** The consumer group's committed offsets; partitions without one are absent. */
    Map<TopicPartition, Long> committed(Collection<TopicPartition> partitions);

    /** The earliest offset still available of each partition. */
    Map<TopicPartition, Long> earliest(Collection<TopicPartition> partitions);

    /** The log-end offset of each partition (the offset the next record will get). */
    Map<TopicPartition, Long> latest(Collection<TopicPartition> partitions);

    /**
     * The first offset whose record's timestamp is at or after {@code timestampMs} (Kafka's offsetsForTimes); a
     * partition with no such record is absent.
     */
    Map<TopicPartition, Long> offsetsForTime(Collection<TopicPartition> partitions, long timestampMs);
}
