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
            g.writeEndObject();
        });
    }

    public static LedgerEntry decodeEntry(byte[] json) {
        JsonNode n = parse(json, "ledger entry");
        checkFormat(n, "ledger entry");
        List<LedgerRange> ranges = new ArrayList<>();
        for (JsonNode r : n.path("ranges")) {
            ranges.add(new LedgerRange(text(r, "topic"), r.path("partition").asInt(), r.path("fromOffset").asLong(),
                    r.path("untilOffset").asLong(), r.path("records").asLong(), r.path("outputRecords").asLong(),
                    r.path("deadLetters").asLong(), r.path("bytes").asLong(), textOrNull(r, "objectKey"),
                    textOrNull(r, "deadLetterKey")));
        }
        List<CommitOutcome> commits = new ArrayList<>();
        for (JsonNode c : n.path("commits")) {
            commits.add(new CommitOutcome(c.path("sequence").asLong(), c.path("committed").asBoolean(),
                    textOrNull(c, "error"), c.path("atMs").asLong()));
        }
        String type = n.path("type").asText("batch");
        if (type.equals("snapshot")) {
            throw new IllegalArgumentException("a ledger snapshot where an entry was expected");
        }
        return new LedgerEntry(LedgerEntry.Type.parse(type), textOrNull(n, "note"), n.path("sequence").asLong(),
                text(n, "runId"), text(n, "jobName"),
                n.path("batchTimeMs").asLong(), n.path("startedAtMs").asLong(), n.path("outputsDoneAtMs").asLong(),
                n.path("recordedAtMs").asLong(), ranges, commits);
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

    public static LedgerState decodeSnapshot(byte[] json) {
        JsonNode n = parse(json, "ledger snapshot");
        checkFormat(n, "ledger snapshot");
        Map<TopicPartition, PartitionProgress> progress = new LinkedHashMap<>();
        for (JsonNode p : n.path("partitions")) {
            progress.put(new TopicPartition(text(p, "topic"), p.path("partition").asInt()),
                    new PartitionProgress(p.path("firstOffset").asLong(), p.path("endOffset").asLong(),
                            p.path("records").asLong(), p.path("batches").asLong(), p.path("lastSequence").asLong()));
        }
        return new LedgerState(n.path("sequence").asLong(), n.path("lastBatchTimeMs").asLong(), n.path("skipped").asLong(),
                textOrNull(n, "appliedStart"), progress);
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
        int format = n.path("format").asInt(-1);
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
        return v.asText();
    }

    private static String textOrNull(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }
}
