package io.directstream.audit;

import java.util.Optional;
import org.apache.kafka.common.TopicPartition;

/** One partition's line of the report: what the ledger covers, what Kafka says, the lag. Absent values print "-". */
public final class PartitionRow {
    final TopicPartition partition;
    final Long firstOffset;
    final Long lastOffset;
    final long records;
    final long batches;
    final Long ledgerEnd;
    final Long currentOffset;
    final long earliest;
    final long logEnd;
    final Long lagTimeMs;
    final long skipped;
    final long offsetsWithoutRecords;
    final int uncommittedBatches;
    final Long windowFrom;
    final Long windowUntil;

    PartitionRow(TopicPartition partition, PartitionTrack t, Long currentOffset, long earliest, long logEnd, Long lagTimeMs,
                 Long windowFrom, Long windowUntil) {
        this.partition = partition;
        boolean known = t != null && t.known();
        this.firstOffset = known ? t.first() : null;
        this.lastOffset = known && t.end() > t.first() ? t.last() : null;
        this.records = t == null ? 0 : t.records();
        this.batches = t == null ? 0 : t.batches();
        this.ledgerEnd = known ? t.end() : null;
        this.currentOffset = currentOffset;
        this.earliest = earliest;
        this.logEnd = logEnd;
        this.lagTimeMs = lagTimeMs;
        this.skipped = t == null ? 0 : t.skipped();
        this.offsetsWithoutRecords = t == null ? 0 : t.offsetsWithoutRecords();
        this.uncommittedBatches = t == null || currentOffset == null ? 0 : t.batchesBeyond(currentOffset);
        this.windowFrom = windowFrom;
        this.windowUntil = windowUntil;
    }

    public TopicPartition partition() {
        return partition;
    }

    public Optional<Long> firstOffset() {
        return Optional.ofNullable(firstOffset);
    }

    public Optional<Long> lastOffset() {
        return Optional.ofNullable(lastOffset);
    }

    public long records() {
        return records;
    }

    public long batches() {
        return batches;
    }

    /** Where the ledger ends (the job resumes there). */
    public Optional<Long> ledgerEnd() {
        return Optional.ofNullable(ledgerEnd);
    }

    /** The group's committed offset, as kafka-consumer-groups' CURRENT-OFFSET. */
    public Optional<Long> currentOffset() {
        return Optional.ofNullable(currentOffset);
    }

    public long earliest() {
        return earliest;
    }

    public long logEnd() {
        return logEnd;
    }

    /** LOG-END-OFFSET minus CURRENT-OFFSET, as kafka-consumer-groups' LAG. */
    public Optional<Long> lag() {
        return currentOffset == null ? Optional.empty() : Optional.of(Math.max(0, logEnd - currentOffset));
    }

    /** Records not yet processed: log end minus the ledger's end (from the earliest offset when nothing is). */
    public long unprocessed() {
        long from = ledgerEnd != null ? Math.max(ledgerEnd, earliest) : earliest;
        return Math.max(0, logEnd - from);
    }

    /** Age of the oldest unprocessed record. */
    public Optional<Long> lagTimeMs() {
        return Optional.ofNullable(lagTimeMs);
    }

    public long skipped() {
        return skipped;
    }

    public long offsetsWithoutRecords() {
        return offsetsWithoutRecords;
    }

    /** Ledger batches beyond the committed offset (the commit lags the ledger by this many). */
    public int uncommittedBatches() {
        return uncommittedBatches;
    }

    /** The window's offsets [from, until), through offsetsForTimes, when a window was asked for. */
    public Optional<Long> windowFrom() {
        return Optional.ofNullable(windowFrom);
    }

    public Optional<Long> windowUntil() {
        return Optional.ofNullable(windowUntil);
    }

    /** Whether the ledger covers every offset of the window (or the window is empty). */
    public Optional<Boolean> windowProcessed() {
        if (windowFrom == null) {
            return Optional.empty();
        }
        return Optional.of(windowUntil <= windowFrom || (ledgerEnd != null && ledgerEnd >= windowUntil
                && firstOffset != null && firstOffset <= Math.max(windowFrom, earliest)));
    }
}
