package io.directstream.job;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import io.directstream.ledger.CommitOutcome;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.Test;

public class CommitTrackerTest {
    static final TopicPartition P0 = new TopicPartition("t", 0);
    static final TopicPartition P1 = new TopicPartition("t", 1);

    @Test
    public void oneCallbackCanConfirmSeveralQueuedBatches() {
        CommitTracker t = new CommitTracker();
        t.queued(1, Map.of(P0, 10L, P1, 5L));
        t.queued(2, Map.of(P0, 20L, P1, 5L));
        t.queued(3, Map.of(P0, 30L, P1, 9L));
        // Spark merged the queue of batches 1 and 2 into one commit
        t.onComplete(Map.of(P0, new OffsetAndMetadata(20), P1, new OffsetAndMetadata(5)), null);
        assertEquals(2, t.confirmedThrough());
        List<CommitOutcome> out = t.drainOutcomes();
        assertEquals(2, out.size());
        assertTrue(out.get(0).committed() && out.get(0).sequence() == 1);
        assertTrue(out.get(1).committed() && out.get(1).sequence() == 2);
        assertTrue(t.drainOutcomes().isEmpty());
    }

    @Test
    public void aFailedCommitIsRecordedAndALaterOneSupersedesIt() {
        CommitTracker t = new CommitTracker();
        t.queued(1, Map.of(P0, 10L));
        t.onComplete(Map.of(P0, new OffsetAndMetadata(10)), new RuntimeException("coordinator moved"));
        assertEquals(0, t.confirmedThrough());
        assertEquals(1, t.failures());
        CommitOutcome failed = t.drainOutcomes().get(0);
        assertFalse(failed.committed());
        assertTrue(failed.error().get().contains("coordinator moved"));
        t.queued(2, Map.of(P0, 15L));
        t.onComplete(Map.of(P0, new OffsetAndMetadata(15)), null);
        assertEquals(2, t.confirmedThrough());
    }

    @Test
    public void aCommitThatDoesNotCoverABatchLeavesItPending() {
        CommitTracker t = new CommitTracker();
        t.queued(1, Map.of(P0, 10L, P1, 3L));
        t.onComplete(Map.of(P0, new OffsetAndMetadata(10)), null);
        assertEquals(0, t.confirmedThrough());
        assertTrue(t.drainOutcomes().isEmpty());
    }
}
