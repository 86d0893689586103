package io.directstream.job;

import io.directstream.ledger.LedgerState;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.common.TopicPartition;
import org.apache.spark.streaming.Time;
import org.apache.spark.streaming.kafka010.OffsetRange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where each range of a batch really starts. Every range must start exactly where its partition ended — the end of
 * the previous batch, else the ledger's end, else (a partition new to both) wherever the stream joined it. Anything
 * else would skip or repeat offsets and fails the batch with a {@link ContiguityException}, with one exception: a
 * context recovered from a checkpoint older than the ledger replays batches the ledger already holds, in whole or in
 * part; their recorded part is trimmed off (the task skips those records), so the recovery neither repeats offsets
 * nor fails at every restart.
 */
final class BatchStarts {
    private static final Logger LOG = LoggerFactory.getLogger(BatchStarts.class);

    /** Where each partition's next batch must start. */
    private final Map<TopicPartition, Long> expected;
    private final LedgerState ledger;
    private volatile boolean recovered;

    BatchStarts(Map<TopicPartition, Long> starts, LedgerState ledger) {
        this.expected = new ConcurrentHashMap<>(starts);
        this.ledger = ledger;
    }

    void recoveredFromCheckpoint() {
        recovered = true;
    }

    Map<TopicPartition, Long> positions() {
        return new HashMap<>(expected);
    }

    /**
     * The batch's work: each range as it is to be processed, from its first offset not yet recorded (its own from, or
     * where the ledger ended for a range a recovered batch re-runs) to its until, in the stream's order.
     */
    OffsetRange[] plan(OffsetRange[] ranges, Time time) {
        OffsetRange[] work = new OffsetRange[ranges.length];
        for (int i = 0; i < ranges.length; i++) {
            OffsetRange r = ranges[i];
            TopicPartition tp = r.topicPartition();
            Long want = expected.get(tp);
            boolean known = want != null;
            if (want == null) {
                want = ledger.endOffset(tp).orElse(null);
            }
            if (want == null) {
                LOG.info("New partition {} joins at offset {}", tp, r.fromOffset());
                work[i] = r;
            } else if (r.fromOffset() == want) {
                work[i] = r;
            } else if (r.fromOffset() < want && recovered) {
                work[i] = OffsetRange.create(tp, Math.min(want, r.untilOffset()), r.untilOffset());
                if (r.untilOffset() > want) {
                    LOG.warn("Batch {}: {} recovered from the checkpoint starts at {}, below where the ledger ends "
                            + "({}): offsets {} to {} are already recorded and skipped", time, tp, r.fromOffset(), want,
                            r.fromOffset(), want - 1);
                }
            } else {
                throw new ContiguityException(describe(r, want, known));
            }
        }
        return work;
    }

    /** After a batch is recorded (or found empty): each partition's next batch starts at its range's end. */
    void advance(OffsetRange[] ranges) {
        for (OffsetRange r : ranges) {
            expected.merge(r.topicPartition(), r.untilOffset(), Math::max);
        }
    }

    private static String describe(OffsetRange r, long want, boolean known) {
        String where = known ? "where " + r.topicPartition() + " ended (" + want + ")"
                : "where the ledger says " + r.topicPartition() + " ended (" + want + ")";
        if (r.fromOffset() > want) {
            return "offset range " + r + " does not start " + where + ": it would skip offsets " + want + " to "
                    + (r.fromOffset() - 1);
        }
        return "offset range " + r + " does not start " + where + ": it would repeat offsets " + r.fromOffset()
                + " to " + (want - 1) + ". A partition's offsets went backwards: was the topic deleted and re-created? "
                + "The job refuses to overwrite what it archived from the earlier topic; archive the new one under "
                + "another output.location (or consumer group), or move the old archive away first.";
    }

    /** A range that does not start where its partition ended. */
    static final class ContiguityException extends IllegalStateException {
        private static final long serialVersionUID = 1L;

        ContiguityException(String message) {
            super(message);
        }
    }
}
