package io.directstream.process;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.Test;

public class RecordJsonTest {
    static ConsumerRecord<byte[], byte[]> record(byte[] key, byte[] value, RecordHeaders headers) {
        return new ConsumerRecord<>("orders", 2, 77, 1_700_000_000_123L, TimestampType.CREATE_TIME, -1, -1, key, value,
                headers, Optional.empty());
    }

    static JsonNode json(ConsumerRecord<byte[], byte[]> r, String error) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new RecordJson().write(r, out, error);
        String line = out.toString(StandardCharsets.UTF_8);
        assertTrue(line.endsWith("}\n"));
        assertEquals("exactly one line", 1, line.split("\n").length);
        return new ObjectMapper().readTree(line);
    }

    @Test
    public void textRecordsKeepTheirCoordinatesAndText() throws Exception {
        RecordHeaders h = new RecordHeaders();
        h.add("trace", "abc".getBytes(StandardCharsets.UTF_8));
        JsonNode n = json(record("k1".getBytes(StandardCharsets.UTF_8),
                "{\"a\":\"ünïcödé\\n\"}".getBytes(StandardCharsets.UTF_8), h), null);
        assertEquals("orders", n.get("topic").asText());
        assertEquals(2, n.get("partition").asInt());
        assertEquals(77, n.get("offset").asLong());
        assertEquals(1_700_000_000_123L, n.get("timestamp").asLong());
        assertEquals("CreateTime", n.get("timestampType").asText());
        assertEquals("k1", n.get("key").asText());
        assertEquals("{\"a\":\"ünïcödé\\n\"}", n.get("value").asText());
        assertFalse(n.has("valueEncoding"));
        assertEquals("trace", n.get("headers").get(0).get("key").asText());
        assertEquals("abc", n.get("headers").get(0).get("value").asText());
        assertFalse(n.has("error"));
    }

    @Test
    public void nullsStayNull() throws Exception {
        JsonNode n = json(record(null, null, new RecordHeaders()), null);
        assertTrue(n.get("key").isNull());
        assertTrue(n.get("value").isNull());
        assertEquals(0, n.get("headers").size());
    }

    @Test
    public void invalidUtf8IsKeptAsBase64AndMarked() throws Exception {
        byte[] binary = {(byte) 0xff, (byte) 0xfe, 0, 65, (byte) 0xc3, (byte) 0x28};
        RecordHeaders h = new RecordHeaders();
        h.add("raw", new byte[] {(byte) 0x80});
        JsonNode n = json(record(binary, binary, h), null);
        assertEquals("base64", n.get("valueEncoding").asText());
        assertEquals("base64", n.get("keyEncoding").asText());
        assertEquals(Base64.getEncoder().encodeToString(binary), n.get("value").asText());
        byte[] back = Base64.getDecoder().decode(n.get("value").asText());
        assertEquals(binary.length, back.length);
        assertEquals("base64", n.get("headers").get(0).get("encoding").asText());
    }

    @Test
    public void deadLettersCarryTheError() throws Exception {
        JsonNode n = json(record(null, "x".getBytes(StandardCharsets.UTF_8), new RecordHeaders()), "boom: bad record");
        assertEquals("boom: bad record", n.get("error").asText());
    }

    @Test
    public void utf8DetectionIsStrict() {
        assertEquals("plain", RecordJson.utf8OrNull("plain".getBytes(StandardCharsets.US_ASCII)));
        assertEquals("ß", RecordJson.utf8OrNull(new byte[] {(byte) 0xc3, (byte) 0x9f}));
        assertEquals(null, RecordJson.utf8OrNull(new byte[] {(byte) 0xc3}));
        // an encoded surrogate half is not valid UTF-8
        assertEquals(null, RecordJson.utf8OrNull(new byte[] {(byte) 0xed, (byte) 0xa0, (byte) 0x80}));
        // overlong encodings, bytes above U+10FFFF and truncated sequences are not valid either
        assertEquals(null, RecordJson.utf8OrNull(new byte[] {(byte) 0xc0, (byte) 0xaf}));
        assertEquals(null, RecordJson.utf8OrNull(new byte[] {(byte) 0xe0, (byte) 0x80, (byte) 0xaf}));
        assertEquals(null, RecordJson.utf8OrNull(new byte[] {(byte) 0xf4, (byte) 0x90, (byte) 0x80, (byte) 0x80}));
        assertEquals(null, RecordJson.utf8OrNull(new byte[] {'a', (byte) 0xe2, (byte) 0x82}));
        assertEquals("€𝄞", RecordJson.utf8OrNull("€𝄞".getBytes(StandardCharsets.UTF_8)));
        // agrees with the JDK's strict decoder on every 2-byte sequence
        java.nio.charset.CharsetDecoder strict = StandardCharsets.UTF_8.newDecoder();
        for (int a = 0; a < 256; a++) {
            for (int b = 0; b < 256; b++) {
                byte[] bytes = {(byte) a, (byte) b};
                boolean jdk;
                try {
                    strict.reset().decode(java.nio.ByteBuffer.wrap(bytes));
                    jdk = true;
                } catch (java.nio.charset.CharacterCodingException e) {
                    jdk = false;
                }
                assertEquals(a + "," + b, jdk, RecordJson.utf8OrNull(bytes) != null);
            }
        }
    }

    /** Random bytes that mix plain ASCII, every escape, valid multi-byte UTF-8 and, sometimes, invalid sequences. */
    private static byte[] randomBytes(java.util.Random rnd, boolean allowInvalid) {
        if (rnd.nextInt(20) == 0) {
            return null;
        }
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        int n = rnd.nextInt(rnd.nextInt(10) == 0 ? 3000 : 60);
        for (int i = 0; i < n; i++) {
            switch (rnd.nextInt(8)) {
                case 0: b.write(rnd.nextInt(0x20)); break;
                case 1: b.write("\"\\/".charAt(rnd.nextInt(3))); break;
                case 2: b.writeBytes(new String(Character.toChars(0x80 + rnd.nextInt(0x780))).getBytes(StandardCharsets.UTF_8)); break;
                case 3: b.writeBytes(new String(Character.toChars(0x800 + rnd.nextInt(0xd000))).getBytes(StandardCharsets.UTF_8)); break;
                case 4: b.writeBytes(new String(Character.toChars(0x10000 + rnd.nextInt(0xfffff))).getBytes(StandardCharsets.UTF_8)); break;
                case 5: if (allowInvalid && rnd.nextInt(30) == 0) { b.write(0x80 + rnd.nextInt(0x80)); } break;
                default: b.write(0x20 + rnd.nextInt(0x5f));
            }
        }
        return b.toByteArray();
    }

    @Test
    public void theHandWrittenEncoderWritesExactlyWhatJacksonWrites() throws Exception {
        java.util.Random rnd = new java.util.Random(20261130L);
        RecordJson fast = new RecordJson();
        JacksonRecordJson jackson = new JacksonRecordJson();
        int base64 = 0;
        for (int i = 0; i < 20_000; i++) {
            RecordHeaders h = new RecordHeaders();
            for (int k = rnd.nextInt(3); k > 0; k--) {
                h.add("h" + k + (rnd.nextBoolean() ? "\"q\u00e9" : ""), randomBytes(rnd, true));
            }
            ConsumerRecord<byte[], byte[]> r = new ConsumerRecord<>("topic.x-" + rnd.nextInt(9), rnd.nextInt(64),
                    rnd.nextLong() & Long.MAX_VALUE, rnd.nextLong(), rnd.nextBoolean() ? TimestampType.CREATE_TIME
                    : TimestampType.LOG_APPEND_TIME, -1, -1, randomBytes(rnd, true), randomBytes(rnd, true), h,
                    Optional.empty());
            String error = rnd.nextInt(10) == 0 ? "x: \"bad\"\n\tline \u0001 \u00fc" : null;
            ByteArrayOutputStream a = new ByteArrayOutputStream();
            ByteArrayOutputStream b = new ByteArrayOutputStream();
            fast.write(r, a, error);
            jackson.write(r, b, error);
            if (!java.util.Arrays.equals(b.toByteArray(), a.toByteArray())) {
                throw new AssertionError("record " + i + " differs:\n jackson " + b.toString(StandardCharsets.UTF_8)
                        + "\n fast    " + a.toString(StandardCharsets.UTF_8));
            }
            base64 += a.toString(StandardCharsets.UTF_8).contains("base64") ? 1 : 0;
        }
        assertTrue("the invalid-UTF-8 path was exercised: " + base64, base64 > 1000);
    }
}
