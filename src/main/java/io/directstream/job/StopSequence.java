package io.directstream.job;

import io.directstream.config.JobConfig;
import io.directstream.ledger.CommitOutcome;
import io.directstream.ledger.LedgerState;
import io.directstream.source.DataLossPolicy;
import io.directstream.source.KafkaAdmin;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.OffsetOutOfRangeException;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** What happens after the stream has stopped: the synchronous commit of a graceful stop, or the diagnosis of a failure. */
final class StopSequence {
    private static final Logger LOG = LoggerFactory.getLogger(StopSequence.class);

    private final JobConfig config;

    StopSequence(JobConfig config) {
        this.config = config;
    }

    /** A batch that met offsets deleted by retention: say which, and what a restart will do. */
    void explainDataLoss(Throwable failure, StartPlan plan) {
        boolean outOfRange = false;
        for (Throwable t = failure; t != null; t = t.getCause()) {
            outOfRange |= t instanceof OffsetOutOfRangeException
                    || String.valueOf(t.getMessage()).contains("OffsetOutOfRangeException");
        }
        if (!outOfRange) {
            return;
        }
        Map<TopicPartition, Long> ends = new HashMap<>();
        plan.starts().forEach(st -> ends.put(st.partition(), plan.state().endOffset(st.partition()).orElse(st.offset())));
        try (KafkaAdmin admin = new KafkaAdmin(config.kafkaParams(), config.startupTimeout())) {
            admin.earliest(ends.keySet()).forEach((tp, earliest) -> {
                long end = ends.get(tp);
                if (end < earliest) {
                    LOG.error("Data loss: {} offsets {} to {} were deleted (retention) before the job read them; the "
                            + "earliest available is {}. On restart, source.on.data.loss={} {}.", tp, end, earliest - 1,
                            earliest, config.onDataLoss(), config.onDataLoss() == DataLossPolicy.SKIP
                                    ? "records the gap in the ledger and goes on" : "refuses to start (set skip to go on)");
                }
            });
        } catch (RuntimeException e) {
            LOG.warn("Could not look up the earliest offsets to explain the data loss: {}", e.toString());
        }
    }

    /**
     * Commits the ledger's ends synchronously (the stream's consumer has left the group, so Kafka accepts a commit
     * from outside it) and records the outcome as a commit entry in the ledger.
     */
    boolean finalCommit(StartPlan plan, CommitTracker commits, String stopReason) {
        LedgerState state = plan.state();
        Map<TopicPartition, Long> ends = state.endOffsets();
        if (ends.isEmpty()) {
            return true;
        }
        boolean ok;
        String error = null;
        try (KafkaAdmin admin = new KafkaAdmin(config.kafkaParams(), config.startupTimeout())) {
            // a fenced instance must not move the group: a newer one owns it now
            plan.lease().checkHeld();
            Map<TopicPartition, Long> committed = admin.committed(ends.keySet());
            Map<TopicPartition, Long> behind = new HashMap<>();
            ends.forEach((tp, end) -> {
                if (!end.equals(committed.get(tp))) {
                    behind.put(tp, end);
                }
            });
            admin.commit(behind);
            LOG.info("Final commit: group {} now at the ledger's ends ({} partitions updated)", config.groupId(), behind.size());
            ok = true;
        } catch (RuntimeException e) {
            LOG.error("Final commit of the ledger's ends to group {} failed: {}. Nothing is lost: the next start "
                    + "resumes from the ledger.", config.groupId(), e.toString());
            ok = false;
            error = e.toString();
        }
        try {
            List<CommitOutcome> outcomes = new ArrayList<>(commits.drainOutcomes());
            outcomes.add(new CommitOutcome(state.lastSequence(), ok, error, System.currentTimeMillis()));
            plan.ledger().commit("synchronous commit at stop: " + stopReason, outcomes);
        } catch (RuntimeException e) {
            LOG.warn("Could not record the final commit in the ledger: {}", e.toString());
        }
        return ok;
    }
}
