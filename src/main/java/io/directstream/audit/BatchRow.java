package io.directstream.audit;

import io.directstream.ledger.LedgerRange;
import java.util.List;

/**
 * One batch of the history window; {@code processingMs} runs from the start of the batch to the last output being
 * durable.
 */
public record BatchRow(long sequence, long batchTimeMs, String runId, long processingMs, List<LedgerRange> ranges) {
    public long records() {
        return ranges.stream().mapToLong(LedgerRange::records).sum();
    }
}
