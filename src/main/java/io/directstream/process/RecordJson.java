package io.directstream.process;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;

/**
 * Writes a record as one JSON line: {@code topic, partition, offset, timestamp, timestampType, key, value, headers}.
 * Bytes that are valid UTF-8 are written as text; others are written base64-encoded, with a sibling field
 * {@code keyEncoding}/{@code valueEncoding} (or {@code encoding} in a header) set to {@code "base64"}. Null stays null.
 * Not thread-safe: one instance per partition task.
 */
public final class RecordJson {
    private static final JsonFactory JSON = new JsonFactory();

    private final CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);

    /** Writes the record and a newline. */
    public void write(ConsumerRecord<byte[], byte[]> r, OutputStream out) throws IOException {
        write(r, out, null);
    }

    /** Writes the record, with an {@code error} field when not null (dead letters), and a newline. */
    public void write(ConsumerRecord<byte[], byte[]> r, OutputStream out, String error) throws IOException {
        JsonGenerator g = JSON.createGenerator(out, JsonEncoding.UTF8);
        g.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
        g.writeStartObject();
        g.writeStringField("topic", r.topic());
        g.writeNumberField("partition", r.partition());
        g.writeNumberField("offset", r.offset());
        g.writeNumberField("timestamp", r.timestamp());
        g.writeStringField("timestampType", r.timestampType().name);
        bytesField(g, "key", "keyEncoding", r.key());
        bytesField(g, "value", "valueEncoding", r.value());
        g.writeArrayFieldStart("headers");
        for (Header h : r.headers()) {
            g.writeStartObject();
            g.writeStringField("key", h.key());
            bytesField(g, "value", "encoding", h.value());
            g.writeEndObject();
        }
        g.writeEndArray();
        if (error != null) {
            g.writeStringField("error", error);
        }
        g.writeEndObject();
        g.flush();
        out.write('\n');
    }

    private void bytesField(JsonGenerator g, String name, String encodingName, byte[] bytes) throws IOException {
        if (bytes == null) {
            g.writeNullField(name);
            return;
        }
        String text = utf8OrNull(bytes);
        if (text != null) {
            g.writeStringField(name, text);
        } else {
            g.writeStringField(name, Base64.getEncoder().encodeToString(bytes));
            g.writeStringField(encodingName, "base64");
        }
    }

    /** The text, or null when the bytes are not valid UTF-8. */
    String utf8OrNull(byte[] bytes) {
        boolean ascii = true;
        for (byte b : bytes) {
            if (b < 0) {
                ascii = false;
                break;
            }
        }
        if (ascii) {
            return new String(bytes, StandardCharsets.US_ASCII);
        }
        try {
            CharBuffer chars = utf8.reset().decode(ByteBuffer.wrap(bytes));
            return chars.toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }
}
