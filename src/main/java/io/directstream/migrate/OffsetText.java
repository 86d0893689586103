package io.directstream.migrate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads what a legacy pipeline's own offset code left in a znode (or a line of a file), in every form such code wrote,
 * and never guesses: bytes are UTF-8 text or a Java-serialized {@code String} (what a {@code ZkClient} built without a
 * string serializer stores; decoded without deserializing anything), and the text is one of
 * <ul>
 *   <li>a bare number: {@code 1200};</li>
 *   <li>{@code partition:offset} pairs: {@code 0:1200,1:1185};</li>
 *   <li>named fields: {@code topic=orders;partition=2;fromOffset=310;untilOffset=655}, {@code fromOffset:310,untilOffset:655}
 *       (separators {@code ; , &} or spaces, {@code =} or {@code :});</li>
 *   <li>JSON: {@code {"topic":"orders","partition":2,"fromOffset":310,"untilOffset":655}}, or an array of such objects;</li>
 *   <li>{@code OffsetRange.toString()}: {@code OffsetRange(topic: 'orders', partition: 2, range: [310 -> 655])}.</li>
 * </ul>
 * Several records may stand on separate lines. Anything else is refused with a message saying what was found.
 */
public final class OffsetText {
    /** The encoding of a value's bytes. */
    public static final String UTF8 = "UTF-8 text";
    public static final String JAVA_STRING = "Java-serialized String";

    private static final Pattern NUMBER = Pattern.compile("-?\\d+");
    private static final Pattern PAIRS = Pattern.compile("\\d+\\s*:\\s*-?\\d+(\\s*,\\s*\\d+\\s*:\\s*-?\\d+)*,?");
    private static final Pattern OFFSET_RANGE = Pattern.compile(
            "OffsetRange\\(topic:\\s*'([^']*)',\\s*partition:\\s*(\\d+),\\s*range:\\s*\\[(-?\\d+)\\s*->\\s*(-?\\d+)\\]\\)");
    private static final Pattern FIELD = Pattern.compile("\\s*\"?([A-Za-z_][A-Za-z0-9_.-]*)\"?\\s*[=:]\\s*(\"[^\"]*\"|'[^']*'|[^;,&\\s]*)\\s*");

    private OffsetText() {
    }

    /** A value read: its encoding, its text, its form, and what it says for each partition it names. */
    public static final class Decoded {
        private final String encoding;
        private final String text;
        private final String form;
        private final List<SavedOffset> offsets;

        Decoded(String encoding, String text, String form, List<SavedOffset> offsets) {
            this.encoding = encoding;
            this.text = text;
            this.form = form;
            this.offsets = List.copyOf(offsets);
        }

        /** {@link #UTF8} or {@link #JAVA_STRING}. */
        public String encoding() {
            return encoding;
        }

        public String text() {
            return text;
        }

        /** {@code number}, {@code partition:offset pairs}, {@code named fields}, {@code JSON}, {@code OffsetRange}, {@code empty}. */
        public String form() {
            return form;
        }

        /** What the value says, one element per record (empty when the value is empty). */
        public List<SavedOffset> offsets() {
            return offsets;
        }

        public boolean isEmpty() {
            return offsets.isEmpty();
        }

        /** {@code Java-serialized String, named fields}. */
        public String describe() {
            return encoding + ", " + form;
        }
    }

    /** Decodes a znode's bytes; {@code where} names it in errors. */
    public static Decoded decode(String where, byte[] bytes) {
        if (bytes == null || bytes.length == 0) {
            return new Decoded(UTF8, "", "empty", List.of());
        }
        if (isJavaSerialized(bytes)) {
            return parse(where, JAVA_STRING, javaString(where, bytes));
        }
        return parse(where, UTF8, utf8(where, bytes));
    }

    static boolean isJavaSerialized(byte[] b) {
        return b.length >= 4 && (b[0] & 0xff) == 0xAC && (b[1] & 0xff) == 0xED && b[2] == 0 && b[3] == 5;
    }

