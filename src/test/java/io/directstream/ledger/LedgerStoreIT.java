package io.directstream.ledger;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import com.amazonaws.services.s3.AmazonS3;
import io.directstream.storage.S3Location;
import io.directstream.testing.SharedServices;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.common.TopicPartition;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;

/** The ledger in a real S3 server. */
public class LedgerStoreIT {
    private static AmazonS3 s3;

    @BeforeClass
    public static void setUp() {
        s3 = SharedServices.s3().client();
    }

    @AfterClass
    public static void tearDown() {
        s3.shutdown();
    }

    private static LedgerStore store() {
        return new LedgerStore(s3, new S3Location(SharedServices.BUCKET, SharedServices.unique("ledger")));
    }

    @Test
    public void anAbsentLedgerIsEmpty() {
        LedgerState s = store().load();
        assertTrue(s.isEmpty());
        assertTrue(s.endOffsets().isEmpty());
    }

    @Test
    public void entriesAreReadBackInOrder() {
        LedgerStore store = store();
        for (int i = 1; i <= 5; i++) {
            store.append(LedgerStateTest.entry(i, LedgerStateTest.range("t", 0, (i - 1) * 10L, i * 10L)));
        }
        LedgerState s = store.load();
        assertEquals(5, s.lastSequence());
        assertEquals(Optional.of(50L), s.endOffset(new TopicPartition("t", 0)));
        assertTrue(s.anomalies().isEmpty());
        List<Long> seqs = new ArrayList<>();
        store.entries(2).forEachRemaining(e -> seqs.add(e.sequence()));
        assertEquals(List.of(3L, 4L, 5L), seqs);
        assertTrue(store.entryKey(3).endsWith("/_ledger/entries/00000000000000000003.json"));
    }

    private static List<Long> sequencesAfter(LedgerStore store, long after, long... present) {
        for (long seq : present) {
            store.append(LedgerStateTest.entry(seq, LedgerStateTest.range("t", 0, seq * 10, seq * 10 + 10)));
        }
        List<Long> seqs = new ArrayList<>();
        store.entries(after).forEachRemaining(e -> seqs.add(e.sequence()));
        return seqs;
    }

    @Test
    public void entriesAreListedBlockByBlockAcrossABlocksEnd() {
        // keys are listed a thousand sequences at a time: reading on from 995 crosses into the next block
        assertEquals(List.of(995L, 996L, 997L, 998L, 999L, 1000L, 1001L, 1002L),
                sequencesAfter(store(), 994, 995, 996, 997, 998, 999, 1000, 1001, 1002));
        assertEquals("a block that ends on its last sequence, and nothing after", List.of(998L, 999L),
                sequencesAfter(store(), 997, 998, 999));
        assertEquals(List.of(), sequencesAfter(store(), 2999));
    }

    @Test
    public void aHoleAtABlocksEndIsDamage() {
        LedgerStore store = store();
        for (long seq : new long[] {997, 998, 1000, 1001}) {
            store.append(LedgerStateTest.entry(seq, LedgerStateTest.range("t", 0, seq * 10, seq * 10 + 10)));
        }
        Iterator<LedgerEntry> it = store.entries(996);
        assertEquals(997, it.next().sequence());
        assertEquals(998, it.next().sequence());
        try {
            it.next();
            throw new AssertionError("entry 999 is missing and 1000 exists: that is a hole, not the ledger's end");
        } catch (LedgerDamagedException e) {
            assertTrue(e.getMessage(), e.getMessage().contains("has no entry 999"));
        }
    }

    @Test
    public void loadingStartsFromTheSnapshotNotTheWholeHistory() {
        LedgerStore store = store();
        LedgerState live = new LedgerState();
        for (int i = 1; i <= 4; i++) {
            LedgerEntry e = LedgerStateTest.entry(i, LedgerStateTest.range("t", 1, (i - 1) * 10L, i * 10L));
            store.append(e);
            live.apply(e);
        }
        store.writeSnapshot(live, 123);
        store.append(LedgerStateTest.entry(5, LedgerStateTest.range("t", 1, 40, 47)));
        // entries folded into the snapshot are not read again: deleting them changes nothing
        for (int i = 1; i <= 4; i++) {
            s3.deleteObject(SharedServices.BUCKET, store.entryKey(i));
        }
        LedgerState s = store.load();
        assertEquals(5, s.lastSequence());
        assertEquals(Optional.of(47L), s.endOffset(new TopicPartition("t", 1)));
        assertEquals(0, s.partitions().get(new TopicPartition("t", 1)).firstOffset());
        assertEquals(5, s.partitions().get(new TopicPartition("t", 1)).batches());
    }

