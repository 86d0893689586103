package io.directstream.audit;

import io.directstream.ledger.LedgerRange;
import java.util.List;

/** One batch of the history window. */
public final class BatchRow {
    private final long sequence;
    private final long batchTimeMs;
    private final String runId;
    private final long processingMs;
    private final List<LedgerRange> ranges;

    BatchRow(long sequence, long batchTimeMs, String runId, long processingMs, List<LedgerRange> ranges) {
        this.sequence = sequence;
        this.batchTimeMs = batchTimeMs;
        this.runId = runId;
        this.processingMs = processingMs;
        this.ranges = ranges;
    }

    public long sequence() {
        return sequence;
    }

    public long batchTimeMs() {
        return batchTimeMs;
    }

    public String runId() {
        return runId;
    }

    /** From the start of the batch to the last output being durable. */
    public long processingMs() {
        return processingMs;
    }

    public List<LedgerRange> ranges() {
        return ranges;
    }

    public long records() {
        return ranges.stream().mapToLong(LedgerRange::records).sum();
    }
}
