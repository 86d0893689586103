package io.directstream.audit;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import io.directstream.ledger.LedgerEntry;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.common.TopicPartition;
import org.junit.Test;

/** The report's findings and renderings against a fake Kafka that fails on any question it was not set up for. */
public class AuditorTest {
    static final TopicPartition A0 = new TopicPartition("a", 0);

    static final class FakeKafka implements KafkaView {
        final Map<TopicPartition, Long> earliest = new HashMap<>();
        final Map<TopicPartition, Long> logEnd = new HashMap<>();
        final Map<TopicPartition, Long> committed = new HashMap<>();

        private Map<TopicPartition, Long> pick(Map<TopicPartition, Long> m, Collection<TopicPartition> tps) {
            Map<TopicPartition, Long> out = new HashMap<>();
            for (TopicPartition tp : tps) {
                if (!earliest.containsKey(tp)) {
                    throw new AssertionError("unexpected question about " + tp);
                }
                if (m.containsKey(tp)) {
                    out.put(tp, m.get(tp));
                }
            }
            return out;
        }

        @Override
        public Map<TopicPartition, Long> earliest(Collection<TopicPartition> p) {
            return pick(earliest, p);
        }

        @Override
        public Map<TopicPartition, Long> logEnd(Collection<TopicPartition> p) {
            return pick(logEnd, p);
        }

        @Override
        public Map<TopicPartition, Long> committed(Collection<TopicPartition> p) {
            return pick(committed, p);
        }

        @Override
        public Map<TopicPartition, Long> offsetsForTime(Collection<TopicPartition> p, long timeMs) {
            Map<TopicPartition, Long> out = new HashMap<>();
            p.forEach(tp -> out.put(tp, timeMs / 100));
            return out;
        }

        /** 90 s before the fake was made, so before the audit reads its clock: the lag is at least 90 s, never 89.999. */
        private final long ninetySecondsAgo = System.currentTimeMillis() - 90_000;

        @Override
        public Optional<Long> timestampAt(TopicPartition partition, long offset) {
            return Optional.of(ninetySecondsAgo);
        }

        @Override
        public Collection<TopicPartition> partitionsOf(Collection<String> topics) {
            throw new AssertionError("no topics configured in these tests");
        }
    }

    static AuditReport audit(FakeKafka k, Instant since, LedgerEntry... entries) {
        AuditOptions o = new AuditOptions();
        o.until = Instant.ofEpochMilli(1_000_000);
        o.since = since;
        o.objects = AuditOptions.ObjectMode.NONE;
        return Auditor.run(o, List.of(entries).iterator(), k, null, List.of(), "s3://b/p/_ledger", "g");
    }

    @Test
    public void cleanLedgerCaughtUpAndCommitted() {
        FakeKafka k = new FakeKafka();
        k.earliest.put(A0, 0L);
        k.logEnd.put(A0, 20L);
        k.committed.put(A0, 20L);
        AuditReport r = audit(k, null, LedgerAnalyzerTest.batch(1, LedgerAnalyzerTest.range("a", 0, 0, 10)),
                LedgerAnalyzerTest.batch(2, LedgerAnalyzerTest.range("a", 0, 10, 20)));
        assertEquals(0, r.exitCode());
        assertTrue(r.findings().isEmpty());
        PartitionRow p = r.partitions().get(0);
        assertEquals(Optional.of(0L), p.lag());
        assertEquals(0, p.unprocessed());
        assertEquals(Optional.empty(), p.lagTimeMs());
    }

    @Test
    public void lagInRecordsAndTimeAndALaggingCommit() {
        FakeKafka k = new FakeKafka();
        k.earliest.put(A0, 0L);
        k.logEnd.put(A0, 100L);
        k.committed.put(A0, 10L);
        AuditReport r = audit(k, null, LedgerAnalyzerTest.batch(1, LedgerAnalyzerTest.range("a", 0, 0, 10)),
                LedgerAnalyzerTest.batch(2, LedgerAnalyzerTest.range("a", 0, 10, 20)),
                LedgerAnalyzerTest.batch(3, LedgerAnalyzerTest.range("a", 0, 20, 30)));
        PartitionRow p = r.partitions().get(0);
        assertEquals("LAG as kafka-consumer-groups: log end - current", Optional.of(90L), p.lag());
        assertEquals(70, p.unprocessed());
        assertTrue(p.lagTimeMs().get() >= 90_000);
        assertEquals(2, p.uncommittedBatches());
        assertEquals("a lagging commit is a warning, not an error", 0, r.exitCode());
        assertTrue(r.findings().get(0).message(), r.findings().get(0).message().contains("lags the ledger by 2 batches"));
    }

