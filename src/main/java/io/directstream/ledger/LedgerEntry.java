package io.directstream.ledger;

import java.util.List;
import java.util.Objects;

/**
 * One entry of the offset ledger. The ledger, not Kafka's committed offset, is the truth of what is done: a restart
 * resumes each partition at the end of its last range. Entries come in three types:
 * <ul>
 *   <li>{@link Type#BATCH}: a batch, written after every output of the batch is durable; only partitions that had
 *       records appear;</li>
 *   <li>{@link Type#GAP}: offsets that were not processed because they no longer existed in Kafka (retention deleted
 *       them) and {@code source.on.data.loss=skip} let the job go on; the ranges have no records and {@link #note()}
 *       says why;</li>
 *   <li>{@link Type#COMMIT}: the synchronous Kafka commit made at a graceful stop; no ranges.</li>
 *   <li>{@link Type#REPLAY}: an explicit start moved partitions back: each range [from, until) is re-read from
 *       {@code from}, the partition's end goes back to {@code from}, and the earlier objects of those offsets were
 *       removed (the re-run writes them again).</li>
 *   <li>{@link Type#SEED}: where a migrated pipeline's history begins ({@code bin/migrate-offsets}): empty ranges at
 *       the start offsets.</li>
 * </ul>
 */
public final class LedgerEntry {
    /** Version of the serialized form; readers reject versions they do not know. */
    public static final int FORMAT = 1;

    /** What an entry records. */
    public enum Type {
        BATCH, GAP, COMMIT, REPLAY, SEED;

        public String id() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }

        static Type parse(String id) {
            return valueOf(id.toUpperCase(java.util.Locale.ROOT));
        }
    }

    private final Type type;
    private final String note;
    private final long sequence;
    private final String runId;
    private final String jobName;
    private final long batchTimeMs;
    private final long startedAtMs;
    private final long outputsDoneAtMs;
    private final long recordedAtMs;
    private final List<LedgerRange> ranges;
    private final List<CommitOutcome> commits;
    private final TriggerCounts triggers;
    /** An explicit start this seed entry applies, as data (JSON, read by whoever wrote it); null for every other entry. */
    private String start;

    /** A batch entry. */
    public LedgerEntry(long sequence, String runId, String jobName, long batchTimeMs, long startedAtMs,
                       long outputsDoneAtMs, long recordedAtMs, List<LedgerRange> ranges, List<CommitOutcome> commits) {
        this(Type.BATCH, null, sequence, runId, jobName, batchTimeMs, startedAtMs, outputsDoneAtMs, recordedAtMs, ranges,
                commits);
    }

    public LedgerEntry(Type type, String note, long sequence, String runId, String jobName, long batchTimeMs,
                       long startedAtMs, long outputsDoneAtMs, long recordedAtMs, List<LedgerRange> ranges,
                       List<CommitOutcome> commits) {
        this(type, note, sequence, runId, jobName, batchTimeMs, startedAtMs, outputsDoneAtMs, recordedAtMs, ranges,
                commits, null);
    }

    /** Any entry; {@code triggers} the batch's trigger counts, null when no trigger ran. */
    public LedgerEntry(Type type, String note, long sequence, String runId, String jobName, long batchTimeMs,
                       long startedAtMs, long outputsDoneAtMs, long recordedAtMs, List<LedgerRange> ranges,
                       List<CommitOutcome> commits, TriggerCounts triggers) {
        this.triggers = triggers;
        this.type = java.util.Objects.requireNonNull(type);
        this.note = note;
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

    public Type type() {
        return type;
    }

    /** Why, for a gap; absent otherwise. */
    public java.util.Optional<String> note() {
        return java.util.Optional.ofNullable(note);
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

    /**
     * The explicit start a seed entry records as applied, as a JSON object its writer reads back (the job's
     * {@code StartSpec.toJson()}), so that a restart compares it as a value; absent for every other entry and for seeds
     * written before starts were recorded as data (their note describes the start).
     */
    public java.util.Optional<String> start() {
        return java.util.Optional.ofNullable(start);
    }

    /** This entry recording {@code startJson} as the explicit start it applies. */
    LedgerEntry withStart(String startJson) {
        LedgerEntry e = new LedgerEntry(type, note, sequence, runId, jobName, batchTimeMs, startedAtMs, outputsDoneAtMs,
                recordedAtMs, ranges, commits, triggers);
        e.start = startJson;
        return e;
    }

    /** What the batch's per-message trigger did; absent when no trigger is configured (and for control entries). */
    public java.util.Optional<TriggerCounts> triggers() {
        return java.util.Optional.ofNullable(triggers);
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
        return type == e.type && Objects.equals(note, e.note) && sequence == e.sequence && batchTimeMs == e.batchTimeMs && startedAtMs == e.startedAtMs
                && outputsDoneAtMs == e.outputsDoneAtMs && recordedAtMs == e.recordedAtMs && runId.equals(e.runId)
                && jobName.equals(e.jobName) && ranges.equals(e.ranges) && commits.equals(e.commits)
                && Objects.equals(triggers, e.triggers) && Objects.equals(start, e.start);
    }

    @Override
    public int hashCode() {
        return Objects.hash(sequence, runId, batchTimeMs);
    }

    @Override
    public String toString() {
        return "LedgerEntry#" + sequence + " " + type.id() + ranges;
    }
}