    @Test
    public void historyReadsSegmentsThenTheEntriesAfterThemOnce() {
        LedgerStore store = store();
        java.util.List<LedgerEntry> all = new ArrayList<>();
        for (int i = 1; i <= 12; i++) {
            LedgerEntry e = LedgerStateTest.entry(i, LedgerStateTest.range("t", 0, (i - 1) * 10L, i * 10L));
            store.append(e);
            all.add(e);
        }
        store.writeSegment(all.subList(0, 5));
        store.writeSegment(all.subList(3, 9));  // overlaps the first, as after a crash between segment and snapshot
        // entries covered by segments are not read again: removing them changes nothing
        for (int i = 1; i <= 9; i++) {
            s3.deleteObject(SharedServices.BUCKET, store.entryKey(i));
        }
        List<Long> seqs = new ArrayList<>();
        store.history().forEachRemaining(e -> seqs.add(e.sequence()));
        assertEquals(List.of(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L, 11L, 12L), seqs);
        assertTrue(store.segmentKey(1, 5).endsWith("/_ledger/segments/00000000000000000001-00000000000000000005.jsonl.gz"));
    }

    @Test
    public void listingPagesThroughManyEntries() {
        LedgerStore store = store();
        for (int i = 1; i <= 1105; i++) {
            store.append(LedgerStateTest.entry(i, LedgerStateTest.range("t", 2, i - 1L, i)));
        }
        Iterator<LedgerEntry> it = store.entries(0);
        long n = 0;
        while (it.hasNext()) {
            assertEquals(++n, it.next().sequence());
        }
        assertEquals(1105, n);
        assertEquals(Optional.of(1105L), store.load().endOffset(new TopicPartition("t", 2)));
    }

    @Test
    public void twoWritersOfOneSequenceCannotBothRecordIt() {
        LedgerStore store = store();
        LedgerEntry mine = LedgerStateTest.entry(1, LedgerStateTest.range("t", 0, 0, 10));
        store.append(mine);
        store.append(mine); // a retried PUT of the same entry meets its own bytes: not a conflict
        LedgerEntry theirs = new LedgerEntry(1, "other-run", "job", 1, 1, 1, 1,
                List.of(LedgerStateTest.range("t", 0, 0, 20)), List.of());
        LedgerConflictException e = org.junit.Assert.assertThrows(LedgerConflictException.class, () -> store.append(theirs));
        assertTrue(e.getMessage(), e.getMessage().contains("ledger entry 1 at s3://" + SharedServices.BUCKET + "/"));
        assertEquals(Optional.of(10L), store.load().endOffset(new TopicPartition("t", 0)));
    }

    @Test
    public void aWriterWhoseFenceFailsWritesNothing() {
        LedgerStore store = store();
        boolean[] held = {true};
        LedgerWriter w = LedgerWriter.open(store, () -> {
            if (!held[0]) {
                throw new LedgerConflictException("fenced");
            }
        }, "run", "job", 100);
        w.seed("start", List.of(LedgerWriter.empty(new TopicPartition("t", 0), 0)));
        w.batch(1, 1, 1, List.of(LedgerStateTest.range("t", 0, 0, 10)), List.of());
        held[0] = false;
        org.junit.Assert.assertThrows(LedgerConflictException.class,
                () -> w.batch(2, 2, 2, List.of(LedgerStateTest.range("t", 0, 10, 20)), List.of()));
        LedgerState s = store.load();
        assertEquals(2, s.lastSequence());
        assertEquals(Optional.of(10L), s.endOffset(new TopicPartition("t", 0)));
    }

    @Test
    public void theWriterCompactsIntoASegmentAndASnapshot() {
        LedgerStore store = store();
        LedgerWriter w = LedgerWriter.open(store, () -> { }, "run", "job", 3);
        for (int i = 0; i < 7; i++) {
            w.batch(i, i, i, List.of(LedgerStateTest.range("t", 0, i * 10L, i * 10L + 10)), List.of());
        }
        assertEquals(6, store.readSnapshot().get().lastSequence());
        List<LedgerEntry> afterSnapshot = new ArrayList<>();
        LedgerState s = store.load(afterSnapshot);
        assertEquals(7, s.lastSequence());
        assertEquals(1, afterSnapshot.size());
        List<Long> seqs = new ArrayList<>();
        store.history().forEachRemaining(e -> seqs.add(e.sequence()));
        assertEquals(List.of(1L, 2L, 3L, 4L, 5L, 6L, 7L), seqs);
    }

    @Test
    public void theRealS3ServerHonoursConditionalWrites() {
        LedgerStore store = store();
        store.requireConditionalWrites(new io.directstream.storage.S3ObjectStore(s3, SharedServices.BUCKET));
    }
}
