package io.directstream.process;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;

/**
 * The reference for {@link RecordJson}: the encoding as Jackson's generator writes it (the job's encoder before it
 * was hand-written for speed). Tests compare the two byte for byte.
 *
 * Writes a record as one JSON line: {@code topic, partition, offset, timestamp, timestampType, key, value, headers}.
 * Bytes that are valid UTF-8 are written as text; others are written base64-encoded, with a sibling field
 * {@code keyEncoding}/{@code valueEncoding} (or {@code encoding} in a header) set to {@code "base64"}. Null stays null.
 * One generator is reused for all records (creating one per record costs more than writing the record).
 * Not thread-safe: one instance per partition task.
 */
final class JacksonRecordJson {
    private static final JsonFactory JSON = new JsonFactory();

    private final ByteArrayOutputStream line = new ByteArrayOutputStream(1024);
    private final JsonGenerator g;

    JacksonRecordJson() {
        try {
            g = JSON.createGenerator(line, JsonEncoding.UTF8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        g.setRootValueSeparator(null);
    }

    /** Writes the record and a newline. */
    public void write(ConsumerRecord<byte[], byte[]> r, OutputStream out) throws IOException {
        write(r, out, null);
    }

    /** Writes the record, with an {@code error} field when not null (dead letters), and a newline. */
    public void write(ConsumerRecord<byte[], byte[]> r, OutputStream out, String error) throws IOException {
        g.writeStartObject();
        g.writeStringField("topic", r.topic());
        g.writeNumberField("partition", r.partition());
        g.writeNumberField("offset", r.offset());
        g.writeNumberField("timestamp", r.timestamp());
        g.writeStringField("timestampType", r.timestampType().name);
        bytesField("key", "keyEncoding", r.key());
        bytesField("value", "valueEncoding", r.value());
        g.writeArrayFieldStart("headers");
        for (Header h : r.headers()) {
            g.writeStartObject();
            g.writeStringField("key", h.key());
            bytesField("value", "encoding", h.value());
            g.writeEndObject();
        }
        g.writeEndArray();
        if (error != null) {
            g.writeStringField("error", error);
        }
        g.writeEndObject();
        g.flush();
        line.write('\n');
        line.writeTo(out);
        line.reset();
    }

    private void bytesField(String name, String encodingName, byte[] bytes) throws IOException {
        if (bytes == null) {
            g.writeNullField(name);
        } else if (Utf8.isValid(bytes)) {
            g.writeFieldName(name);
            g.writeUTF8String(bytes, 0, bytes.length);
        } else {
            g.writeStringField(name, Base64.getEncoder().encodeToString(bytes));
            g.writeStringField(encodingName, "base64");
        }
    }
}
