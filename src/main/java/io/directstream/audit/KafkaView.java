package io.directstream.audit;

import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.common.TopicPartition;

/** What the audit asks Kafka; a narrow seam so the report's logic can be tested without a broker. */
public interface KafkaView {
    Map<TopicPartition, Long> earliest(Collection<TopicPartition> partitions);

    Map<TopicPartition, Long> logEnd(Collection<TopicPartition> partitions);

    /** The group's committed offsets; partitions without one are absent. */
    Map<TopicPartition, Long> committed(Collection<TopicPartition> partitions);

    /** The first offset whose timestamp is at or after {@code timeMs}; the log end when there is none. */
    Map<TopicPartition, Long> offsetsForTime(Collection<TopicPartition> partitions, long timeMs);

    /** The timestamp of the record at {@code offset} (or the next one present), if there is one. */
    Optional<Long> timestampAt(TopicPartition partition, long offset);

    /** The partitions of the topics. */
    Collection<TopicPartition> partitionsOf(Collection<String> topics);
}
