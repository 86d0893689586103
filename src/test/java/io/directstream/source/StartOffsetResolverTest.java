package io.directstream.source;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import io.directstream.source.PartitionStart.Reason;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;
import org.junit.Test;

public class StartOffsetResolverTest {
    static final TopicPartition A0 = new TopicPartition("a", 0);
    static final TopicPartition A1 = new TopicPartition("a", 1);
    static final TopicPartition A2 = new TopicPartition("a", 2);
    static final TopicPartition A3 = new TopicPartition("a", 3);

    /** Offsets of a fake cluster; asking for a partition it does not know fails the test. */
    static final class FakeOffsets implements OffsetsRetriever {
        final Map<TopicPartition, Long> committed = new HashMap<>();
        final Map<TopicPartition, Long> earliest = new HashMap<>();
        final Map<TopicPartition, Long> latest = new HashMap<>();

        FakeOffsets partition(TopicPartition tp, long first, long end) {
            earliest.put(tp, first);
            latest.put(tp, end);
            return this;
        }

        private Map<TopicPartition, Long> pick(Map<TopicPartition, Long> from, Collection<TopicPartition> tps, boolean strict) {
            Map<TopicPartition, Long> out = new HashMap<>();
            for (TopicPartition tp : tps) {
                if (strict && !from.containsKey(tp)) {
                    throw new AssertionError("unexpected request for " + tp);
                }
                if (from.containsKey(tp)) {
                    out.put(tp, from.get(tp));
                }
            }
            return out;
        }

        @Override
        public Map<TopicPartition, Long> committed(Collection<TopicPartition> partitions) {
            return pick(committed, partitions, false);
        }

        @Override
        public Map<TopicPartition, Long> earliest(Collection<TopicPartition> partitions) {
            return pick(earliest, partitions, true);
        }

        @Override
        public Map<TopicPartition, Long> latest(Collection<TopicPartition> partitions) {
            return pick(latest, partitions, true);
        }
    }

    @Test
    public void ledgerThenCommittedThenConfiguredPosition() {
        FakeOffsets k = new FakeOffsets().partition(A0, 0, 100).partition(A1, 10, 200).partition(A2, 5, 50).partition(A3, 0, 0);
        k.committed.put(A0, 60L);
        k.committed.put(A1, 150L);
        List<PartitionStart> s = new StartOffsetResolver(k).resolve(List.of(A0, A1, A2, A3), Map.of(A0, 80L),
                StartingPosition.earliest());
        assertEquals(80, s.get(0).offset());
        assertEquals(Reason.LEDGER, s.get(0).reason());
        assertEquals(150, s.get(1).offset());
        assertEquals(Reason.COMMITTED, s.get(1).reason());
        assertEquals(5, s.get(2).offset());
        assertEquals(Reason.EARLIEST, s.get(2).reason());
        assertEquals(45, s.get(2).backlog());
        assertEquals(0, s.get(3).offset());

        List<PartitionStart> latest = new StartOffsetResolver(k).resolve(List.of(A2), Map.of(), StartingPosition.latest());
        assertEquals(50, latest.get(0).offset());
        assertEquals(Reason.LATEST, latest.get(0).reason());
    }

    @Test
    public void theLedgerWinsOverACommittedOffsetAhead() {
        FakeOffsets k = new FakeOffsets().partition(A0, 0, 100);
        k.committed.put(A0, 90L);
        assertEquals(70, new StartOffsetResolver(k).resolve(List.of(A0), Map.of(A0, 70L), StartingPosition.latest())
                .get(0).offset());
    }

    @Test
    public void aStartBelowTheEarliestOffsetIsDataLossAndRefused() {
        FakeOffsets k = new FakeOffsets().partition(A0, 500, 900).partition(A1, 0, 10);
        SourceUnavailableException e = assertThrows(SourceUnavailableException.class,
                () -> new StartOffsetResolver(k).resolve(List.of(A0, A1), Map.of(A0, 120L), StartingPosition.earliest()));
        assertTrue(e.getMessage(), e.getMessage().contains("a-0: the ledger start offset 120 is no longer in Kafka "
                + "(retention deleted offsets 120 to 499; the earliest available is 500)"));
    }

    @Test
    public void aStartBeyondTheLogEndIsRefused() {
        FakeOffsets k = new FakeOffsets().partition(A0, 0, 10);
        k.committed.put(A0, 30L);
        SourceUnavailableException e = assertThrows(SourceUnavailableException.class,
                () -> new StartOffsetResolver(k).resolve(List.of(A0), Map.of(), StartingPosition.earliest()));
        assertTrue(e.getMessage(), e.getMessage().contains("committed start offset 30 is beyond the log end 10"));
    }

    @Test
    public void theStartTableListsEveryPartition() {
        FakeOffsets k = new FakeOffsets().partition(A0, 0, 100).partition(A1, 0, 7);
        String table = StartTable.format(new StartOffsetResolver(k).resolve(List.of(A0, A1), Map.of(A0, 40L),
                StartingPosition.earliest()));
        assertTrue(table, table.startsWith("TOPIC  PARTITION  START-OFFSET  FROM      COMMITTED  EARLIEST  LOG-END  BACKLOG\n"));
        assertTrue(table, table.contains("a      0          40            ledger    -          0         100      60\n"));
        assertTrue(table, table.endsWith("2 partitions, 67 records to catch up\n"));
    }
}
