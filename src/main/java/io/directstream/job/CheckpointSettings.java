package io.directstream.job;

import io.directstream.config.JobConfig;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The settings a Spark checkpoint freezes: a recovered context keeps the topics, the consumer group and every Kafka
 * setting of the stream it was written with, its batch interval, and the Spark settings of the run that wrote it,
 * whatever the configuration says now. They are written beside the checkpoint as {@code key=value} lines (secret
 * values only as a hash), so that a start under other settings can say which changed instead of ignoring them.
 */
final class CheckpointSettings {
    private CheckpointSettings() {
    }

    /** The frozen settings of this configuration, one sorted {@code key=value} per line. */
    static String of(JobConfig config) {
        Map<String, String> m = new TreeMap<>();
        config.topics().forEach(t -> m.merge("source.topics", t, (a, b) -> a + "," + b));
        config.topicPattern().ifPresent(p -> m.put("source.topic.pattern", p.pattern()));
        m.put("output.location", config.output().toString());
        m.put("stream.batch.interval", config.batchInterval().toString());
        m.put("stream.max.rate.per.partition", String.valueOf(config.maxRatePerPartition()));
        config.kafkaParams().forEach((k, v) -> m.put("kafka." + k, shown(k, String.valueOf(v))));
        config.sparkProperties().forEach((k, v) -> m.put(k, shown(k, v)));
        StringBuilder sb = new StringBuilder();
        m.forEach((k, v) -> sb.append(k).append('=').append(v.replace("\n", "\\n")).append('\n'));
        return sb.toString();
    }

    /** What differs between the settings a checkpoint was written with and the current ones; empty when none. */
    static List<String> changes(String then, String now) {
        Map<String, String> a = parse(then);
        Map<String, String> b = parse(now);
        List<String> out = new ArrayList<>();
        TreeMap<String, String> keys = new TreeMap<>(a);
        keys.putAll(b);
        for (String k : keys.keySet()) {
            String x = a.get(k);
            String y = b.get(k);
            if (x == null) {
                out.add(k + " added (" + y + ")");
            } else if (y == null) {
                out.add(k + " removed (was " + x + ")");
            } else if (!x.equals(y)) {
                out.add(secret(k) ? k + " changed" : k + " " + x + " -> " + y);
            }
        }
        return out;
    }

    private static Map<String, String> parse(String text) {
        Map<String, String> m = new TreeMap<>();
        for (String line : text.split("\n")) {
            int eq = line.indexOf('=');
            if (eq > 0) {
                m.put(line.substring(0, eq), line.substring(eq + 1));
            }
        }
        return m;
    }

    private static boolean secret(String key) {
        String k = key.toLowerCase(Locale.ROOT);
        return k.contains("password") || k.contains("secret") || k.contains("jaas") || k.contains("token")
                || k.endsWith(".key");
    }

    private static String shown(String key, String value) {
        return secret(key) ? "sha256:" + sha256(value) : value;
    }

    private static String sha256(String s) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
