package io.directstream.job;

/** Totals of one run, for the final summary. Written by the batch thread, read after the stop. */
public final class JobStats {
    private volatile long batches;
    private volatile long idleBatches;
    private volatile long idleMs;
    private volatile long idleMaxMs;
    private volatile long records;
    private volatile long bytes;
    private volatile long deadLetters;
    private volatile long firstBatchStartMs;
    private volatile long lastBatchEndMs;
    private volatile long processingMs;
    private volatile long triggersDone;
    private volatile long triggersDeadLettered;

    synchronized void batch(long startedMs, long endedMs, long recordCount, long byteCount, long dead) {
        if (batches == 0) {
            firstBatchStartMs = startedMs;
        }
        batches++;
        records += recordCount;
        bytes += byteCount;
        deadLetters += dead;
        lastBatchEndMs = endedMs;
        processingMs += endedMs - startedMs;
    }

    synchronized void triggers(io.directstream.ledger.TriggerCounts counts) {
        triggersDone += counts.done();
        triggersDeadLettered += counts.deadLettered();
    }

    /** Messages the per-message trigger finished. */
    public long triggersDone() {
        return triggersDone;
    }

    public long triggersDeadLettered() {
        return triggersDeadLettered;
    }

    synchronized void idle(long durationMs) {
        idleBatches++;
        idleMs += durationMs;
        idleMaxMs = Math.max(idleMaxMs, durationMs);
    }

    /** Batches that had records (each wrote a ledger entry). */
    public long batches() {
        return batches;
    }

    public long idleBatches() {
        return idleBatches;
    }

    /** Time the driver spent in batches without records (the lease check, the start plan, the log line). */
    public long idleMs() {
        return idleMs;
    }

    public long idleMaxMs() {
        return idleMaxMs;
    }

    public long records() {
        return records;
    }

    public long bytes() {
        return bytes;
    }

    public long deadLetters() {
        return deadLetters;
    }

    /** Time from the start of the first batch with records to the end of the last one. */
    public long activeMs() {
        return batches == 0 ? 0 : lastBatchEndMs - firstBatchStartMs;
    }

    /** Time spent inside batches with records. */
    public long processingMs() {
        return processingMs;
    }
}
