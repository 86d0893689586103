package io.directstream.job;

import io.directstream.fault.FaultPoints;
import io.directstream.ledger.CommitOutcome;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.consumer.OffsetCommitCallback;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows the Kafka commits of batches. {@code CanCommitOffsets.commitAsync} only queues offsets; the driver's consumer
 * merges the queue and sends it during the next batch's {@code compute()}, with the last callback given, and the
 * callback fires at a later poll. So one callback may answer for several batches: a batch counts as committed (or
 * failed) when the offsets of the callback cover all of its ranges. Outcomes are logged and recorded in the next
 * ledger entry.
 */
public final class CommitTracker implements OffsetCommitCallback {
    private static final Logger LOG = LoggerFactory.getLogger(CommitTracker.class);

    private final TreeMap<Long, Map<TopicPartition, Long>> pending = new TreeMap<>();
    private final List<CommitOutcome> unrecorded = new ArrayList<>();
    private long confirmedThrough;
    private long failures;
    private long haltWhenConfirmed = Long.MAX_VALUE;

    /** Registers a batch whose offsets were just queued for commit. */
    public synchronized void queued(long sequence, Map<TopicPartition, Long> untilOffsets) {
        pending.put(sequence, new HashMap<>(untilOffsets));
    }

    @Override
    public synchronized void onComplete(Map<TopicPartition, OffsetAndMetadata> offsets, Exception exception) {
        long now = System.currentTimeMillis();
        Iterator<Map.Entry<Long, Map<TopicPartition, Long>>> it = pending.entrySet().iterator();
        while (it.hasNext()) {
            Map.Entry<Long, Map<TopicPartition, Long>> e = it.next();
            if (!covered(e.getValue(), offsets)) {
                continue;
            }
            it.remove();
            if (exception == null) {
                confirmedThrough = Math.max(confirmedThrough, e.getKey());
                JobMetrics.get().commitConfirmedThrough.set(confirmedThrough);
                unrecorded.add(new CommitOutcome(e.getKey(), true, null, now));
                if (confirmedThrough >= haltWhenConfirmed) {
                    FaultPoints.halt(FaultPoints.Point.AFTER_COMMIT);
                }
            } else {
                failures++;
                JobMetrics.get().commitFailures.inc();
                unrecorded.add(new CommitOutcome(e.getKey(), false, String.valueOf(exception), now));
                LOG.warn("Kafka commit of batch #{} failed: {} (the ledger holds the batch; a later commit or the "
                        + "final commit at stop carries its offsets)", e.getKey(), exception.toString());
            }
        }
    }

    private static boolean covered(Map<TopicPartition, Long> untils, Map<TopicPartition, OffsetAndMetadata> offsets) {
        for (Map.Entry<TopicPartition, Long> u : untils.entrySet()) {
            OffsetAndMetadata om = offsets.get(u.getKey());
            if (om == null || om.offset() < u.getValue()) {
                return false;
            }
        }
        return true;
    }

    /** Test-only fault point: halt the JVM as soon as Kafka confirms the commit of this batch. */
    synchronized void haltWhenConfirmed(long sequence) {
        haltWhenConfirmed = sequence;
    }

    /** Outcomes not yet written to the ledger; the caller writes them into the next entry. */
    public synchronized List<CommitOutcome> drainOutcomes() {
        List<CommitOutcome> out = new ArrayList<>(unrecorded);
        unrecorded.clear();
        return out;
    }

    /** Highest batch sequence whose commit Kafka confirmed; 0 if none yet. */
    public synchronized long confirmedThrough() {
        return confirmedThrough;
    }

    public synchronized long failures() {
        return failures;
    }
}
