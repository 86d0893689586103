package io.directstream.audit;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.directstream.ledger.LedgerRange;
import java.io.IOException;
import java.io.Writer;
import java.util.Optional;

/** The report as JSON, schema version {@value AuditReport#SCHEMA_VERSION} (documented in docs/audit.md). */
final class JsonRenderer {
    private JsonRenderer() {
    }

    static void render(AuditReport r, Writer out) throws IOException {
        JsonGenerator g = new JsonFactory().createGenerator(out).useDefaultPrettyPrinter();
        g.writeStartObject();
        g.writeNumberField("schemaVersion", AuditReport.SCHEMA_VERSION);
        g.writeStringField("generatedAt", Fmt.time(r.generatedAtMs));
        g.writeStringField("ledger", r.ledgerLocation);
        g.writeStringField("group", r.group);
        g.writeObjectFieldStart("window");
        g.writeStringField("since", r.sinceMs == null ? null : Fmt.time(r.sinceMs));
        g.writeStringField("until", Fmt.time(r.untilMs));
        g.writeEndObject();
        g.writeNumberField("ledgerEntries", r.analysis.entries());
        g.writeNumberField("lastSequence", r.analysis.lastSequence());

        g.writeArrayFieldStart("partitions");
        for (PartitionRow p : r.partitions) {
            g.writeStartObject();
            g.writeStringField("topic", p.partition().topic());
            g.writeNumberField("partition", p.partition().partition());
            number(g, "firstOffset", p.firstOffset());
            number(g, "lastOffset", p.lastOffset());
            g.writeNumberField("records", p.records());
            g.writeNumberField("batches", p.batches());
            number(g, "ledgerEnd", p.ledgerEnd());
            number(g, "currentOffset", p.currentOffset());
            g.writeNumberField("logEndOffset", p.logEnd());
            g.writeNumberField("earliestOffset", p.earliest());
            number(g, "lag", p.lag());
            g.writeNumberField("unprocessed", p.unprocessed());
            number(g, "lagTimeMs", p.lagTimeMs());
            g.writeNumberField("skipped", p.skipped());
            g.writeNumberField("offsetsWithoutRecords", p.offsetsWithoutRecords());
            g.writeNumberField("uncommittedBatches", p.uncommittedBatches());
            if (p.windowFrom().isPresent()) {
                g.writeObjectFieldStart("window");
                g.writeNumberField("fromOffset", p.windowFrom().get());
                g.writeNumberField("untilOffset", p.windowUntil().get());
                g.writeBooleanField("processed", p.windowProcessed().get());
                g.writeEndObject();
            } else {
                g.writeNullField("window");
            }
            g.writeEndObject();
        }
        g.writeEndArray();

        g.writeArrayFieldStart("gaps");
        for (Gap x : r.gaps) {
            g.writeStartObject();
            g.writeStringField("topic", x.partition().topic());
            g.writeNumberField("partition", x.partition().partition());
            g.writeNumberField("fromOffset", x.from());
            g.writeNumberField("untilOffset", x.until());
            g.writeNumberField("size", x.size());
            g.writeStringField("cause", x.cause().id());
            g.writeNumberField("ledgerSequence", x.atSequence());
            g.writeEndObject();
        }
        g.writeEndArray();

        g.writeArrayFieldStart("overlaps");
        for (Overlap o : r.overlaps()) {
            g.writeStartObject();
            g.writeStringField("topic", o.partition().topic());
            g.writeNumberField("partition", o.partition().partition());
            g.writeNumberField("fromOffset", o.from());
            g.writeNumberField("untilOffset", o.until());
            g.writeArrayFieldStart("ledgerSequences");
            for (Long s : o.sequences()) {
                g.writeNumber(s);
            }
            g.writeEndArray();
            g.writeEndObject();
        }
        g.writeEndArray();

        g.writeArrayFieldStart("commitFailures");
        for (CommitFailure c : r.commitFailures()) {
            g.writeStartObject();
            g.writeNumberField("sequence", c.sequence());
            g.writeStringField("failedAt", Fmt.time(c.atMs()));
            g.writeStringField("error", c.error());
            g.writeEndObject();
        }
        g.writeEndArray();

        g.writeObjectFieldStart("objectChecks");
        g.writeStringField("mode", r.objectMode);
        g.writeNumberField("checked", r.objectsChecked);
        g.writeArrayFieldStart("failures");
        for (ObjectCheck o : r.objectFailures) {
            g.writeStartObject();
            g.writeNumberField("ledgerSequence", o.sequence());
            g.writeStringField("key", o.key());
            g.writeBooleanField("exists", o.exists());
            g.writeNumberField("expectedRecords", o.expectedLines());
            g.writeNumberField("actualRecords", o.actualLines());
            g.writeEndObject();
        }
        g.writeEndArray();
        g.writeEndObject();

        if (r.analysis.triggerTotals().isPresent()) {
            io.directstream.ledger.TriggerCounts t = r.analysis.triggerTotals().get();
            g.writeObjectFieldStart("triggers");
            g.writeStringField("mode", t.mode());
            g.writeNumberField("done", t.done());
            g.writeNumberField("deadLettered", t.deadLettered());
            g.writeEndObject();
        }

        g.writeObjectFieldStart("batches");
        g.writeNumberField("total", r.analysis.batchesInWindow());
        g.writeArrayFieldStart("listed");
        for (BatchRow b : r.batches()) {
            g.writeStartObject();
            g.writeStringField("batchTime", Fmt.time(b.batchTimeMs()));
            g.writeNumberField("sequence", b.sequence());
            g.writeStringField("runId", b.runId());
            g.writeNumberField("processingMs", b.processingMs());
            g.writeNumberField("records", b.records());
            g.writeArrayFieldStart("ranges");
            for (LedgerRange x : b.ranges()) {
                g.writeStartObject();
                g.writeStringField("topic", x.topic());
                g.writeNumberField("partition", x.partition());
                g.writeNumberField("fromOffset", x.fromOffset());
                g.writeNumberField("untilOffset", x.untilOffset());
                g.writeNumberField("records", x.records());
                g.writeNumberField("bytes", x.bytes());
                g.writeStringField("objectKey", x.objectKey().orElse(null));
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
        }
        g.writeEndArray();
        g.writeEndObject();

        g.writeArrayFieldStart("findings");
        for (Finding f : r.findings) {
            g.writeStartObject();
            g.writeStringField("severity", f.severity().id());
            g.writeStringField("kind", f.kind());
            g.writeStringField("message", f.message());
            g.writeEndObject();
        }
        g.writeEndArray();
        g.writeNumberField("errors", r.errors());
        g.writeBooleanField("clean", r.errors() == 0);
        g.writeEndObject();
        g.flush();
        out.write('\n');
        out.flush();
    }

    private static void number(JsonGenerator g, String name, Optional<Long> v) throws IOException {
        if (v.isPresent()) {
            g.writeNumberField(name, v.get());
        } else {
            g.writeNullField(name);
        }
    }
}
