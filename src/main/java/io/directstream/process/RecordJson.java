package io.directstream.process;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;

/**
 * Writes a record as one JSON line: {@code topic, partition, offset, timestamp, timestampType, key, value, headers}.
 * Bytes that are valid UTF-8 are written as text; others are written base64-encoded, with a sibling field
 * {@code keyEncoding}/{@code valueEncoding} (or {@code encoding} in a header) set to {@code "base64"}. Null stays null.
 *
 * <p>This is the job's hottest code: every record goes through it. So it writes bytes straight into one reused
 * buffer and handles each key and value in a single pass that validates UTF-8 (strict, as {@link Utf8}) and escapes
 * at once — most bytes are copied as they are; on an invalid sequence the field is rewound and written as base64.
 * The output is byte for byte what Jackson's generator writes for the same fields (its escapes: backslash before a
 * quote or a backslash, the short forms b t n f r, a backslash-u escape with four upper-case hex digits for other
 * control characters; nothing else escaped), which a test checks on random input. Not thread-safe: one instance per
 * partition task.
 */
public final class RecordJson {
    private static final byte[] HEX = "0123456789ABCDEF".getBytes(StandardCharsets.US_ASCII);
    /** True for the bytes copied as they are: printable ASCII but the quote and the backslash. */
    private static final boolean[] PLAIN = new boolean[256];
    /** For each ASCII byte: 0 copy as is, the letter of a short escape (n for a newline), 'u' for a backslash-u escape. */
    private static final byte[] ESCAPE = new byte[128];

    static {
        for (int c = 0; c < 0x20; c++) {
            ESCAPE[c] = 'u';
        }
        ESCAPE['\b'] = 'b';
        ESCAPE['\t'] = 't';
        ESCAPE['\n'] = 'n';
        ESCAPE['\f'] = 'f';
        ESCAPE['\r'] = 'r';
        ESCAPE['"'] = '"';
        ESCAPE['\\'] = '\\';
        for (int c = 0x20; c < 0x80; c++) {
            PLAIN[c] = ESCAPE[c] == 0;
        }
    }

    private byte[] buf = new byte[4096];
    private int len;

    /** Writes the record and a newline. */
    public void write(ConsumerRecord<byte[], byte[]> r, OutputStream out) throws IOException {
        write(r, out, null);
    }

    /** Writes the record, with an {@code error} field when not null (dead letters), and a newline. */
    public void write(ConsumerRecord<byte[], byte[]> r, OutputStream out, String error) throws IOException {
        len = 0;
        raw("{\"topic\":");
        string(r.topic());
        raw(",\"partition\":");
        number(r.partition());
        raw(",\"offset\":");
        number(r.offset());
        raw(",\"timestamp\":");
        number(r.timestamp());
        raw(",\"timestampType\":");
        string(r.timestampType().name);
        raw(",");
        bytesField("\"key\":", "\"keyEncoding\":\"base64\"", r.key());
        raw(",");
        bytesField("\"value\":", "\"valueEncoding\":\"base64\"", r.value());
        raw(",\"headers\":[");
        boolean first = true;
        for (Header h : r.headers()) {
            raw(first ? "{\"key\":" : ",{\"key\":");
            first = false;
            string(h.key());
            raw(",");
            bytesField("\"value\":", "\"encoding\":\"base64\"", h.value());
            raw("}");
        }
        raw("]");
        if (error != null) {
            raw(",\"error\":");
            string(error);
        }
        raw("}\n");
        out.write(buf, 0, len);
    }

    private void bytesField(String name, String base64Marker, byte[] bytes) {
        raw(name);
        if (bytes == null) {
            raw("null");
            return;
        }
        int mark = len;
        if (!utf8String(bytes)) {
            len = mark;
            byte[] b64 = Base64.getEncoder().encode(bytes);
            room(b64.length + 2);
            buf[len++] = '"';
            System.arraycopy(b64, 0, buf, len, b64.length);
            len += b64.length;
            buf[len++] = '"';
            raw(",");
            raw(base64Marker);
        }
    }

    /** Writes {@code b} as a JSON string if it is valid UTF-8 and returns true; false (output undefined) if not. */
    private boolean utf8String(byte[] b) {
        int n = b.length;
        // room for the worst case (every byte a six-byte escape), so the loop never checks the buffer's size
        room(6 * n + 2);
        byte[] o = buf;
        int p = len;
        o[p++] = '"';
        int i = 0;
        while (i < n) {
            // a run of plain bytes (most of most values) is found with one table lookup per byte and copied at once
            int run = i;
            while (run < n && PLAIN[b[run] & 0xff]) {
                run++;
            }
            if (run > i) {
                System.arraycopy(b, i, o, p, run - i);
                p += run - i;
                i = run;
            }
            // then the byte that stopped it (an escape, or a multi-byte character), and the next ones up to a plain one
            while (i < n && !PLAIN[b[i] & 0xff]) {
                int c = b[i];
                if (c >= 0) {
                    byte e = ESCAPE[c];
                    if (e == 0) {
                        o[p++] = (byte) c;
                        i++;
                        continue;
                    }
                    o[p++] = '\\';
                    if (e == 'u') {
                        o[p++] = 'u';
                        o[p++] = '0';
                        o[p++] = '0';
                        o[p++] = HEX[c >> 4];
                        o[p++] = HEX[c & 0xf];
                    } else {
                        o[p++] = e;
                    }
                    i++;
                    continue;
                }
                int need = Utf8.sequenceLength(b, i, n);
                if (need < 0) {
                    return false;
                }
                System.arraycopy(b, i, o, p, need);
                p += need;
                i += need;
            }
        }
        o[p++] = '"';
        len = p;
        return true;
    }

    /** A Java string as a JSON string (its UTF-8 bytes escaped; unpaired surrogates become '?', as in getBytes). */
    private void string(String s) {
        utf8String(s.getBytes(StandardCharsets.UTF_8));
    }

    /** ASCII written as is (field names and punctuation). */
    private void raw(String ascii) {
        int n = ascii.length();
        room(n);
        for (int i = 0; i < n; i++) {
            buf[len++] = (byte) ascii.charAt(i);
        }
    }

    private void number(long v) {
        room(20);
        if (v == Long.MIN_VALUE) {
            raw("-9223372036854775808");
            return;
        }
        long x = v;
        if (x < 0) {
            buf[len++] = '-';
            x = -x;
        }
        int start = len;
        do {
            buf[len++] = (byte) ('0' + (x % 10));
            x /= 10;
        } while (x != 0);
        for (int a = start, z = len - 1; a < z; a++, z--) {
            byte t = buf[a];
            buf[a] = buf[z];
            buf[z] = t;
        }
    }

    private void room(int n) {
        if (len + n > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + n));
        }
    }

    /** The text, or null when the bytes are not valid UTF-8. */
    static String utf8OrNull(byte[] bytes) {
        return Utf8.isValid(bytes) ? new String(bytes, StandardCharsets.UTF_8) : null;
    }
}
