package io.directstream.ledger;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.util.List;
import java.util.Optional;
import org.apache.kafka.common.TopicPartition;
import org.junit.Test;

public class LedgerStateTest {
    static LedgerRange range(String t, int p, long from, long until) {
        return new LedgerRange(t, p, from, until, until - from, until - from, 0, 10 * (until - from),
                "k/" + t + p + from, null);
    }

    static LedgerEntry entry(long seq, LedgerRange... ranges) {
        return new LedgerEntry(seq, "run", "job", 1000 * seq, 1000 * seq, 1000 * seq + 1, 1000 * seq + 2,
                List.of(ranges), List.of());
    }

    @Test
    public void foldsEntriesIntoPartitionEnds() {
        LedgerState s = new LedgerState();
        s.apply(entry(1, range("a", 0, 0, 10), range("a", 1, 5, 7)));
        s.apply(entry(2, range("a", 0, 10, 25)));
        s.apply(entry(3, range("b", 0, 100, 101), range("a", 1, 7, 9)));
        assertEquals(Optional.of(25L), s.endOffset(new TopicPartition("a", 0)));
        assertEquals(Optional.of(9L), s.endOffset(new TopicPartition("a", 1)));
        assertEquals(Optional.of(101L), s.endOffset(new TopicPartition("b", 0)));
        assertEquals(Optional.empty(), s.endOffset(new TopicPartition("b", 1)));
        assertEquals(3, s.lastSequence());
        assertEquals(25 + 4 + 1, s.records());
        PartitionProgress a0 = s.partitions().get(new TopicPartition("a", 0));
        assertEquals(0, a0.firstOffset());
        assertEquals(2, a0.batches());
        assertEquals(2, a0.lastSequence());
        assertTrue(s.anomalies().isEmpty());
    }

    @Test
    public void gapsAndOverlapsAreKeptAsAnomalies() {
        LedgerState s = new LedgerState();
        s.apply(entry(1, range("a", 0, 0, 10)));
        s.apply(entry(2, range("a", 0, 12, 20)));
        s.apply(entry(3, range("a", 0, 15, 30)));
        assertEquals(2, s.anomalies().size());
        assertTrue(s.anomalies().get(0), s.anomalies().get(0).contains("gap after 10"));
        assertTrue(s.anomalies().get(1), s.anomalies().get(1).contains("overlaps offsets below 20"));
        assertEquals(Optional.of(30L), s.endOffset(new TopicPartition("a", 0)));
    }

    @Test
    public void entriesMustComeInOrder() {
        LedgerState s = new LedgerState();
        s.apply(entry(2, range("a", 0, 0, 10)));
        assertThrows(IllegalStateException.class, () -> s.apply(entry(2, range("a", 0, 10, 20))));
    }
}
