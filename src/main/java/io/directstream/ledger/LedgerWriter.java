package io.directstream.ledger;

import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one writer of a ledger: every entry the job and its tools record goes through here, so that each is written
 * the same way — the fence (the output lease) checked first, the next sequence taken from the folded state, the entry
 * created only if absent ({@link LedgerStore#append}), folded into the state, and compacted into a segment and a
 * snapshot every {@code snapshotInterval} entries. One factory per kind of entry says what it records.
 *
 * <p>Not thread-safe: one writer per run, called from one thread at a time (the batch thread, or start-up and stop).
 */
public final class LedgerWriter {
    private static final Logger LOG = LoggerFactory.getLogger(LedgerWriter.class);

    private final LedgerStore store;
    private final LedgerState state;
    private final Fence fence;
    private final String runId;
    private final String jobName;
    private final int snapshotInterval;
    private final LongSupplier clock;
    /** Entries since the last snapshot: the next segment. */
    private final List<LedgerEntry> sinceSnapshot;

    private LedgerWriter(LedgerStore store, LedgerState state, List<LedgerEntry> sinceSnapshot, Fence fence,
                         String runId, String jobName, int snapshotInterval, LongSupplier clock) {
        if (snapshotInterval < 1) {
            throw new IllegalArgumentException("snapshot interval must be at least 1");
        }
        this.store = store;
        this.state = state;
        this.sinceSnapshot = new ArrayList<>(sinceSnapshot);
        this.fence = fence;
        this.runId = runId;
        this.jobName = jobName;
        this.snapshotInterval = snapshotInterval;
        this.clock = clock;
    }

    /**
     * Loads the ledger (its snapshot and the entries after it) and returns its writer. The caller already holds the
     * {@code fence}; it is checked before every write.
     */
    public static LedgerWriter open(LedgerStore store, Fence fence, String runId, String jobName, int snapshotInterval) {
        List<LedgerEntry> sinceSnapshot = new ArrayList<>();
        LedgerState state = store.load(sinceSnapshot);
        return new LedgerWriter(store, state, sinceSnapshot, fence, runId, jobName, snapshotInterval,
                System::currentTimeMillis);
    }

    /** The ledger as folded so far, this writer's entries included. */
    public LedgerState state() {
        return state;
    }

    public LedgerStore store() {
        return store;
    }

    /** The fence this writer checks; callers check it too before their own destructive steps. */
    public Fence fence() {
        return fence;
    }

    /** A batch whose outputs are all durable: its ranges, and the Kafka commit outcomes learnt since the last entry. */
    public LedgerEntry batch(long batchTimeMs, long startedAtMs, long outputsDoneAtMs, List<LedgerRange> ranges,
                             List<CommitOutcome> commits) {
        return batch(batchTimeMs, startedAtMs, outputsDoneAtMs, ranges, commits, null);
    }

    /** A batch, with what its per-message trigger did ({@code triggers} null when none is configured). */
    public LedgerEntry batch(long batchTimeMs, long startedAtMs, long outputsDoneAtMs, List<LedgerRange> ranges,
                             List<CommitOutcome> commits, TriggerCounts triggers) {
        return append(new LedgerEntry(LedgerEntry.Type.BATCH, null, next(), runId, jobName, batchTimeMs, startedAtMs,
                outputsDoneAtMs, clock.getAsLong(), ranges, commits, triggers));
    }

    /** Offsets that will never be processed (deleted by retention, or skipped on purpose), and why. */
    public LedgerEntry gap(String note, List<LedgerRange> ranges) {
        return control(LedgerEntry.Type.GAP, note, ranges, List.of(), null);
    }

    /** Where partitions start that the ledger did not know ({@link #empty} ranges), so a restart never re-decides it. */
    public LedgerEntry seed(String note, List<LedgerRange> ranges) {
        return control(LedgerEntry.Type.SEED, note, ranges, List.of(), null);
    }

    /**
     * The starts of an explicit starting position, applied: {@code startJson} is the position as data (a JSON object),
     * which {@link LedgerState#appliedStartJson()} gives back to every later run.
     */
    public LedgerEntry seed(String note, List<LedgerRange> ranges, String startJson) {
        return control(LedgerEntry.Type.SEED, note, ranges, List.of(), java.util.Objects.requireNonNull(startJson));
    }

    /** Partitions moved back to re-read recorded offsets: each range [from, until) is processed again from from. */
    public LedgerEntry replay(String note, List<LedgerRange> ranges) {
        return control(LedgerEntry.Type.REPLAY, note, ranges, List.of(), null);
    }

    /** The synchronous Kafka commit of a stop, with the outcomes of earlier commits not yet recorded. */
    public LedgerEntry commit(String note, List<CommitOutcome> outcomes) {
        return control(LedgerEntry.Type.COMMIT, note, List.of(), outcomes, null);
    }

    /** The empty range at {@code offset}: a seed's start. */
    public static LedgerRange empty(TopicPartition tp, long offset) {
        return offsets(tp, offset, offset);
    }

    /** Offsets [from, until) without records or objects: a gap's or a replay's range. */
    public static LedgerRange offsets(TopicPartition tp, long from, long until) {
        return new LedgerRange(tp.topic(), tp.partition(), from, until, 0, 0, 0, 0, null, null);
    }

    private LedgerEntry control(LedgerEntry.Type type, String note, List<LedgerRange> ranges, List<CommitOutcome> commits,
                                String startJson) {
        long now = clock.getAsLong();
        LedgerEntry e = new LedgerEntry(type, note, next(), runId, jobName, 0, now, now, now, ranges, commits);
        return append(startJson == null ? e : e.withStart(startJson));
    }

    private long next() {
        return state.lastSequence() + 1;
    }

    private LedgerEntry append(LedgerEntry e) {
        fence.checkHeld();
        store.append(e);
        state.apply(e);
        if (e.type() != LedgerEntry.Type.BATCH) {
            LOG.info("Recorded in the ledger as {} entry {}: {} {}", e.type().id(), e.sequence(), e.note().orElse(""),
                    e.ranges());
        }
        sinceSnapshot.add(e);
        if (sinceSnapshot.size() >= snapshotInterval) {
            // compaction: the entries since the last snapshot as one segment, then the snapshot that follows them
            fence.checkHeld();
            store.writeSegment(sinceSnapshot);
            store.writeSnapshot(state, clock.getAsLong());
            sinceSnapshot.clear();
        }
        return e;
    }
}
