package io.directstream.ledger;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;

/**
 * The ledger's serialized form: one JSON object per entry (one line, so segments can be JSON lines) and one per
 * snapshot. Field names are stable; {@code format} says which version wrote it. Golden files in the tests guard it.
 */
public final class LedgerCodec {
    private static final JsonFactory JSON = new JsonFactory();
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private LedgerCodec() {
    }

    public static byte[] encode(LedgerEntry e) {
        return write(g -> {
            g.writeStartObject();
            g.writeNumberField("format", LedgerEntry.FORMAT);
            g.writeStringField("type", e.type().id());
            g.writeNumberField("sequence", e.sequence());
            g.writeStringField("runId", e.runId());
            g.writeStringField("jobName", e.jobName());
            if (e.type() == LedgerEntry.Type.BATCH) {
                g.writeStringField("batchTime", Instant.ofEpochMilli(e.batchTimeMs()).toString());
                g.writeNumberField("batchTimeMs", e.batchTimeMs());
            }
            g.writeNumberField("startedAtMs", e.startedAtMs());
            g.writeNumberField("outputsDoneAtMs", e.outputsDoneAtMs());
            g.writeNumberField("recordedAtMs", e.recordedAtMs());
            if (e.note().isPresent()) {
                g.writeStringField("note", e.note().get());
            }
            g.writeArrayFieldStart("ranges");
            for (LedgerRange r : e.ranges()) {
                g.writeStartObject();
                g.writeStringField("topic", r.topic());
                g.writeNumberField("partition", r.partition());
                g.writeNumberField("fromOffset", r.fromOffset());
                g.writeNumberField("untilOffset", r.untilOffset());
                g.writeNumberField("records", r.records());
                g.writeNumberField("outputRecords", r.outputRecords());
                g.writeNumberField("deadLetters", r.deadLetters());
                g.writeNumberField("bytes", r.bytes());
                g.writeStringField("objectKey", r.objectKey().orElse(null));
                g.writeStringField("deadLetterKey", r.deadLetterKey().orElse(null));
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeArrayFieldStart("commits");
            for (CommitOutcome c : e.commits()) {
                g.writeStartObject();
                g.writeNumberField("sequence", c.sequence());
                g.writeBooleanField("committed", c.committed());
                g.writeStringField("error", c.error().orElse(null));
                g.writeNumberField("atMs", c.atMs());
                g.writeEndObject();
            }
            g.writeEndArray();
            if (e.start().isPresent()) {
                g.writeFieldName("start");
                g.writeRawValue(MAPPER.readTree(e.start().get()).toString());
            }
            if (e.triggers().isPresent()) {
                TriggerCounts t = e.triggers().get();
                g.writeObjectFieldStart("triggers");
                g.writeStringField("mode", t.mode());
                g.writeNumberField("done", t.done());
                g.writeNumberField("deadLettered", t.deadLettered());
                g.writeNumberField("slices", t.slices());
                g.writeEndObject();
            }
            g.writeEndObject();
        });
    }

    /**
     * Decodes an entry strictly: every field the encoder writes must be there with its type (a missing or mistyped
     * number is never read as 0), and the values must make sense (sequence at least 1, offsets not negative).
     * Throws {@link IllegalArgumentException} naming the field.
     */
    public static LedgerEntry decodeEntry(byte[] json) {
        JsonNode n = parse(json, "ledger entry");
        checkFormat(n, "ledger entry");
        long sequence = number(n, "sequence", 1);
        String runId = text(n, "runId");
        String jobName = text(n, "jobName");
        String typeId = text(n, "type");
        if (typeId.equals("snapshot")) {
            throw new IllegalArgumentException("a ledger snapshot where an entry was expected");
        }
        LedgerEntry.Type type;
        try {
            type = LedgerEntry.Type.parse(typeId);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown entry type '" + typeId + "'");
        }
        List<LedgerRange> ranges = new ArrayList<>();
        for (JsonNode r : array(n, "ranges")) {
            try {
                ranges.add(new LedgerRange(text(r, "topic"), (int) number(r, "partition", 0), number(r, "fromOffset", 0),
                        number(r, "untilOffset", 0), number(r, "records", 0), number(r, "outputRecords", 0),
                        number(r, "deadLetters", 0), number(r, "bytes", 0), textOrNull(r, "objectKey"),
                        textOrNull(r, "deadLetterKey")));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("range " + r + ": " + e.getMessage(), e);
            }
        }
        List<CommitOutcome> commits = new ArrayList<>();
        for (JsonNode c : array(n, "commits")) {
            commits.add(new CommitOutcome(number(c, "sequence", 1), bool(c, "committed"), textOrNull(c, "error"),
                    number(c, "atMs", 0)));
        }
        long batchTimeMs = type == LedgerEntry.Type.BATCH ? number(n, "batchTimeMs", 0) : 0;
        TriggerCounts triggers = null;
        if (n.has("triggers")) {
            JsonNode t = n.get("triggers");
            if (!t.isObject()) {
                throw new IllegalArgumentException("field 'triggers' is not an object: " + t);
            }
            triggers = new TriggerCounts(text(t, "mode"), number(t, "done", 0), number(t, "deadLettered", 0),
                    (int) number(t, "slices", 0));
        }
        LedgerEntry entry = new LedgerEntry(type, textOrNull(n, "note"), sequence, runId, jobName, batchTimeMs,
                number(n, "startedAtMs", 0), number(n, "outputsDoneAtMs", 0), number(n, "recordedAtMs", 0), ranges,
                commits, triggers);
        return n.has("start") ? entry.withStart(object(n, "start")) : entry;
    }

    public static byte[] encodeSnapshot(LedgerState s, long writtenAtMs) {
        return write(g -> {
            g.writeStartObject();
            g.writeNumberField("format", LedgerEntry.FORMAT);
            g.writeStringField("type", "snapshot");
            g.writeNumberField("sequence", s.lastSequence());
            g.writeNumberField("lastBatchTimeMs", s.lastBatchTimeMs());
            g.writeNumberField("writtenAtMs", writtenAtMs);
            g.writeNumberField("skipped", s.skipped());
            if (s.appliedStart().isPresent()) {
                g.writeStringField("appliedStart", s.appliedStart().get());
            }
            if (s.appliedStartJson().isPresent()) {
                g.writeFieldName("appliedStartData");
                g.writeRawValue(MAPPER.readTree(s.appliedStartJson().get()).toString());
            }
            g.writeArrayFieldStart("partitions");
            for (Map.Entry<TopicPartition, PartitionProgress> e : s.partitions().entrySet()) {
                PartitionProgress p = e.getValue();
                g.writeStartObject();
                g.writeStringField("topic", e.getKey().topic());
                g.writeNumberField("partition", e.getKey().partition());
                g.writeNumberField("firstOffset", p.firstOffset());
                g.writeNumberField("endOffset", p.endOffset());
                g.writeNumberField("records", p.records());
                g.writeNumberField("batches", p.batches());
                g.writeNumberField("lastSequence", p.lastSequence());
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
        });
    }

    /** Decodes a snapshot as strictly as {@link #decodeEntry}. */
    public static LedgerState decodeSnapshot(byte[] json) {
        JsonNode n = parse(json, "ledger snapshot");
        checkFormat(n, "ledger snapshot");
        if (!"snapshot".equals(text(n, "type"))) {
            throw new IllegalArgumentException("not a snapshot: type " + n.get("type"));
        }
        Map<TopicPartition, PartitionProgress> progress = new LinkedHashMap<>();
        for (JsonNode p : array(n, "partitions")) {
            long first = number(p, "firstOffset", 0);
            long end = number(p, "endOffset", 0);
            if (end < first) {
                throw new IllegalArgumentException("partition " + p + ": endOffset below firstOffset");
            }
            progress.put(new TopicPartition(text(p, "topic"), (int) number(p, "partition", 0)),
                    new PartitionProgress(first, end, number(p, "records", 0), number(p, "batches", 0),
                            number(p, "lastSequence", 0)));
        }
        return new LedgerState(number(n, "sequence", 0), number(n, "lastBatchTimeMs", 0), number(n, "skipped", 0),
                textOrNull(n, "appliedStart"), n.has("appliedStartData") ? object(n, "appliedStartData") : null, progress);
    }

    private interface Writer {
        void write(JsonGenerator g) throws IOException;
    }

    private static byte[] write(Writer w) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(512);
        try (JsonGenerator g = JSON.createGenerator(out)) {
            w.write(g);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static JsonNode parse(byte[] json, String what) {
        try {
            return MAPPER.readTree(json);
        } catch (IOException e) {
            throw new IllegalArgumentException("corrupt " + what + ": " + e.getMessage() + " in "
                    + new String(json, 0, Math.min(json.length, 200), StandardCharsets.UTF_8), e);
        }
    }

    private static void checkFormat(JsonNode n, String what) {
        if (!n.isObject()) {
            throw new IllegalArgumentException(what + " is not a JSON object");
        }
        int format = n.path("format").isIntegralNumber() ? n.path("format").asInt() : -1;
        if (format < 1 || format > LedgerEntry.FORMAT) {
            throw new IllegalArgumentException(what + " has format " + n.path("format")
                    + "; this version of the job reads formats 1 to " + LedgerEntry.FORMAT);
        }
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        if (v == null || v.isNull()) {
            throw new IllegalArgumentException("ledger record lacks field '" + field + "': " + n);
        }
        if (!v.isTextual()) {
            throw new IllegalArgumentException("field '" + field + "' is " + v + ", not a string");
        }
        return v.asText();
    }

    /** A whole number of at least {@code min}; anything else (missing, null, text, a fraction) is refused. */
    private static long number(JsonNode n, String field, long min) {
        JsonNode v = n.get(field);
        if (v == null || v.isNull()) {
            throw new IllegalArgumentException("ledger record lacks field '" + field + "'");
        }
        if (!v.isIntegralNumber() || !v.canConvertToLong()) {
            throw new IllegalArgumentException("field '" + field + "' is " + v + ", not a whole number");
        }
        long x = v.asLong();
        if (x < min) {
            throw new IllegalArgumentException("field '" + field + "' is " + x + ", below " + min);
        }
        return x;
    }

    private static boolean bool(JsonNode n, String field) {
        JsonNode v = n.get(field);
        if (v == null || !v.isBoolean()) {
            throw new IllegalArgumentException("field '" + field + "' is " + v + ", not true or false");
        }
        return v.asBoolean();
    }

    private static Iterable<JsonNode> array(JsonNode n, String field) {
        JsonNode v = n.get(field);
        if (v == null || !v.isArray()) {
            throw new IllegalArgumentException("field '" + field + "' is " + v + ", not an array");
        }
        return v;
    }

    /** A JSON object, as compact JSON text. */
    private static String object(JsonNode n, String field) {
        JsonNode v = n.get(field);
        if (v == null || !v.isObject()) {
            throw new IllegalArgumentException("field '" + field + "' is " + v + ", not an object");
        }
        return v.toString();
    }

    private static String textOrNull(JsonNode n, String field) {
        JsonNode v = n.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isTextual()) {
            throw new IllegalArgumentException("field '" + field + "' is " + v + ", not a string");
        }
        return v.asText();
    }
}
