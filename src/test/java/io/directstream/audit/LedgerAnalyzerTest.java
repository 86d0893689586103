package io.directstream.audit;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import io.directstream.ledger.CommitOutcome;
import io.directstream.ledger.LedgerEntry;
import io.directstream.ledger.LedgerRange;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.TopicPartition;
import org.junit.Test;

/** The audit's pure logic on constructed ledgers. */
public class LedgerAnalyzerTest {
    static final TopicPartition A0 = new TopicPartition("a", 0);

    static LedgerRange range(String topic, int p, long from, long until) {
        return new LedgerRange(topic, p, from, until, until - from, until - from, 0, 1, "k", null);
    }

    static LedgerEntry batch(long seq, LedgerRange... ranges) {
        return new LedgerEntry(seq, "run", "job", seq * 1000, seq * 1000, seq * 1000 + 5, seq * 1000 + 6, List.of(ranges),
                List.of());
    }

    static LedgerAnalyzer analyze(LedgerEntry... entries) {
        LedgerAnalyzer a = new LedgerAnalyzer(Long.MIN_VALUE, Long.MAX_VALUE, 1000, 0, 1);
        for (LedgerEntry e : entries) {
            a.accept(e);
        }
        return a;
    }

    @Test
    public void aContiguousLedgerHasNoFinding() {
        LedgerAnalyzer a = analyze(batch(1, range("a", 0, 0, 10)), batch(2, range("a", 0, 10, 25)),
                batch(3, range("a", 0, 25, 26)));
        assertTrue(a.gaps().isEmpty());
        assertTrue(a.overlaps().isEmpty());
        assertTrue(a.ledgerProblems().isEmpty());
        PartitionTrack t = a.tracks().get(A0);
        assertEquals(0, t.first());
        assertEquals(25, t.last());
        assertEquals(26, t.end());
        assertEquals(26, t.records());
        assertEquals(3, t.batches());
    }

    @Test
    public void gapsAtTheStartInTheMiddleAndAtTheEnd() {
        LedgerAnalyzer a = analyze(batch(1, range("a", 0, 0, 10)), batch(2, range("a", 0, 12, 20)),
                batch(3, range("a", 0, 20, 30)), batch(4, range("a", 0, 35, 40)), batch(5, range("a", 0, 40, 50)),
                batch(6, range("a", 0, 51, 52)));
        List<Gap> g = a.gaps();
        assertEquals(3, g.size());
        assertEquals("a-0 [10,12) unexplained", g.get(0).toString());
        assertEquals(2, g.get(0).atSequence());
        assertEquals("a-0 [30,35) unexplained", g.get(1).toString());
        assertEquals("a-0 [50,51) unexplained", g.get(2).toString());
        assertEquals(6, g.get(2).atSequence());
        assertEquals(52, a.tracks().get(A0).end());
    }

    @Test
    public void overlapsNameTheBatches() {
        LedgerAnalyzer a = analyze(batch(1, range("a", 0, 0, 10)), batch(2, range("a", 0, 10, 20)),
                batch(3, range("a", 0, 5, 25)));
        assertEquals(1, a.overlaps().size());
        Overlap o = a.overlaps().get(0);
        assertEquals(5, o.from());
        assertEquals(20, o.until());
        assertEquals(List.of(1L, 2L, 3L), o.sequences());
        assertEquals(25, a.tracks().get(A0).end());
    }

    @Test
    public void partitionsThatAppearLaterStartTheirOwnSpan() {
        LedgerAnalyzer a = analyze(batch(1, range("a", 0, 0, 10)), batch(2, range("a", 0, 10, 20), range("a", 1, 500, 510)),
                batch(3, range("b", 0, 7, 9)));
        assertTrue(a.gaps().isEmpty());
        assertEquals(500, a.tracks().get(new TopicPartition("a", 1)).first());
        assertEquals(7, a.tracks().get(new TopicPartition("b", 0)).first());
        assertEquals(3, a.tracks().size());
    }

    @Test
    public void manyPartitionsInBoundedMemory() {
        List<LedgerEntry> entries = new ArrayList<>();
        for (int seq = 1; seq <= 2000; seq++) {
            List<LedgerRange> ranges = new ArrayList<>();
            for (int p = 0; p < 64; p++) {
                ranges.add(range("many", p, (seq - 1) * 10L, seq * 10L));
            }
            entries.add(new LedgerEntry(seq, "run", "job", seq * 1000L, 0, 0, 0, ranges, List.of()));
        }
        LedgerAnalyzer a = analyze(entries.toArray(new LedgerEntry[0]));
        assertEquals(64, a.tracks().size());
        assertTrue(a.gaps().isEmpty());
        for (PartitionTrack t : a.tracks().values()) {
            assertEquals(20_000, t.end());
            assertTrue("series downsampled: " + t.series().size(), t.series().size() <= 2 * PartitionTrack.MAX_POINTS);
            assertEquals("the latest point is kept", 20_000, t.series().get(t.series().size() - 1).offset());
        }
    }

