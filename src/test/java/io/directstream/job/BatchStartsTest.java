package io.directstream.job;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import io.directstream.ledger.LedgerEntry;
import io.directstream.ledger.LedgerRange;
import io.directstream.ledger.LedgerState;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;
import org.apache.spark.streaming.Time;
import org.apache.spark.streaming.kafka010.OffsetRange;
import org.junit.Test;

/** Where each range of a batch starts: contiguity, partitions that join, and batches of a recovered checkpoint. */
public class BatchStartsTest {
    private static final TopicPartition A0 = new TopicPartition("a", 0);
    private static final TopicPartition B0 = new TopicPartition("b", 0);
    private static final Time T = new Time(1000);

    /** A ledger that recorded a-0 [0,100) and b-0 [0,500). */
    private static LedgerState ledger() {
        LedgerState s = new LedgerState();
        s.apply(new LedgerEntry(1, "run", "job", 1, 1, 1, 1, List.of(
                new LedgerRange("a", 0, 0, 100, 100, 100, 0, 1, "k", null),
                new LedgerRange("b", 0, 0, 500, 500, 500, 0, 1, "k2", null)), List.of()));
        return s;
    }

    private static OffsetRange r(TopicPartition tp, long from, long until) {
        return OffsetRange.create(tp, from, until);
    }

    @Test
    public void rangesStartWhereTheirPartitionEnded() {
        BatchStarts s = new BatchStarts(Map.of(A0, 100L), ledger());
        OffsetRange[] batch = {r(A0, 100, 150)};
        assertArrayEquals(new long[] {100}, froms(s, batch));
        s.advance(batch);
        assertArrayEquals(new long[] {150}, froms(s, new OffsetRange[] {r(A0, 150, 150)}));
        BatchStarts.ContiguityException skip = assertThrows(BatchStarts.ContiguityException.class,
                () -> s.plan(new OffsetRange[] {r(A0, 160, 200)}, T));
        assertTrue(skip.getMessage(), skip.getMessage().contains("it would skip offsets 150 to 159"));
    }

    @Test
    public void aPartitionNewToTheLedgerJoinsWhereTheStreamFoundIt() {
        BatchStarts s = new BatchStarts(Map.of(A0, 100L), ledger());
        assertArrayEquals(new long[] {100, 7}, froms(s, new OffsetRange[] {r(A0, 100, 110), r(new TopicPartition("c", 0), 7, 9)}));
    }

    @Test
    public void aPartitionTheLedgerKnowsMustResumeAtItsEndEvenWhenItJoinsLater() {
        // b-0 was not read at start (its topic had been deleted); it comes back re-created, at offset 0
        BatchStarts s = new BatchStarts(Map.of(A0, 100L), ledger());
        BatchStarts.ContiguityException e = assertThrows(BatchStarts.ContiguityException.class,
                () -> s.plan(new OffsetRange[] {r(A0, 100, 110), r(B0, 0, 20)}, T));
        assertTrue(e.getMessage(), e.getMessage().contains("where the ledger says b-0 ended (500)"));
        assertTrue(e.getMessage(), e.getMessage().contains("was the topic deleted and re-created?"));
        assertArrayEquals(new long[] {500}, froms(s, new OffsetRange[] {r(B0, 500, 510)}));
    }

    @Test
    public void aRecoveredCheckpointOlderThanTheLedgerIsTrimmedToWhatTheLedgerLacks() {
        BatchStarts s = new BatchStarts(Map.of(A0, 100L, B0, 500L), ledger());
        OffsetRange[] straddling = {r(A0, 60, 130), r(B0, 400, 450)};
        assertThrows("not without a recovery", BatchStarts.ContiguityException.class, () -> s.plan(straddling, T));
        s.recoveredFromCheckpoint();
        assertArrayEquals("a-0 from the ledger's end; b-0 wholly recorded", new long[] {100, 450}, froms(s, straddling));
        s.advance(straddling);
        assertArrayEquals(new long[] {130, 500}, froms(s, new OffsetRange[] {r(A0, 130, 140), r(B0, 450, 520)}));
    }

    /** Where each range of the planned work starts; the work keeps the batch's partitions, order and untils. */
    private static long[] froms(BatchStarts s, OffsetRange[] batch) {
        OffsetRange[] work = s.plan(batch, T);
        long[] out = new long[work.length];
        for (int i = 0; i < work.length; i++) {
            assertEquals(batch[i].topicPartition(), work[i].topicPartition());
            assertEquals(batch[i].untilOffset(), work[i].untilOffset());
            out[i] = work[i].fromOffset();
        }
        return out;
    }
}
