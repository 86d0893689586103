package io.directstream.audit;

import io.directstream.ledger.CommitOutcome;
import io.directstream.ledger.LedgerEntry;
import io.directstream.ledger.LedgerRange;
import io.directstream.ledger.TriggerCounts;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.apache.kafka.common.TopicPartition;

/**
 * Folds the ledger's history, entry by entry in sequence order and in bounded memory, into what the audit reports:
 * per-partition spans and counts, gaps (offsets inside a span that no batch covered) and overlaps (offsets covered by
 * more than one batch), failed commits, missing ledger sequences, the batches of a time window, and a uniform sample
 * of the recorded objects for the cross-check. Kafka is not consulted here; causes that need Kafka (retention) are
 * settled later by {@link Auditor}.
 */
public final class LedgerAnalyzer {
    static final int MAX_LISTED = 10_000;
    private static final Comparator<TopicPartition> ORDER =
            Comparator.comparing(TopicPartition::topic).thenComparingInt(TopicPartition::partition);

    private final long sinceMs;
    private final long untilMs;
    private final int maxBatches;
    private final int sampleSize;
    private final Random random;
    private final Map<TopicPartition, PartitionTrack> tracks = new TreeMap<>(ORDER);
    private final List<Gap> gaps = new ArrayList<>();
    private final List<Overlap> overlaps = new ArrayList<>();
    private final List<CommitFailure> commitFailures = new ArrayList<>();
    private final List<String> ledgerProblems = new ArrayList<>();
    private final List<BatchRow> window = new ArrayList<>();
    private final List<SampledRange> sample = new ArrayList<>();
    /** {sequence, from, until} of each replayed range, with its partition alongside. */
    /** A replay entry's range: offsets {@code [from, until)} of a partition read again by entry {@code sequence}. */
    private record Replay(long sequence, TopicPartition partition, long from, long until) {
    }

    private final List<Replay> replays = new ArrayList<>();
    private TriggerCounts triggerTotals;
    private long batchesInWindow;
    private long recordsInWindow;
    private long rangesSeen;
    private long entries;
    private long lastSequence;
    private long gapCount;
    private long overlapCount;

    /**
     * @param sinceMs,untilMs the history window of batch times (inclusive, exclusive)
     * @param maxBatches      most batches of the window listed (all are counted)
     * @param sampleSize      objects sampled for the cross-check (0 = none)
     */
    public LedgerAnalyzer(long sinceMs, long untilMs, int maxBatches, int sampleSize, long seed) {
        this.sinceMs = sinceMs;
        this.untilMs = untilMs;
        this.maxBatches = maxBatches;
        this.sampleSize = sampleSize;
        this.random = new Random(seed);
    }

    /** A recorded range chosen for the object cross-check, with the entry it came from. */
    public static final class SampledRange {
        public final long sequence;
        public final LedgerRange range;

        SampledRange(long sequence, LedgerRange range) {
            this.sequence = sequence;
            this.range = range;
        }
    }

    public void accept(LedgerEntry e) {
        entries++;
        if (lastSequence > 0 && e.sequence() != lastSequence + 1) {
            if (e.sequence() <= lastSequence) {
                problem("ledger entry " + e.sequence() + " comes after " + lastSequence + ": sequences out of order");
            } else {
                problem("ledger entries " + (lastSequence + 1) + (e.sequence() - 1 > lastSequence + 1
                        ? " to " + (e.sequence() - 1) : "") + " are missing");
            }
        }
        lastSequence = Math.max(lastSequence, e.sequence());
        for (CommitOutcome c : e.commits()) {
            if (!c.committed() && commitFailures.size() < MAX_LISTED) {
                commitFailures.add(new CommitFailure(c.sequence(), c.error().orElse("?"), c.atMs()));
            }
        }
        for (LedgerRange r : e.ranges()) {
            PartitionTrack t = tracks.computeIfAbsent(r.topicPartition(), PartitionTrack::new);
            if (e.type() == LedgerEntry.Type.REPLAY) {
                t.rewind(r.fromOffset());
                replays.add(new Replay(e.sequence(), r.topicPartition(), r.fromOffset(), r.untilOffset()));
                continue;
            }
            if (e.type() == LedgerEntry.Type.SEED) {
                if (t.known() && r.fromOffset() != t.end()) {
                    continuity(t, r, e.sequence());
                }
                t.start(r.fromOffset());
                continue;
            }
            if (t.known()) {
                continuity(t, r, e.sequence());
            }
            if (e.type() == LedgerEntry.Type.GAP) {
                addGap(new Gap(r.topicPartition(), r.fromOffset(), r.untilOffset(), Gap.Cause.SKIPPED_LOST, e.sequence()));
                t.skip(r.fromOffset(), r.untilOffset());
            } else {
                t.batch(e.sequence(), r.fromOffset(), r.untilOffset(), r.records(), e.batchTimeMs());
                offerSample(e.sequence(), r);
            }
        }
        if (e.type() == LedgerEntry.Type.BATCH && e.triggers().isPresent()) {
            TriggerCounts t = e.triggers().get();
            triggerTotals = triggerTotals == null ? t : triggerTotals.plus(t);
            if (t.messages() != e.records()) {
                problem("batch entry " + e.sequence() + " read " + e.records() + " records but its trigger accounted for "
                        + t.messages() + " messages (" + t.done() + " done, " + t.deadLettered() + " dead-lettered)");
            }
        }
        if (e.type() == LedgerEntry.Type.BATCH && e.batchTimeMs() >= sinceMs && e.batchTimeMs() < untilMs) {
            batchesInWindow++;
            recordsInWindow += e.records();
            if (window.size() < maxBatches) {
                window.add(new BatchRow(e.sequence(), e.batchTimeMs(), e.runId(), e.outputsDoneAtMs() - e.startedAtMs(),
                        e.ranges()));
            }
        }
    }

