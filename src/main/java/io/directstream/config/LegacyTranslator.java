package io.directstream.config;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * Accepts the configuration of a Spark 1.6 pipeline (the 0-8 direct stream and the old consumer's keys) and translates
 * it into this job's keys. Every translation is reported as a warning naming the old key, the new key and the value;
 * keys that mean nothing any more are reported as ignored, with why. A key given both ways with different values is
 * an error. Old keys are accepted bare ({@code metadata.broker.list}) or with the {@code kafka.} prefix.
 */
public final class LegacyTranslator {
    private static final Map<String, Rule> RULES = new LinkedHashMap<>();

    /** What becomes of one legacy key. */
    private static final class Rule {
        final String newKey;
        final UnaryOperator<String> value;
        final String ignoredBecause;

        Rule(String newKey, UnaryOperator<String> value, String ignoredBecause) {
            this.newKey = newKey;
            this.value = value;
            this.ignoredBecause = ignoredBecause;
        }
    }

    static {
        rename("metadata.broker.list", "kafka.bootstrap.servers");
        rename("bootstrap.servers", "kafka.bootstrap.servers");
        rename("group.id", "kafka.group.id");
        RULES.put("auto.offset.reset", new Rule(JobKeys.SOURCE_STARTING_POSITION, LegacyTranslator::offsetReset, null));
        rename("topics", JobKeys.SOURCE_TOPICS);
        rename("topic", JobKeys.SOURCE_TOPICS);
        rename("fetch.message.max.bytes", "kafka.max.partition.fetch.bytes");
        rename("socket.receive.buffer.bytes", "kafka.receive.buffer.bytes");
        rename("socket.timeout.ms", "kafka.request.timeout.ms");
        rename("fetch.wait.max.ms", "kafka.fetch.max.wait.ms");
        rename("fetch.min.bytes", "kafka.fetch.min.bytes");
        rename("client.id", "kafka.client.id");
        String zk = "the 0-10 integration does not use ZooKeeper; to carry the old offsets over, pass it to "
                + "bin/migrate-offsets --zookeeper";
        ignore("zookeeper.connect", zk);
        ignore("zookeeper.session.timeout.ms", zk);
        ignore("zookeeper.connection.timeout.ms", zk);
        ignore("zookeeper.sync.time.ms", zk);
        ignore("refresh.leader.backoff.ms", "the 0-8 direct stream's wait before looking up a partition's new leader; "
                + "the 0-10 consumer follows leaders itself");
        ignore("spark.streaming.kafka.maxRetries", "the 0-8 direct stream's retries of its leader-offset lookup; the "
                + "0-10 consumer retries by itself (kafka.retry.backoff.ms)");
        String commits = "the job commits offsets itself, after the outputs are durable";
        ignore("auto.commit.enable", commits);
        ignore("auto.commit.interval.ms", commits);
        ignore("offsets.storage", "offsets live in Kafka and in the job's ledger");
        ignore("dual.commit.enabled", "offsets live in Kafka and in the job's ledger");
        String highLevel = "a setting of the old high-level consumer, which a direct stream never used";
        for (String k : List.of("consumer.timeout.ms", "rebalance.max.retries", "rebalance.backoff.ms",
                "num.consumer.fetchers", "queued.max.message.chunks", "consumer.id", "exclude.internal.topics")) {
            ignore(k, highLevel);
        }
    }

    private LegacyTranslator() {
    }

    private static void rename(String oldKey, String newKey) {
        RULES.put(oldKey, new Rule(newKey, UnaryOperator.identity(), null));
    }

    private static void ignore(String oldKey, String why) {
        RULES.put(oldKey, new Rule(null, null, why));
    }

    private static String offsetReset(String v) {
        switch (v.trim().toLowerCase(Locale.ROOT)) {
            case "smallest": return "earliest";
            case "largest": return "latest";
            default: return v.trim();
        }
    }

    /** The translated keys and what was done to them. */
    public static final class Result {
        private final Map<String, String> properties;
        private final List<String> warnings;
        private final List<String> problems;

        Result(Map<String, String> properties, List<String> warnings, List<String> problems) {
            this.properties = properties;
            this.warnings = warnings;
            this.problems = problems;
        }

        public Map<String, String> properties() {
            return properties;
        }

        /** One line per translated or ignored key. */
        public List<String> warnings() {
            return warnings;
        }

        /** Conflicts between a legacy key and its new form. */
        public List<String> problems() {
            return problems;
        }
    }

    public static Result translate(Map<String, String> props) {
        Map<String, String> out = new LinkedHashMap<>();
        List<String> warnings = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        Map<String, String> origin = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : props.entrySet()) {
            if (legacyKey(e.getKey(), e.getValue()) == null) {
                out.put(e.getKey(), e.getValue());
            }
        }
        for (Map.Entry<String, String> e : props.entrySet()) {
            String oldKey = e.getKey();
            String bare = legacyKey(oldKey, e.getValue());
            if (bare == null) {
                continue;
            }
            Rule rule = RULES.get(bare);
            if (rule.newKey == null) {
                warnings.add("legacy key " + oldKey + "=" + Secrets.shown(oldKey, e.getValue()) + " ignored: " + rule.ignoredBecause);
                continue;
            }
            String value = rule.value.apply(e.getValue());
            String existing = out.get(rule.newKey);
            if (existing != null && !existing.equals(value)) {
                problems.add("Conflicting configuration: " + (origin.containsKey(rule.newKey) ? origin.get(rule.newKey)
                        : rule.newKey + "=" + existing) + " and legacy " + oldKey + "=" + e.getValue() + " (which means "
                        + rule.newKey + "=" + value + "); keep one");
                continue;
            }
            out.put(rule.newKey, value);
            origin.put(rule.newKey, "legacy " + oldKey + "=" + e.getValue());
            warnings.add("legacy key " + oldKey + "=" + Secrets.shown(oldKey, e.getValue()) + " translated to " + rule.newKey
                    + "=" + Secrets.shown(rule.newKey, String.valueOf(value)));
        }
        return new Result(out, warnings, problems);
    }

    /** The legacy key this is (without a kafka. prefix), or null when it is a current key. */
    private static String legacyKey(String key, String value) {
        String bare = key.startsWith(JobKeys.KAFKA_PREFIX) ? key.substring(JobKeys.KAFKA_PREFIX.length()) : key;
        if (!RULES.containsKey(bare)) {
            return null;
        }
        boolean prefixed = !bare.equals(key);
        // current consumer keys that share a name with an old one stay as they are when prefixed
        if (prefixed && (bare.equals("bootstrap.servers") || bare.equals("group.id") || bare.equals("client.id")
                || bare.equals("fetch.min.bytes"))) {
            return null;
        }
        if (bare.equals("auto.offset.reset") && prefixed) {
            String v = value.trim().toLowerCase(Locale.ROOT);
            return v.equals("smallest") || v.equals("largest") ? bare : null;
        }
        return bare;
    }
}
