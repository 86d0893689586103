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
        /** Per partition: record timestamps by offset (sorted by offset). */
        final Map<TopicPartition, java.util.TreeMap<Long, Long>> timestamps = new HashMap<>();

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

        @Override
        public Map<TopicPartition, Long> offsetsForTime(Collection<TopicPartition> partitions, long timestampMs) {
            Map<TopicPartition, Long> out = new HashMap<>();
            for (TopicPartition tp : partitions) {
                timestamps.getOrDefault(tp, new java.util.TreeMap<>()).entrySet().stream()
                        .filter(e -> e.getValue() >= timestampMs).findFirst().ifPresent(e -> out.put(tp, e.getKey()));
            }
            return out;
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
    public void underPolicySkipALostStartMovesToTheEarliestAndSaysWhatIsLost() {
        FakeOffsets k = new FakeOffsets().partition(A0, 500, 900).partition(A1, 0, 10);
        List<PartitionStart> s = new StartOffsetResolver(k).resolve(List.of(A0, A1), Map.of(A0, 120L),
                StartingPosition.earliest(), DataLossPolicy.SKIP);
        assertEquals(500, s.get(0).offset());
        assertEquals(java.util.Optional.of(120L), s.get(0).lostFrom());
        assertEquals(0, s.get(1).offset());
        assertEquals(java.util.Optional.empty(), s.get(1).lostFrom());
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
    public void explicitOffsetsOverrideTheLedgerWithStructuredStreamingMarks() {
        FakeOffsets k = new FakeOffsets().partition(A0, 5, 100).partition(A1, 0, 50);
        List<PartitionStart> s = new StartOffsetResolver(k).resolve(List.of(A0, A1), Map.of(A0, 80L, A1, 40L),
                StartingPosition.earliest(), DataLossPolicy.FAIL,
                StartSpec.parseOffsets("{\"a\":{\"0\":-2,\"1\":17}}"));
        assertEquals(5, s.get(0).offset());
        assertEquals(Reason.EARLIEST, s.get(0).reason());
        assertEquals(17, s.get(1).offset());
        assertEquals(Reason.OFFSET, s.get(1).reason());

        SourceUnavailableException e = assertThrows(SourceUnavailableException.class, () -> new StartOffsetResolver(k)
                .resolve(List.of(A0, A1), Map.of(), StartingPosition.earliest(), DataLossPolicy.FAIL,
                        StartSpec.parseOffsets("{\"a\":{\"0\":-1}}")));
        assertTrue(e.getMessage(), e.getMessage().contains("must name every partition read; missing: [a-1]"));
    }

    @Test
    public void timestampsResolvePerPartitionWithAStrategyForPartitionsWithoutLaterRecords() {
        FakeOffsets k = new FakeOffsets().partition(A0, 0, 3).partition(A1, 0, 2);
        k.timestamps.put(A0, new java.util.TreeMap<>(Map.of(0L, 1000L, 1L, 2000L, 2L, 3000L)));
        k.timestamps.put(A1, new java.util.TreeMap<>(Map.of(0L, 500L, 1L, 600L)));
        SourceUnavailableException e = assertThrows(SourceUnavailableException.class, () -> new StartOffsetResolver(k)
                .resolve(List.of(A0, A1), Map.of(), StartingPosition.earliest(), DataLossPolicy.FAIL,
                        StartSpec.timestamp(1500, false)));
        assertTrue(e.getMessage(), e.getMessage().contains("a-1: no record at or after 1970-01-01T00:00:01.500Z (log end 2)"));

        List<PartitionStart> s = new StartOffsetResolver(k).resolve(List.of(A0, A1), Map.of(),
                StartingPosition.earliest(), DataLossPolicy.FAIL, StartSpec.timestamp(1500, true));
        assertEquals(1, s.get(0).offset());
        assertEquals(Reason.TIMESTAMP, s.get(0).reason());
        assertEquals(2, s.get(1).offset());
        assertEquals(Reason.LATEST, s.get(1).reason());

        List<PartitionStart> per = new StartOffsetResolver(k).resolve(List.of(A0, A1), Map.of(),
                StartingPosition.earliest(), DataLossPolicy.FAIL,
                StartSpec.timestamps(StartSpec.parsePartitionJson("{\"a\":{\"0\":2500,\"1\":550}}", "t"), false));
        assertEquals(2, per.get(0).offset());
        assertEquals(1, per.get(1).offset());
    }

    @Test
    public void committedIgnoresTheLedger() {
        FakeOffsets k = new FakeOffsets().partition(A0, 0, 100).partition(A1, 0, 100);
        k.committed.put(A0, 30L);
        List<PartitionStart> s = new StartOffsetResolver(k).resolve(List.of(A0, A1), Map.of(A0, 80L, A1, 90L),
                StartingPosition.latest(), DataLossPolicy.FAIL, StartSpec.committed());
        assertEquals(30, s.get(0).offset());
        assertEquals(Reason.COMMITTED, s.get(0).reason());
        assertEquals("no commit: the configured position", 100, s.get(1).offset());
    }

    @Test
    public void startSpecsParseAsStructuredStreamingWritesThem() {
        assertEquals(StartSpec.resume(), StartSpec.parseOffsets(""));
        assertEquals(StartSpec.earliest(), StartSpec.parseOffsets("earliest"));
        assertEquals(StartSpec.committed(), StartSpec.parseOffsets("committed"));
        assertEquals(new StartSpec.Offsets(Map.of(new TopicPartition("topicA", 0), new PartitionOffset.At(23),
                        new TopicPartition("topicA", 1), PartitionOffset.EARLIEST)),
                StartSpec.parseOffsets("{\"topicA\":{\"0\":23,\"1\":-2}}"));
        IllegalArgumentException negative = assertThrows(IllegalArgumentException.class,
                () -> StartSpec.parseOffsets("{\"topicA\":{\"0\":-5}}"));
        assertTrue("refused where it is parsed, naming the partition: " + negative.getMessage(),
                negative.getMessage().startsWith("topicA-0: offset -5 is not an offset"));
        assertEquals(1_700_000_000_000L, StartSpec.parseTime("1700000000000"));
        assertEquals(1_700_000_000_000L, StartSpec.parseTime("2023-11-14T22:13:20Z"));
        assertThrows(IllegalArgumentException.class, () -> StartSpec.parseOffsets("{\"t\":[1,2]}"));
        assertThrows(IllegalArgumentException.class, () -> StartSpec.parseOffsets("{oops"));
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
