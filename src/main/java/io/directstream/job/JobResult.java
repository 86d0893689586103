package io.directstream.job;

import io.directstream.ledger.LedgerState;
import java.util.Optional;

/** How a run ended. */
public final class JobResult {
    private final String runId;
    private final int exitCode;
    private final String stopReason;
    private final Throwable failure;
    private final JobStats stats;
    private final LedgerState ledger;
    private final boolean finalCommitDone;

    JobResult(String runId, int exitCode, String stopReason, Throwable failure, JobStats stats, LedgerState ledger,
              boolean finalCommitDone) {
        this.runId = runId;
        this.exitCode = exitCode;
        this.stopReason = stopReason;
        this.failure = failure;
        this.stats = stats;
        this.ledger = ledger;
        this.finalCommitDone = finalCommitDone;
    }

    public String runId() {
        return runId;
    }

    public int exitCode() {
        return exitCode;
    }

    public String stopReason() {
        return stopReason;
    }

    public Optional<Throwable> failure() {
        return Optional.ofNullable(failure);
    }

    public JobStats stats() {
        return stats;
    }

    /** The ledger as this run left it. */
    public LedgerState ledger() {
        return ledger;
    }

    /** True when the ledger's ends were committed to the group synchronously at the stop. */
    public boolean finalCommitDone() {
        return finalCommitDone;
    }
}
