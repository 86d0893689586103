package io.directstream.ledger;

import java.util.Objects;
import java.util.Optional;
import org.apache.kafka.common.TopicPartition;

/**
 * One partition's part of a batch, as the ledger records it: the offsets [from, until), how many records were read,
 * written and dead-lettered, and the objects they went to.
 */
public final class LedgerRange implements java.io.Serializable {
    private static final long serialVersionUID = 1L;

    private final String topic;
    private final int partition;
    private final long fromOffset;
    private final long untilOffset;
    private final long records;
    private final long outputRecords;
    private final long deadLetters;
    private final long bytes;
    private final String objectKey;
    private final String deadLetterKey;

    public LedgerRange(String topic, int partition, long fromOffset, long untilOffset, long records, long outputRecords,
                       long deadLetters, long bytes, String objectKey, String deadLetterKey) {
        if (untilOffset < fromOffset) {
            throw new IllegalArgumentException("until " + untilOffset + " < from " + fromOffset + " for " + topic + "-" + partition);
        }
        this.topic = Objects.requireNonNull(topic);
        this.partition = partition;
        this.fromOffset = fromOffset;
        this.untilOffset = untilOffset;
        this.records = records;
        this.outputRecords = outputRecords;
        this.deadLetters = deadLetters;
        this.bytes = bytes;
        this.objectKey = objectKey;
        this.deadLetterKey = deadLetterKey;
    }

    public String topic() {
        return topic;
    }

    public int partition() {
        return partition;
    }

    public TopicPartition topicPartition() {
        return new TopicPartition(topic, partition);
    }

    /** First offset, inclusive. */
    public long fromOffset() {
        return fromOffset;
    }

    /** End offset, exclusive: where the next batch of this partition starts. */
    public long untilOffset() {
        return untilOffset;
    }

    /** Records read; less than {@code until - from} only where the topic has offset gaps (compaction, transactions). */
    public long records() {
        return records;
    }

    /** Records for which the processor wrote output without error. */
    public long outputRecords() {
        return outputRecords;
    }

    public long deadLetters() {
        return deadLetters;
    }

    /** Bytes stored (compressed, when compression is on), output and dead letters together. */
    public long bytes() {
        return bytes;
    }

    /** The output object, absent when the processor wrote nothing for this range. */
    public Optional<String> objectKey() {
        return Optional.ofNullable(objectKey);
    }

    public Optional<String> deadLetterKey() {
        return Optional.ofNullable(deadLetterKey);
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof LedgerRange)) {
            return false;
        }
        LedgerRange r = (LedgerRange) o;
        return partition == r.partition && fromOffset == r.fromOffset && untilOffset == r.untilOffset
                && records == r.records && outputRecords == r.outputRecords && deadLetters == r.deadLetters
                && bytes == r.bytes && topic.equals(r.topic) && Objects.equals(objectKey, r.objectKey)
                && Objects.equals(deadLetterKey, r.deadLetterKey);
    }

    @Override
    public int hashCode() {
        return Objects.hash(topic, partition, fromOffset, untilOffset);
    }

    @Override
    public String toString() {
        return topic + "-" + partition + "[" + fromOffset + "," + untilOffset + ")";
    }
}
