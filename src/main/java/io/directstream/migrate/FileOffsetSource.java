package io.directstream.migrate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.directstream.source.StartSpec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;

/**
 * Offsets a legacy pipeline kept in a file or a table export: CSV lines {@code topic,partition,offset} (a header line
 * is skipped), or JSON, either {@code {"topic":{"0":1200}}} (the Structured Streaming shape) or
 * {@code [{"topic":"t","partition":0,"offset":1200}]}.
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
        Map<TopicPartition, Long> out;
        if (trimmed.startsWith("{")) {
            out = StartSpec.parsePartitionJson(trimmed, "offsets");
        } else if (trimmed.startsWith("[")) {
            out = jsonArray(file, trimmed);
        } else {
            out = csv(file, text);
        }
        return new LegacyOffsets(out, "file " + file);
    }

    private static Map<TopicPartition, Long> jsonArray(Path file, String text) {
        Map<TopicPartition, Long> out = new HashMap<>();
        try {
            for (JsonNode n : new ObjectMapper().readTree(text)) {
                if (!n.hasNonNull("topic") || !n.path("partition").canConvertToInt() || !n.path("offset").canConvertToLong()) {
                    throw new IllegalArgumentException(file + ": expected objects with topic, partition and offset: " + n);
                }
                out.put(new TopicPartition(n.get("topic").asText(), n.get("partition").asInt()),
                        ZooKeeperOffsetSource.parseOffset(file.toString(), n.get("offset").asText()));
            }
        } catch (IOException e) {
            throw new IllegalArgumentException(file + " is not valid JSON: " + e.getMessage());
        }
        return out;
    }

    private static Map<TopicPartition, Long> csv(Path file, String text) {
        Map<TopicPartition, Long> out = new HashMap<>();
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
            out.put(new TopicPartition(f[0], Integer.parseInt(f[1])), ZooKeeperOffsetSource.parseOffset(
                    file + " line " + (i + 1), f[2]));
        }
        return out;
    }
}
