package io.directstream.source;

import java.util.Locale;
import java.util.Optional;
import org.apache.kafka.common.TopicPartition;

/** Where one partition starts and why, with the partition's available range for the start table. */
public final class PartitionStart {
    /** Why a partition starts where it does, in order of precedence. */
    public enum Reason {
        /** The end of the last range the ledger recorded. */
        LEDGER,
        /** The consumer group's committed offset (no ledger history for the partition). */
        COMMITTED,
        /** The earliest offset (the configured position, or an explicit start). */
        EARLIEST,
        /** The log end (the configured position, or an explicit start). */
        LATEST,
        /** An explicit offset ({@code source.starting.offsets} JSON). */
        OFFSET,
        /** The first offset at or after an explicit time ({@code source.starting.timestamp...}). */
        TIMESTAMP;

        @Override
        public String toString() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private final TopicPartition partition;
    private final long offset;
    private final Reason reason;
    private final long earliest;
    private final long logEnd;
    private final Long committed;
    private final Long lostFrom;

    public PartitionStart(TopicPartition partition, long offset, Reason reason, long earliest, long logEnd, Long committed) {
        this(partition, offset, reason, earliest, logEnd, committed, null);
    }

    public PartitionStart(TopicPartition partition, long offset, Reason reason, long earliest, long logEnd, Long committed,
                          Long lostFrom) {
        this.partition = partition;
        this.offset = offset;
        this.reason = reason;
        this.earliest = earliest;
        this.logEnd = logEnd;
        this.committed = committed;
        this.lostFrom = lostFrom;
    }

    public TopicPartition partition() {
        return partition;
    }

    public long offset() {
        return offset;
    }

    public Reason reason() {
        return reason;
    }

    public long earliest() {
        return earliest;
    }

    public long logEnd() {
        return logEnd;
    }

    public Optional<Long> committed() {
        return Optional.ofNullable(committed);
    }

    /**
     * Where the partition should have started when that offset no longer exists in Kafka and the data-loss policy
     * skips: the offsets from there to {@link #offset()} are lost and recorded as a gap.
     */
    public Optional<Long> lostFrom() {
        return Optional.ofNullable(lostFrom);
    }

    /** Records between the start and the log end when the job started. */
    public long backlog() {
        return Math.max(0, logEnd - offset);
    }

    @Override
    public String toString() {
        return partition + "@" + offset + " (" + reason + ")";
    }
}
