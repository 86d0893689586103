package io.directstream.migrate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.directstream.source.StartSpec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;

/**
 * Offsets a legacy pipeline kept in a file or a table export: CSV lines {@code topic,partition,offset} (a header line
 * is skipped), or JSON, either {@code {"topic":{"0":1200}}} (the Structured Streaming shape) or
 * {@code [{"topic":"t","partition":0,"offset":1200}]}. Each is a number: {@code --offsets-are} says next or last.
 */
public final class FileOffsetSource {
    private FileOffsetSource() {
    }

    public static LegacyOffsets read(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read " + file + ": " + e.getMessage());
        }
        String trimmed = text.trim();
        LegacyOffsets out = new LegacyOffsets("file " + file);
        if (trimmed.startsWith("{")) {
            Map<TopicPartition, Long> m = StartSpec.parsePartitionJson(trimmed, "offsets");
            m.forEach((tp, o) -> out.add(LegacyValue.read(tp, file.toString(), "JSON", SavedOffset.number(tp.topic(),
                    tp.partition(), o))));
        } else if (trimmed.startsWith("[")) {
            jsonArray(file, trimmed, out);
        } else {
            csv(file, text, out);
        }
        return out;
    }

    private static void jsonArray(Path file, String text, LegacyOffsets out) {
        try {
            int i = 0;
            for (JsonNode n : new ObjectMapper().readTree(text)) {
                i++;
                if (!n.hasNonNull("topic") || !n.path("partition").canConvertToInt() || !n.path("offset").canConvertToLong()) {
                    throw new IllegalArgumentException(file + ": expected objects with topic, partition and offset: " + n);
                }
                TopicPartition tp = new TopicPartition(n.get("topic").asText(), n.get("partition").asInt());
                long o = number(file + " element " + i, n.get("offset").asText());
                out.add(LegacyValue.read(tp, file + " element " + i, "JSON", SavedOffset.number(tp.topic(), tp.partition(), o)));
            }
        } catch (IOException e) {
            throw new IllegalArgumentException(file + " is not valid JSON: " + e.getMessage());
        }
    }

    private static void csv(Path file, String text, LegacyOffsets out) {
        List<String> lines = text.lines().toList();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).trim();
            if (line.isEmpty() || line.startsWith("#") || (i == 0 && line.toLowerCase().startsWith("topic"))) {
                continue;
            }
            String[] f = line.split("\\s*,\\s*");
            if (f.length != 3 || !f[1].matches("\\d+")) {
                throw new IllegalArgumentException(file + " line " + (i + 1) + " '" + line + "': expected topic,partition,offset");
            }
            String where = file + " line " + (i + 1);
            TopicPartition tp = new TopicPartition(f[0], Integer.parseInt(f[1]));
            out.add(LegacyValue.read(tp, where, "CSV", SavedOffset.number(f[0], tp.partition(), number(where, f[2]))));
        }
    }

    private static long number(String where, String text) {
        OffsetText.Decoded d = OffsetText.parse(where, OffsetText.UTF8, text);
        if (!"number".equals(d.form())) {
            throw new IllegalArgumentException(where + " holds '" + text + "', not an offset");
        }
        return d.offsets().get(0).number().get();
    }
}