    @Test
    public void gapEntriesAreExplainedAndCommitFailuresListed() {
        LedgerEntry gap = new LedgerEntry(LedgerEntry.Type.GAP, "retention", 2, "run", "job", 0, 0, 0, 0,
                List.of(new LedgerRange("a", 0, 10, 40, 0, 0, 0, 0, null, null)), List.of());
        LedgerEntry b3 = new LedgerEntry(3, "run", "job", 3000, 0, 0, 0, List.of(range("a", 0, 40, 50)),
                List.of(new CommitOutcome(1, false, "RebalanceInProgress", 99)));
        LedgerAnalyzer a = analyze(batch(1, range("a", 0, 0, 10)), gap, b3);
        assertEquals(1, a.gaps().size());
        assertEquals(Gap.Cause.SKIPPED_LOST, a.gaps().get(0).cause());
        assertEquals(30, a.tracks().get(A0).skipped());
        assertEquals(2, a.tracks().get(A0).batches());
        assertEquals(1, a.commitFailures().size());
        assertEquals("RebalanceInProgress", a.commitFailures().get(0).error());
    }

    @Test
    public void missingLedgerEntriesAreReported() {
        LedgerAnalyzer a = analyze(batch(1, range("a", 0, 0, 10)), batch(4, range("a", 0, 30, 40)));
        assertEquals(List.of("ledger entries 2 to 3 are missing"), a.ledgerProblems());
        assertEquals(1, a.gaps().size());
    }

    @Test
    public void theWindowListsOnlyItsBatches() {
        LedgerAnalyzer a = new LedgerAnalyzer(2000, 4000, 1, 0, 1);
        for (int s = 1; s <= 5; s++) {
            a.accept(batch(s, range("a", 0, (s - 1) * 10L, s * 10L)));
        }
        assertEquals(2, a.batchesInWindow());
        assertEquals(20, a.recordsInWindow());
        assertEquals("capped at --max-batches", 1, a.window().size());
        assertEquals(2, a.window().get(0).sequence());
    }

    @Test
    public void theObjectSampleIsBoundedAndDrawnFromTheWholeHistory() {
        LedgerAnalyzer a = new LedgerAnalyzer(Long.MIN_VALUE, Long.MAX_VALUE, 10, 5, 42);
        for (int s = 1; s <= 1000; s++) {
            a.accept(batch(s, range("a", 0, (s - 1) * 10L, s * 10L)));
        }
        assertEquals(5, a.sample().size());
        assertTrue("a uniform sample of 1000 reaches past the first 5",
                a.sample().stream().anyMatch(x -> x.sequence > 5));
    }

    private static LedgerEntry withTriggers(long seq, io.directstream.ledger.TriggerCounts t, LedgerRange... ranges) {
        return new LedgerEntry(LedgerEntry.Type.BATCH, null, seq, "run", "job", seq * 1000, seq * 1000, seq * 1000 + 5,
                seq * 1000 + 6, List.of(ranges), List.of(), t);
    }

    @Test
    public void triggerCountsAreTotalledAndABatchWhoseTriggerMissedMessagesIsAProblem() {
        LedgerAnalyzer a = analyze(
                withTriggers(1, new io.directstream.ledger.TriggerCounts("driver", 8, 2, 1), range("a", 0, 0, 10)),
                withTriggers(2, new io.directstream.ledger.TriggerCounts("driver", 5, 0, 1), range("a", 0, 10, 15)));
        assertEquals(new io.directstream.ledger.TriggerCounts("driver", 13, 2, 2), a.triggerTotals().get());
        assertTrue(a.ledgerProblems().isEmpty());

        LedgerAnalyzer short_ = analyze(
                withTriggers(1, new io.directstream.ledger.TriggerCounts("executor", 9, 0, 0), range("a", 0, 0, 10)));
        assertEquals(List.of("batch entry 1 read 10 records but its trigger accounted for 9 messages (9 done, "
                + "0 dead-lettered)"), short_.ledgerProblems());
        assertTrue(analyze(batch(1, range("a", 0, 0, 10))).triggerTotals().isEmpty());
    }
}