    @Test
    public void aGapBelowTheEarliestOffsetIsRetentionAndCommittedBeyondTheLedgerIsAnError() {
        FakeKafka k = new FakeKafka();
        k.earliest.put(A0, 15L);
        k.logEnd.put(A0, 40L);
        k.committed.put(A0, 50L);
        AuditReport r = audit(k, null, LedgerAnalyzerTest.batch(1, LedgerAnalyzerTest.range("a", 0, 0, 10)),
                LedgerAnalyzerTest.batch(2, LedgerAnalyzerTest.range("a", 0, 15, 40)));
        assertEquals(Gap.Cause.RETENTION, r.gaps().get(0).cause());
        assertEquals(1, r.exitCode());
        assertTrue(r.findings().stream().anyMatch(f -> f.kind().equals("committed-beyond-ledger")));
    }

    @Test
    public void everyFormatRendersTheSameFacts() throws Exception {
        FakeKafka k = new FakeKafka();
        k.earliest.put(A0, 0L);
        k.logEnd.put(A0, 60L);
        AuditReport r = audit(k, Instant.ofEpochMilli(1500), LedgerAnalyzerTest.batch(1, LedgerAnalyzerTest.range("a", 0, 0, 10)),
                LedgerAnalyzerTest.batch(2, LedgerAnalyzerTest.range("a", 0, 12, 20)));
        AuditOptions o = new AuditOptions();
        for (AuditOptions.Format f : AuditOptions.Format.values()) {
            o.format = f;
            StringWriter s = new StringWriter();
            AuditMain.write(r, o, new PrintWriter(s));
            String out = s.toString();
            switch (f) {
                case TEXT:
                    assertTrue(out, out.contains("TOPIC  PARTITION  FIRST-OFFSET  LAST-OFFSET  RECORDS  BATCHES  LEDGER-END  "
                            + "CURRENT-OFFSET  LOG-END-OFFSET  LAG  UNPROCESSED  LAG-TIME  SKIPPED  WINDOW-OFFSETS"));
                    assertTrue(out, out.contains("ERROR gap: a-0 offsets 10 to 11 (2) not processed: unexplained"));
                    assertTrue(out, out.contains("Result: 1 error (exit 1)"));
                    break;
                case CSV:
                    assertTrue(out, out.startsWith("topic,partition,first_offset,last_offset,records,batches,ledger_end,"
                            + "current_offset,log_end_offset,lag,"));
                    assertTrue(out, out.contains("\r\na,0,0,19,18,2,20,-,60,-,40,"));
                    break;
                case JSON:
                    var n = new com.fasterxml.jackson.databind.ObjectMapper().readTree(out);
                    assertEquals(1, n.get("schemaVersion").asInt());
                    assertEquals(10, n.get("gaps").get(0).get("fromOffset").asLong());
                    assertEquals("unexplained", n.get("gaps").get(0).get("cause").asText());
                    assertTrue(n.get("partitions").get(0).get("currentOffset").isNull());
                    assertEquals(1, n.get("batches").get("total").asInt());
                    assertEquals(false, n.get("clean").asBoolean());
                    break;
                default:
                    assertTrue(out, out.contains("<svg id=\"chart-a-0\""));
                    assertTrue(out, out.contains("<polyline class=\"processed\""));
                    assertTrue(out, out.contains("<table id=\"partitions\">"));
                    String withoutNamespaces = out.replace("xmlns=\"http://www.w3.org/2000/svg\"", "");
                    assertTrue("self-contained: no external resource", !withoutNamespaces.contains("http://")
                            && !withoutNamespaces.contains("https://") && !withoutNamespaces.contains("src="));
                    assertTrue(!out.contains("<script"));
            }
        }
    }

    @Test
    public void timesAreIsoOrDurationsAgo() {
        Instant now = Instant.parse("2026-11-21T12:00:00Z");
        assertEquals(Instant.parse("2026-11-20T12:00:00Z"), AuditOptions.parseTime("24h", now));
        assertEquals(Instant.parse("2026-11-21T11:30:00Z"), AuditOptions.parseTime("30m", now));
        assertEquals(Instant.parse("2026-11-01T08:00:00Z"), AuditOptions.parseTime("2026-11-01T08:00:00Z", now));
        assertEquals(Instant.parse("2026-11-01T08:00:00Z"), AuditOptions.parseTime("2026-11-01T08:00", now));
        assertEquals(Instant.parse("2026-11-01T00:00:00Z"), AuditOptions.parseTime("2026-11-01", now));
        try {
            AuditOptions.parseTime("yesterday", now);
            throw new AssertionError("accepted");
        } catch (IllegalArgumentException e) {
            assertTrue(e.getMessage(), e.getMessage().contains("'yesterday' is not a time"));
        }
    }
}
