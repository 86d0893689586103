package io.directstream.ledger;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.common.TopicPartition;
import org.junit.Test;

/** Guards the ledger's serialized form: the golden files were written by format 1 and must stay readable. */
public class LedgerCodecTest {
    static LedgerEntry sample() {
        return new LedgerEntry(42, "20261121T101500Z-abc123", "orders-archive", 1_763_720_100_000L, 1_763_720_100_012L,
                1_763_720_100_950L, 1_763_720_100_990L,
                List.of(new LedgerRange("orders", 0, 1000, 1500, 500, 499, 1, 123_456,
                                "archive/topic=orders/partition=0/orders+0+00000000000000001000.jsonl",
                                "archive/_dead-letter/topic=orders/partition=0/orders+0+00000000000000001000.jsonl"),
                        new LedgerRange("orders", 3, 7, 9, 2, 2, 0, 800,
                                "archive/topic=orders/partition=3/orders+3+00000000000000000007.jsonl", null)),
                List.of(new CommitOutcome(40, true, null, 1_763_720_099_000L),
                        new CommitOutcome(41, false, "org.apache.kafka.common.errors.RebalanceInProgressException: x",
                                1_763_720_100_500L)));
    }

    static String golden(String name) throws IOException {
        try (InputStream in = LedgerCodecTest.class.getResourceAsStream("/ledger/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
        }
    }

    @Test
    public void entryEncodesToTheGoldenForm() throws IOException {
        assertEquals(golden("entry-format1.json"), new String(LedgerCodec.encode(sample()), StandardCharsets.UTF_8));
    }

    @Test
    public void goldenEntryDecodes() throws IOException {
        LedgerEntry e = LedgerCodec.decodeEntry(golden("entry-format1.json").getBytes(StandardCharsets.UTF_8));
        assertEquals(sample(), e);
        assertEquals(Optional.empty(), e.ranges().get(1).deadLetterKey());
        assertEquals(502, e.records());
    }

    @Test
    public void snapshotRoundTripsThroughTheGoldenForm() throws IOException {
        LedgerState s = new LedgerState();
        s.apply(sample());
        String json = new String(LedgerCodec.encodeSnapshot(s, 1_763_720_101_000L), StandardCharsets.UTF_8);
        assertEquals(golden("snapshot-format1.json"), json);
        LedgerState back = LedgerCodec.decodeSnapshot(golden("snapshot-format1.json").getBytes(StandardCharsets.UTF_8));
        assertEquals(42, back.lastSequence());
        assertEquals(s.partitions(), back.partitions());
        assertEquals(Optional.of(1500L), back.endOffset(new TopicPartition("orders", 0)));
    }

    static LedgerEntry gap() {
        return new LedgerEntry(LedgerEntry.Type.GAP, "deleted by retention before the job read them", 43,
                "20261121T101600Z-def456", "orders-archive", 0, 1_763_720_160_000L, 1_763_720_160_000L,
                1_763_720_160_000L, List.of(new LedgerRange("orders", 0, 1500, 1700, 0, 0, 0, 0, null, null)), List.of());
    }

    @Test
    public void gapAndCommitEntriesKeepTheirTypeAndNote() throws IOException {
        String json = new String(LedgerCodec.encode(gap()), StandardCharsets.UTF_8);
        assertEquals(golden("gap-format1.json"), json);
        LedgerEntry back = LedgerCodec.decodeEntry(json.getBytes(StandardCharsets.UTF_8));
        assertEquals(gap(), back);
        assertEquals(LedgerEntry.Type.GAP, back.type());

        LedgerState s = new LedgerState();
        s.apply(sample());
        s.apply(back);
        assertEquals("a gap moves the end", Optional.of(1700L), s.endOffset(new TopicPartition("orders", 0)));
        assertEquals(200, s.skipped());
        assertEquals("a gap is not a batch", 1, s.partitions().get(new TopicPartition("orders", 0)).batches());
        assertTrue(s.anomalies().isEmpty());

        LedgerEntry commit = new LedgerEntry(LedgerEntry.Type.COMMIT, "synchronous commit at stop", 44, "r", "j", 0, 1, 1, 1,
                List.of(), List.of(new CommitOutcome(43, true, null, 1)));
        s.apply(LedgerCodec.decodeEntry(LedgerCodec.encode(commit)));
        assertEquals(44, s.lastSequence());
        assertEquals(Optional.of(1700L), s.endOffset(new TopicPartition("orders", 0)));
    }

    @Test
    public void anAppliedStartIsRecordedAsDataAndSurvivesASnapshot() {
        String start = "{\"kind\":\"offsets\",\"offsets\":{\"orders\":{\"0\":1500}}}";
        LedgerEntry seed = new LedgerEntry(LedgerEntry.Type.SEED, LedgerState.EXPLICIT_START + "offsets {orders-0=1500}",
                43, "r", "j", 0, 1, 1, 1, List.of(new LedgerRange("orders", 0, 1500, 1500, 0, 0, 0, 0, null, null)),
                List.of()).withStart(start);
        String json = new String(LedgerCodec.encode(seed), StandardCharsets.UTF_8);
        assertTrue("an object, not a string: " + json, json.contains("\"start\":" + start));
        LedgerEntry back = LedgerCodec.decodeEntry(json.getBytes(StandardCharsets.UTF_8));
        assertEquals(seed, back);
        assertEquals(Optional.of(start), back.start());

        LedgerState s = new LedgerState();
        s.apply(sample());
        s.apply(back);
        assertEquals(Optional.of(start), s.appliedStartJson());
        assertEquals(Optional.of("offsets {orders-0=1500}"), s.appliedStart());
        LedgerState snap = LedgerCodec.decodeSnapshot(LedgerCodec.encodeSnapshot(s, 2));
        assertEquals(Optional.of(start), snap.appliedStartJson());
        assertEquals(Optional.of("offsets {orders-0=1500}"), snap.appliedStart());

        LedgerState old = new LedgerState();
        old.apply(sample());
        old.apply(new LedgerEntry(LedgerEntry.Type.SEED, LedgerState.EXPLICIT_START + "earliest", 43, "r", "j", 0, 1, 1,
                1, List.of(), List.of()));
        assertEquals("a seed of an earlier version: its description only", Optional.empty(), old.appliedStartJson());
        assertEquals(Optional.of("earliest"), old.appliedStart());

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> LedgerCodec.decodeEntry(
                json.replace("\"start\":" + start, "\"start\":\"earliest\"").getBytes(StandardCharsets.UTF_8)));
        assertTrue(e.getMessage(), e.getMessage().contains("field 'start'"));
    }