    /** A range must start where its partition ended: anything else is a gap or an overlap. */
    private void continuity(PartitionTrack t, LedgerRange r, long sequence) {
        if (r.fromOffset() > t.end()) {
            addGap(new Gap(r.topicPartition(), t.end(), r.fromOffset(), Gap.Cause.UNEXPLAINED, sequence));
        } else if (r.fromOffset() < t.end()) {
            long until = Math.min(r.untilOffset(), t.end());
            List<Long> seqs = t.coveringSequences(r.fromOffset(), until);
            seqs.add(sequence);
            overlapCount++;
            if (overlaps.size() < MAX_LISTED) {
                overlaps.add(new Overlap(r.topicPartition(), r.fromOffset(), until, seqs));
            }
        }
    }

    private void addGap(Gap g) {
        gapCount++;
        if (gaps.size() < MAX_LISTED) {
            gaps.add(g);
        }
    }

    /** Reservoir sampling: each recorded object range equally likely, whatever the history's length. */
    private void offerSample(long sequence, LedgerRange r) {
        if (sampleSize <= 0 || (r.objectKey().isEmpty() && r.deadLetterKey().isEmpty())) {
            return;
        }
        rangesSeen++;
        if (sample.size() < sampleSize) {
            sample.add(new SampledRange(sequence, r));
        } else {
            long j = (long) (random.nextDouble() * rangesSeen);
            if (j < sampleSize) {
                sample.set((int) j, new SampledRange(sequence, r));
            }
        }
    }

    private void problem(String p) {
        if (ledgerProblems.size() < MAX_LISTED) {
            ledgerProblems.add(p);
        }
    }

    /** What the per-message trigger did over the whole history; absent when no batch ran one. */
    public java.util.Optional<TriggerCounts> triggerTotals() {
        return java.util.Optional.ofNullable(triggerTotals);
    }

    public Map<TopicPartition, PartitionTrack> tracks() {
        return Collections.unmodifiableMap(tracks);
    }

    public List<Gap> gaps() {
        return gaps;
    }

    public long gapCount() {
        return gapCount;
    }

    public List<Overlap> overlaps() {
        return Collections.unmodifiableList(overlaps);
    }

    public long overlapCount() {
        return overlapCount;
    }

    public List<CommitFailure> commitFailures() {
        return Collections.unmodifiableList(commitFailures);
    }

    /** Missing or out-of-order ledger sequences. */
    public List<String> ledgerProblems() {
        return Collections.unmodifiableList(ledgerProblems);
    }

    public List<BatchRow> window() {
        return Collections.unmodifiableList(window);
    }

    public long batchesInWindow() {
        return batchesInWindow;
    }

    public long recordsInWindow() {
        return recordsInWindow;
    }

    /** The sample, without ranges a later replay superseded (their objects were removed and written again). */
    public List<SampledRange> sample() {
        List<SampledRange> out = new ArrayList<>();
        for (SampledRange s : sample) {
            if (!superseded(s.sequence, s.range)) {
                out.add(s);
            }
        }
        return out;
    }

    /** True when a replay after {@code sequence} re-read this range's offsets, replacing its objects. */
    public boolean superseded(long sequence, LedgerRange r) {
        for (Replay x : replays) {
            if (x.sequence() > sequence && x.partition().equals(r.topicPartition()) && r.fromOffset() >= x.from()) {
                return true;
            }
        }
        return false;
    }

    /** Replays: {partition, [from, until), sequence}, for the report. */
    public List<String> replays() {
        List<String> out = new ArrayList<>();
        for (Replay x : replays) {
            out.add(x.partition() + " offsets " + x.from() + " to " + (x.until() - 1) + " replayed (ledger entry "
                    + x.sequence() + ")");
        }
        return out;
    }

    public long entries() {
        return entries;
    }

    public long lastSequence() {
        return lastSequence;
    }
}
