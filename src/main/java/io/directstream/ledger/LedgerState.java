package io.directstream.ledger;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.apache.kafka.common.TopicPartition;

/**
 * The ledger folded into per-partition progress: where each partition resumes. Built from the latest snapshot plus
 * the entries after it. Any range that does not start where its partition ended is kept as an anomaly.
 */
public final class LedgerState {
    private static final Comparator<TopicPartition> ORDER =
            Comparator.comparing(TopicPartition::topic).thenComparingInt(TopicPartition::partition);

    private final TreeMap<TopicPartition, PartitionProgress> partitions = new TreeMap<>(ORDER);
    private final List<String> anomalies = new ArrayList<>();
    private long lastSequence;
    private long lastBatchTimeMs;
    private long skipped;
    private String appliedStart;
    private String appliedStartJson;

    public LedgerState() {
    }

    LedgerState(long lastSequence, long lastBatchTimeMs, long skipped, String appliedStart, String appliedStartJson,
                Map<TopicPartition, PartitionProgress> progress) {
        this.lastSequence = lastSequence;
        this.lastBatchTimeMs = lastBatchTimeMs;
        this.skipped = skipped;
        this.appliedStart = appliedStart;
        this.appliedStartJson = appliedStartJson;
        this.partitions.putAll(progress);
    }

    /** Prefix of a seed entry's note that records an explicit start the job applied. */
    public static final String EXPLICIT_START = "explicit start: ";

    /** The description (the seed's note) of the last explicit start the job applied, if any. */
    public Optional<String> appliedStart() {
        return Optional.ofNullable(appliedStart);
    }

    /**
     * The last explicit start the job applied, as the data its seed entry recorded (so that a restart compares it as
     * a value and does not apply it again); absent when none was applied, or when the last one was recorded by a
     * version that wrote its description only ({@link #appliedStart()}).
     */
    public Optional<String> appliedStartJson() {
        return Optional.ofNullable(appliedStartJson);
    }

    /** Folds the next entry in. Entries must come in sequence order. */
    public void apply(LedgerEntry e) {
        if (e.sequence() <= lastSequence) {
            throw new IllegalStateException("ledger entry " + e.sequence() + " after " + lastSequence + ": out of order");
        }
        for (LedgerRange r : e.ranges()) {
            if (e.type() == LedgerEntry.Type.REPLAY) {
                PartitionProgress p = partitions.get(r.topicPartition());
                if (p != null) {
                    partitions.put(r.topicPartition(), p.rewoundTo(r.fromOffset(), e.sequence()));
                }
                continue;
            }
            if (e.type() == LedgerEntry.Type.GAP) {
                skipped += r.untilOffset() - r.fromOffset();
            }
            TopicPartition tp = r.topicPartition();
            PartitionProgress p = partitions.get(tp);
            boolean batch = e.type() == LedgerEntry.Type.BATCH;
            if (p == null) {
                partitions.put(tp, PartitionProgress.first(r, e.sequence(), batch));
                continue;
            }
            if (r.fromOffset() > p.endOffset()) {
                anomalies.add("entry " + e.sequence() + ": " + r + " leaves a gap after " + p.endOffset());
            } else if (r.fromOffset() < p.endOffset()) {
                anomalies.add("entry " + e.sequence() + ": " + r + " overlaps offsets below " + p.endOffset());
            }
            partitions.put(tp, p.plus(r, e.sequence(), batch));
        }
        lastSequence = e.sequence();
        if (e.type() == LedgerEntry.Type.SEED && e.note().map(n -> n.startsWith(EXPLICIT_START)).orElse(false)) {
            appliedStart = e.note().get().substring(EXPLICIT_START.length());
            appliedStartJson = e.start().orElse(null);
        }
        if (e.type() == LedgerEntry.Type.BATCH) {
            lastBatchTimeMs = e.batchTimeMs();
        }
    }

    /** Where {@code tp} resumes, if the ledger knows it. */
    public Optional<Long> endOffset(TopicPartition tp) {
        PartitionProgress p = partitions.get(tp);
        return p == null ? Optional.empty() : Optional.of(p.endOffset());
    }

    /** Every partition's progress, sorted by topic and partition. */
    public Map<TopicPartition, PartitionProgress> partitions() {
        return Collections.unmodifiableMap(partitions);
    }

    /** The end offset of every partition the ledger knows. */
    public Map<TopicPartition, Long> endOffsets() {
        Map<TopicPartition, Long> ends = new TreeMap<>(ORDER);
        partitions.forEach((tp, p) -> ends.put(tp, p.endOffset()));
        return ends;
    }

    /** Sequence of the last entry; 0 for an empty ledger. */
    public long lastSequence() {
        return lastSequence;
    }

    public long lastBatchTimeMs() {
        return lastBatchTimeMs;
    }

    public boolean isEmpty() {
        return lastSequence == 0;
    }

    /** Gaps and overlaps met while folding entries (those before the snapshot were reported when it was written). */
    public List<String> anomalies() {
        return Collections.unmodifiableList(anomalies);
    }

    /** Offsets recorded as skipped (gap entries): no longer in Kafka when the job reached them. */
    public long skipped() {
        return skipped;
    }

    public long records() {
        long n = 0;
        for (PartitionProgress p : partitions.values()) {
            n += p.records();
        }
        return n;
    }
}