    @Test
    public void unknownFormatsAndCorruptionAreRefusedClearly() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> LedgerCodec.decodeEntry("{\"format\":2,\"sequence\":1}".getBytes(StandardCharsets.UTF_8)));
        assertTrue(e.getMessage(), e.getMessage().contains("format 2"));
        e = assertThrows(IllegalArgumentException.class,
                () -> LedgerCodec.decodeEntry("{\"format\":1,\"seq".getBytes(StandardCharsets.UTF_8)));
        assertTrue(e.getMessage(), e.getMessage().startsWith("corrupt ledger entry"));
        e = assertThrows(IllegalArgumentException.class,
                () -> LedgerCodec.decodeEntry("{\"format\":1,\"sequence\":1,\"jobName\":\"j\"}".getBytes(StandardCharsets.UTF_8)));
        assertTrue(e.getMessage(), e.getMessage().contains("lacks field 'runId'"));
    }

    private static String goldenWith(String name, String from, String to) throws IOException {
        String g = golden(name);
        assertTrue(from + " in " + name, g.contains(from));
        return g.replace(from, to);
    }

    private static String refusedEntry(String json) {
        return assertThrows(IllegalArgumentException.class,
                () -> LedgerCodec.decodeEntry(json.getBytes(StandardCharsets.UTF_8))).getMessage();
    }

    @Test
    public void aMissingOrMistypedNumberIsNeverReadAsZero() throws IOException {
        assertTrue(refusedEntry(goldenWith("entry-format1.json", "\"untilOffset\":1500,", ""))
                .contains("lacks field 'untilOffset'"));
        assertTrue(refusedEntry(goldenWith("entry-format1.json", "\"fromOffset\":1000", "\"fromOffset\":\"1000\""))
                .contains("field 'fromOffset' is \"1000\", not a whole number"));
        assertTrue(refusedEntry(goldenWith("entry-format1.json", "\"records\":500", "\"records\":500.5"))
                .contains("field 'records' is 500.5, not a whole number"));
        assertTrue(refusedEntry(goldenWith("entry-format1.json", "\"sequence\":42", "\"sequence\":0"))
                .contains("field 'sequence' is 0, below 1"));
        assertTrue(refusedEntry(goldenWith("entry-format1.json", "\"fromOffset\":1000", "\"fromOffset\":-1000"))
                .contains("below 0"));
        assertTrue(refusedEntry(goldenWith("entry-format1.json", "\"committed\":true", "\"committed\":1"))
                .contains("'committed'"));
        assertTrue(refusedEntry(goldenWith("entry-format1.json", "\"type\":\"batch\"", "\"type\":\"bach\""))
                .contains("unknown entry type 'bach'"));
        assertTrue(refusedEntry(goldenWith("gap-format1.json", "\"ranges\":[", "\"rangez\":["))
                .contains("'ranges'"));
    }

    @Test
    public void aSnapshotOfAnUnknownFormatIsRefused() throws IOException {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> LedgerCodec.decodeSnapshot(
                goldenWith("snapshot-format1.json", "\"format\":1", "\"format\":2").getBytes(StandardCharsets.UTF_8)));
        assertTrue(e.getMessage(), e.getMessage().contains("ledger snapshot has format 2"));
    }

    @Test
    public void aDamagedSnapshotIsRefusedNamingTheField() throws IOException {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> LedgerCodec.decodeSnapshot(
                goldenWith("snapshot-format1.json", "\"endOffset\":1500,", "").getBytes(StandardCharsets.UTF_8)));
        assertTrue(e.getMessage(), e.getMessage().contains("lacks field 'endOffset'"));
        e = assertThrows(IllegalArgumentException.class, () -> LedgerCodec.decodeSnapshot(
                goldenWith("snapshot-format1.json", "\"endOffset\":1500", "\"endOffset\":null").getBytes(StandardCharsets.UTF_8)));
        assertTrue(e.getMessage(), e.getMessage().contains("lacks field 'endOffset'"));
    }

    @Test
    public void triggerCountsRoundTripAndAreDecodedStrictly() {
        LedgerEntry e = sample();
        LedgerEntry with = new LedgerEntry(e.type(), null, e.sequence(), e.runId(), e.jobName(), e.batchTimeMs(),
                e.startedAtMs(), e.outputsDoneAtMs(), e.recordedAtMs(), e.ranges(), e.commits(),
                new TriggerCounts("chunked-driver", 500, 2, 3));
        String json = new String(LedgerCodec.encode(with), StandardCharsets.UTF_8);
        assertTrue(json, json.contains("\"triggers\":{\"mode\":\"chunked-driver\",\"done\":500,\"deadLettered\":2,\"slices\":3}"));
        assertEquals(with, LedgerCodec.decodeEntry(json.getBytes(StandardCharsets.UTF_8)));
        assertEquals(Optional.empty(), LedgerCodec.decodeEntry(LedgerCodec.encode(e)).triggers());

        String mistyped = json.replace("\"done\":500", "\"done\":\"500\"");
        String m = assertThrows(IllegalArgumentException.class,
                () -> LedgerCodec.decodeEntry(mistyped.getBytes(StandardCharsets.UTF_8))).getMessage();
        assertTrue(m, m.contains("'done'"));
        String missing = json.replace("\"deadLettered\":2,", "");
        m = assertThrows(IllegalArgumentException.class,
                () -> LedgerCodec.decodeEntry(missing.getBytes(StandardCharsets.UTF_8))).getMessage();
        assertTrue(m, m.contains("'deadLettered'"));
    }
}