    /**
     * The {@code String} that {@code ObjectOutputStream.writeObject(String)} wrote: stream magic, version,
     * {@code TC_STRING} (0x74), a two-byte length and modified UTF-8. Nothing is deserialized: any other content
     * (an object, a long string, trailing bytes) is refused, naming its class when the bytes say it.
     */
    static String javaString(String where, byte[] b) {
        if (b.length < 5) {
            throw new UnreadableOffsetException(where + " holds a truncated Java serialization stream (" + b.length + " bytes)");
        }
        int code = b[4] & 0xff;
        if (code == 0x74) {
            try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(b, 5, b.length - 5))) {
                String s = in.readUTF();
                if (in.available() > 0) {
                    throw new UnreadableOffsetException(where + " holds a Java-serialized String followed by "
                            + in.available() + " more bytes: not one String, refused");
                }
                return s;
            } catch (IOException e) {
                throw new UnreadableOffsetException(where + " holds a damaged Java-serialized String: " + e.getMessage());
            }
        }
        String what = code == 0x7C ? "a Java-serialized long String (over 65,535 bytes: no offset is that long)"
                : code == 0x73 ? "a Java-serialized object" + serializedClass(b) + ", not a String"
                : "Java-serialized content of type code 0x" + Integer.toHexString(code) + ", not a String";
        throw new UnreadableOffsetException(where + " holds " + what + ": refused (only a serialized String is read, "
                + "nothing is deserialized)");
    }

    /** {@code " of class java.lang.Long"} when an object's stream starts with its class descriptor. */
    private static String serializedClass(byte[] b) {
        if (b.length < 8 || (b[5] & 0xff) != 0x72) {
            return "";
        }
        int len = ((b[6] & 0xff) << 8) | (b[7] & 0xff);
        if (b.length < 8 + len) {
            return "";
        }
        return " of class " + new String(b, 8, len, StandardCharsets.UTF_8);
    }

    private static String utf8(String where, byte[] b) {
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(b)).toString();
        } catch (CharacterCodingException e) {
            text = null;
        }
        if (text == null || text.chars().anyMatch(c -> Character.isISOControl(c) && c != '\n' && c != '\r' && c != '\t')) {
            throw new UnreadableOffsetException(where + " holds " + b.length + " bytes that are neither UTF-8 text nor a "
                    + "Java-serialized String (they start " + hex(b) + "): not an offset");
        }
        return text;
    }

    private static String hex(byte[] b) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < Math.min(8, b.length); i++) {
            s.append(String.format(Locale.ROOT, "%02X ", b[i] & 0xff));
        }
        return s.toString().trim() + (b.length > 8 ? " ..." : "");
    }

    /** Reads text (a znode's, decoded, or a line of a file). */
    public static Decoded parse(String where, String encoding, String raw) {
        String text = raw.trim();
        if (text.isEmpty()) {
            return new Decoded(encoding, raw, "empty", List.of());
        }
        if (NUMBER.matcher(text).matches()) {
            return new Decoded(encoding, raw, "number", List.of(SavedOffset.number(null, null, offset(where, "offset", text))));
        }
        if (PAIRS.matcher(text).matches()) {
            List<SavedOffset> out = new ArrayList<>();
            for (String pair : text.split("\\s*,\\s*")) {
                if (!pair.isEmpty()) {
                    String[] kv = pair.split("\\s*:\\s*");
                    out.add(SavedOffset.number(null, partition(where, kv[0]), offset(where, "offset", kv[1])));
                }
            }
            return new Decoded(encoding, raw, "partition:offset pairs", out);
        }
        if (text.startsWith("{") || text.startsWith("[")) {
            return new Decoded(encoding, raw, "JSON", json(where, text));
        }
        List<SavedOffset> out = new ArrayList<>();
        String form = null;
        for (String line : text.split("\\s*[\\r\\n]+\\s*")) {
            Matcher m = OFFSET_RANGE.matcher(line);
            String f;
            if (m.matches()) {
                out.add(SavedOffset.range(m.group(1), partition(where, m.group(2)), offset(where, "fromOffset", m.group(3)),
                        offset(where, "untilOffset", m.group(4))));
                f = "OffsetRange";
            } else {
                out.add(fields(where, line));
                f = "named fields";
            }
            form = form == null || form.equals(f) ? f : "named fields and OffsetRange";
        }
        return new Decoded(encoding, raw, form, out);
    }

    private static List<SavedOffset> json(String where, String text) {
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(text);
        } catch (IOException e) {
            throw new UnreadableOffsetException(where + " holds text that starts like JSON but is not JSON: " + e.getMessage());
        }
        List<SavedOffset> out = new ArrayList<>();
        if (root.isObject()) {
            out.add(jsonRecord(where, root));
        } else {
            for (JsonNode n : root) {
                if (!n.isObject()) {
                    throw new UnreadableOffsetException(where + " holds a JSON array of something other than objects: " + n);
                }
                out.add(jsonRecord(where, n));
            }
        }
        return out;
    }

    private static SavedOffset jsonRecord(String where, JsonNode n) {
        Map<String, String> fields = new java.util.LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (e.getValue().isContainerNode()) {
                throw new UnreadableOffsetException(where + ": JSON field " + e.getKey() + " holds " + e.getValue()
                        + ", expected a number or a string");
            }
            fields.put(e.getKey(), e.getValue().asText());
        }
        return record(where, fields);
    }

    private static SavedOffset fields(String where, String line) {
        Map<String, String> fields = new java.util.LinkedHashMap<>();
        Matcher m = FIELD.matcher(line);
        int at = 0;
        while (at < line.length()) {
            m.region(at, line.length());
            if (!m.lookingAt()) {
                throw new UnreadableOffsetException(where + " holds '" + line + "': not an offset (expected a number, "
                        + "partition:offset pairs, named fields such as topic=t;partition=0;fromOffset=1;untilOffset=9, "
                        + "JSON, or OffsetRange(...))");
            }
            String value = m.group(2);
            if (value.length() >= 2 && (value.startsWith("\"") || value.startsWith("'"))) {
                value = value.substring(1, value.length() - 1);
            }
            fields.put(m.group(1), value);
            at = m.end();
            if (at < line.length() && ";,&".indexOf(line.charAt(at)) >= 0) {
                at++;
            }
        }
        return record(where, fields);
    }

    /** Named fields to a saved offset; unknown names are refused, never guessed at. */
    private static SavedOffset record(String where, Map<String, String> fields) {
        String topic = null;
        Integer partition = null;
        Long from = null;
        Long until = null;
        Long offset = null;
        for (Map.Entry<String, String> f : fields.entrySet()) {
            String name = f.getKey().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "");
            String v = f.getValue();
            switch (name) {
                case "topic": topic = v; break;
                case "partition": partition = partition(where, v); break;
                case "fromoffset": case "from": from = offset(where, f.getKey(), v); break;
                case "untiloffset": case "until": until = offset(where, f.getKey(), v); break;
                case "offset": offset = offset(where, f.getKey(), v); break;
                default:
                    throw new UnreadableOffsetException(where + " has a field " + f.getKey() + "=" + v + " that is not "
                            + "understood (understood: topic, partition, fromOffset, untilOffset, offset); refused rather "
                            + "than guessed at");
            }
        }
        if (offset != null && (from != null || until != null)) {
            throw new UnreadableOffsetException(where + " has both offset and fromOffset/untilOffset: which one is the "
                    + "resume point cannot be told");
        }
        if (offset == null && from == null && until == null) {
            throw new UnreadableOffsetException(where + " names no offset (fields " + fields.keySet() + "): expected "
                    + "fromOffset, untilOffset or offset");
        }
        if (from != null && until != null && from > until) {
            throw new UnreadableOffsetException(where + " has fromOffset " + from + " after untilOffset " + until);
        }
        return offset != null ? SavedOffset.number(topic, partition, offset) : SavedOffset.range(topic, partition, from, until);
    }

    private static long offset(String where, String field, String v) {
        long o;
        try {
            o = Long.parseLong(v.trim());
        } catch (NumberFormatException e) {
            throw new UnreadableOffsetException(where + ": " + field + " is '" + v + "', not an offset");
        }
        if (o < 0) {
            throw new UnreadableOffsetException(where + ": " + field + " is " + o + ", a negative offset (some pipelines "
                    + "saved -1 for \"nothing yet\"): not a position to resume at; remove it and use --on-missing");
        }
        return o;
    }

    private static int partition(String where, String v) {
        try {
            int p = Integer.parseInt(v.trim());
            if (p >= 0) {
                return p;
            }
        } catch (NumberFormatException e) {
            // below
        }
        throw new UnreadableOffsetException(where + ": partition is '" + v + "', not a partition number");
    }
}
