package io.directstream.ledger;

import java.util.List;
import java.util.Objects;

/**
 * One batch in the offset ledger, written after every output of the batch is durable. The ledger, not Kafka's
 * committed offset, is the truth of what is done: a restart resumes each partition at the end of its last range.
 * Only partitions that had records appear.
 */
public final class LedgerEntry {
    /** Version of the serialized form; readers reject versions they do not know. */
    public static final int FORMAT = 1;

    private final long sequence;
    private final String runId;
    private final String jobName;
    private final long batchTimeMs;
    private final long startedAtMs;
    private final long outputsDoneAtMs;
    private final long recordedAtMs;
    private final List<LedgerRange> ranges;
    private final List<CommitOutcome> commits;

    public LedgerEntry(long sequence, String runId, String jobName, long batchTimeMs, long startedAtMs,
                       long outputsDoneAtMs, long recordedAtMs, List<LedgerRange> ranges, List<CommitOutcome> commits) {
        this.sequence = sequence;
        this.runId = Objects.requireNonNull(runId);
        this.jobName = Objects.requireNonNull(jobName);
        this.batchTimeMs = batchTimeMs;
        this.startedAtMs = startedAtMs;
        this.outputsDoneAtMs = outputsDoneAtMs;
        this.recordedAtMs = recordedAtMs;
        this.ranges = List.copyOf(ranges);
        this.commits = List.copyOf(commits);
    }

    /** 1, 2, 3 ... across runs: the ledger's own order, independent of batch times. */
    public long sequence() {
        return sequence;
    }

    /** The run (one start of the job) that wrote this entry. */
    public String runId() {
        return runId;
    }

    public String jobName() {
        return jobName;
    }

    /** Spark's batch time. */
    public long batchTimeMs() {
        return batchTimeMs;
    }

    /** When the driver started processing the batch. */
    public long startedAtMs() {
        return startedAtMs;
    }

    /** When the last output object was durable. */
    public long outputsDoneAtMs() {
        return outputsDoneAtMs;
    }

    /** When this entry was written. */
    public long recordedAtMs() {
        return recordedAtMs;
    }

    public List<LedgerRange> ranges() {
        return ranges;
    }

    /** Outcomes of earlier batches' Kafka commits that became known since the previous entry. */
    public List<CommitOutcome> commits() {
        return commits;
    }

    public long records() {
        long n = 0;
        for (LedgerRange r : ranges) {
            n += r.records();
        }
        return n;
    }

    public long bytes() {
        long n = 0;
        for (LedgerRange r : ranges) {
            n += r.bytes();
        }
        return n;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof LedgerEntry)) {
            return false;
        }
        LedgerEntry e = (LedgerEntry) o;
        return sequence == e.sequence && batchTimeMs == e.batchTimeMs && startedAtMs == e.startedAtMs
                && outputsDoneAtMs == e.outputsDoneAtMs && recordedAtMs == e.recordedAtMs && runId.equals(e.runId)
                && jobName.equals(e.jobName) && ranges.equals(e.ranges) && commits.equals(e.commits);
    }

    @Override
    public int hashCode() {
        return Objects.hash(sequence, runId, batchTimeMs);
    }

    @Override
    public String toString() {
        return "LedgerEntry#" + sequence + ranges;
    }
}
