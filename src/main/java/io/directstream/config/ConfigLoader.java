package io.directstream.config;

import io.directstream.process.OnError;
import io.directstream.process.TriggerSettings;
import io.directstream.sink.Compression;
import io.directstream.sink.S3Settings;
import io.directstream.source.DataLossPolicy;
import io.directstream.source.StartSpec;
import io.directstream.source.StartingPosition;
import io.directstream.storage.S3Location;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigValue;
import org.apache.kafka.common.config.types.Password;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Reads the job's properties file and command-line overrides, checks every key and value, and builds a
 * {@link JobConfig}. All problems are reported at once, before Spark starts.
 */
public final class ConfigLoader {
    /** Consumer settings the job owns: the user may not change them. */
    private static final Map<String, String> FORCED_KAFKA = Map.of(
            ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false: the job commits offsets itself, after the outputs are durable",
            ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, "not settable: the job reads raw bytes; decode in the processor",
            ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, "not settable: the job reads raw bytes; decode in the processor");

    private ConfigLoader() {
    }

    /** Loads {@code file} (may be null) with {@code key=value} overrides applied on top. */
    public static JobConfig load(Path file, List<String> overrides) throws InvalidConfigException {
        Map<String, String> props = new LinkedHashMap<>();
        if (file != null) {
            props.putAll(readFile(file));
        }
        List<String> problems = new ArrayList<>();
        for (String o : overrides) {
            int eq = o.indexOf('=');
            if (eq <= 0) {
                problems.add("Invalid override '" + (Secrets.isSecret(o) ? Secrets.REDACTED : o) + "': expected key=value");
            } else {
                props.put(o.substring(0, eq).trim(), o.substring(eq + 1).trim());
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidConfigException(problems);
        }
        return fromMap(props);
    }

    /** Reads a properties file (ISO-8859-1 escapes as java.util.Properties, but UTF-8 text). */
    public static Map<String, String> readFile(Path file) throws InvalidConfigException {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(r);
        } catch (NoSuchFileException e) {
            throw new InvalidConfigException("Configuration file " + file + " does not exist");
        } catch (IOException | IllegalArgumentException e) {
            throw new InvalidConfigException("Configuration file " + file + " cannot be read: " + e.getMessage());
        }
        Map<String, String> out = new TreeMap<>();
        for (String name : p.stringPropertyNames()) {
            out.put(name.trim(), p.getProperty(name).trim());
        }
        return out;
    }

    /** Validates a flat map of keys and builds the configuration. Legacy (Spark 1.6) keys are translated first. */
    public static JobConfig fromMap(Map<String, String> given) throws InvalidConfigException {
        LegacyTranslator.Result legacy = LegacyTranslator.translate(given);
        Map<String, String> props = legacy.properties();
        List<String> problems = new ArrayList<>(legacy.problems());
        Map<String, String> own = new LinkedHashMap<>();
        Map<String, String> kafka = new LinkedHashMap<>();
        Map<String, String> spark = new LinkedHashMap<>();
        Map<String, String> processor = new LinkedHashMap<>();
        Map<String, String> trigger = new LinkedHashMap<>();
        ConfigDef def = JobKeys.definition();
        for (Map.Entry<String, String> e : props.entrySet()) {
            String key = e.getKey();
            if (key.startsWith(JobKeys.KAFKA_PREFIX)) {
                kafka.put(key.substring(JobKeys.KAFKA_PREFIX.length()), e.getValue());
            } else if (key.startsWith(JobKeys.SPARK_PREFIX)) {
                spark.put(key, e.getValue());
            } else if (key.startsWith(JobKeys.PROCESSOR_PREFIX)) {
                processor.put(key.substring(JobKeys.PROCESSOR_PREFIX.length()), e.getValue());
            } else if (key.startsWith(JobKeys.TRIGGER_PREFIX)) {
                trigger.put(key.substring(JobKeys.TRIGGER_PREFIX.length()), e.getValue());
            } else if (def.names().contains(key)) {
                own.put(key, e.getValue());
            } else {
                problems.add(unknownKey(key, def.names()));
            }
        }
        for (ConfigValue v : def.validate(own)) {
            for (String msg : v.errorMessages()) {
                problems.add(msg);
            }
        }
        Map<String, Object> kafkaParams = kafkaParams(kafka, problems);
        if (!problems.isEmpty()) {
            throw new InvalidConfigException(scrubbed(problems, given));
        }
        Map<String, Object> parsed = def.parse(own);
        crossChecks(parsed, problems);
        if (!problems.isEmpty()) {
            throw new InvalidConfigException(scrubbed(problems, given));
        }
        JobConfig config = build(parsed, kafkaParams, spark, processor, trigger, props, legacy.warnings());
        return config;
    }

    private static void crossChecks(Map<String, Object> parsed, List<String> problems) {
        String endpoint = (String) parsed.get(JobKeys.S3_ENDPOINT);
        if ("aws:kms".equals(parsed.get(JobKeys.S3_SSE)) && endpoint != null && endpoint.startsWith("http://")) {
            problems.add("Invalid configuration: " + JobKeys.S3_SSE + "=aws:kms needs an https:// " + JobKeys.S3_ENDPOINT
                    + " (it is " + endpoint + "): the AWS SDK sends SSE-KMS requests over HTTPS only");
        }
        String kmsKey = (String) parsed.get(JobKeys.S3_SSE_KMS_KEY_ID);
        if (!kmsKey.isEmpty() && !"aws:kms".equals(parsed.get(JobKeys.S3_SSE))) {
            problems.add("Invalid configuration: " + JobKeys.S3_SSE_KMS_KEY_ID + "=" + kmsKey + " needs " + JobKeys.S3_SSE
                    + "=aws:kms (it is " + parsed.get(JobKeys.S3_SSE) + ")");
        }
        @SuppressWarnings("unchecked")
        List<String> topics = (List<String>) parsed.get(JobKeys.SOURCE_TOPICS);
        String pattern = (String) parsed.get(JobKeys.SOURCE_TOPIC_PATTERN);
        if (topics.isEmpty() && pattern.isEmpty()) {
            problems.add("Missing required configuration: set " + JobKeys.SOURCE_TOPICS + " (a topic list) or "
                    + JobKeys.SOURCE_TOPIC_PATTERN + " (a regular expression)");
        } else if (!topics.isEmpty() && !pattern.isEmpty()) {
            problems.add("Invalid configuration: " + JobKeys.SOURCE_TOPICS + "=" + String.join(",", topics) + " and "
                    + JobKeys.SOURCE_TOPIC_PATTERN + "=" + pattern + " are both set; set exactly one");
        }
        for (String t : topics) {
            if (!t.matches("[a-zA-Z0-9._\\-]{1,249}")) {
                problems.add("Invalid value " + t + " for configuration " + JobKeys.SOURCE_TOPICS
                        + ": a topic name is 1-249 of a-z A-Z 0-9 . _ -");
            }
        }
        long explicitStarts = java.util.stream.Stream.of(JobKeys.SOURCE_STARTING_OFFSETS, JobKeys.SOURCE_STARTING_TIMESTAMP,
                JobKeys.SOURCE_STARTING_OFFSETS_BY_TIMESTAMP).filter(k -> !((String) parsed.get(k)).isBlank()).count();
        if (explicitStarts > 1) {
            problems.add("Invalid configuration: set at most one of " + JobKeys.SOURCE_STARTING_OFFSETS + ", "
                    + JobKeys.SOURCE_STARTING_TIMESTAMP + " and " + JobKeys.SOURCE_STARTING_OFFSETS_BY_TIMESTAMP);
        }
        Duration lease = Durations.parse((String) parsed.get(JobKeys.JOB_LEASE_TIMEOUT));
        Duration budget = Durations.parse((String) parsed.get(JobKeys.S3_RETRY_BUDGET));
        Duration leastLease = budget.multipliedBy(2).plusSeconds(6);
        if (lease.compareTo(leastLease) < 0) {
            problems.add("Invalid value " + parsed.get(JobKeys.JOB_LEASE_TIMEOUT) + " for configuration "
                    + JobKeys.JOB_LEASE_TIMEOUT + ": must be at least twice " + JobKeys.S3_RETRY_BUDGET + " ("
                    + parsed.get(JobKeys.S3_RETRY_BUDGET) + ") plus 6 s, that is " + leastLease.toSeconds() + " s"
                    + ": the holder gives up its lease at half the lease time minus the retry budget, so that its "
                    + "last write lands before another instance may take over");
        }
        String access = (String) parsed.get(JobKeys.S3_ACCESS_KEY);
        Password secret = (Password) parsed.get(JobKeys.S3_SECRET_KEY);
        if (!((Password) parsed.get(JobKeys.S3_SESSION_TOKEN)).value().isEmpty() && access.isEmpty()) {
            problems.add("Invalid configuration: " + JobKeys.S3_SESSION_TOKEN + " needs " + JobKeys.S3_ACCESS_KEY + " and "
                    + JobKeys.S3_SECRET_KEY + " (the temporary credentials it belongs to)");
        }
        if (access.isEmpty() != secret.value().isEmpty()) {
            problems.add("Invalid configuration: " + JobKeys.S3_ACCESS_KEY + " and " + JobKeys.S3_SECRET_KEY
                    + " go together; set both, or neither to use the AWS default credential chain");
        }
    }

    private static Map<String, Object> kafkaParams(Map<String, String> user, List<String> problems) {
        Set<String> known = ConsumerConfig.configNames();
        Map<String, Object> params = new LinkedHashMap<>();
        // Partitions the job did not resolve itself (topics created later under a pattern) start at the earliest
        // offset, so nothing is skipped; known partitions always get an explicit start offset.
        params.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        params.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, "false");
        for (Map.Entry<String, String> e : user.entrySet()) {
            String key = e.getKey();
            String full = JobKeys.KAFKA_PREFIX + key;
            if (FORCED_KAFKA.containsKey(key)) {
                if (!(key.equals(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG) && "false".equalsIgnoreCase(e.getValue()))) {
                    problems.add("Invalid value " + Secrets.shown(full, e.getValue()) + " for configuration " + full + ": "
                            + FORCED_KAFKA.get(key));
                }
            } else if (!known.contains(key)) {
                String meant = closest(key, known);
                problems.add("Unknown configuration " + full + " (its value is not shown: an unknown key may be a "
                        + "mistyped secret): not a Kafka consumer setting (see KafkaConsumer's ConsumerConfig)"
                        + (meant != null ? "; did you mean " + JobKeys.KAFKA_PREFIX + meant + "?" : ""));
            } else {
                params.put(key, e.getValue());
            }
        }
        for (String required : List.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, ConsumerConfig.GROUP_ID_CONFIG)) {
            Object v = params.get(required);
            if (v == null || v.toString().isBlank()) {
                problems.add("Missing required configuration " + JobKeys.KAFKA_PREFIX + required
                        + (required.equals(ConsumerConfig.GROUP_ID_CONFIG)
                        ? ": one consumer group per stream; the job commits its offsets there"
                        : ": host:port of the Kafka brokers"));
            }
        }
        params.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        params.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        params.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        // Kafka's own checks of types and ranges, reported against the kafka.* names the user wrote.
        Map<String, String> asText = new LinkedHashMap<>();
        params.forEach((k, v) -> asText.put(k, String.valueOf(v)));
        for (ConfigValue v : ConsumerConfig.configDef().validate(asText)) {
            if (user.containsKey(v.name())) {
                for (String msg : v.errorMessages()) {
                    problems.add(msg.replace("configuration " + v.name(), "configuration " + JobKeys.KAFKA_PREFIX + v.name()));
                }
            }
        }
        return params;
    }

    @SuppressWarnings("unchecked")
    private static JobConfig build(Map<String, Object> p, Map<String, Object> kafka, Map<String, String> spark,
                                   Map<String, String> processor, Map<String, String> trigger, Map<String, String> all,
                                   List<String> legacyWarnings) {
        JobConfig.Builder b = new JobConfig.Builder();
        b.jobName = (String) p.get(JobKeys.JOB_NAME);
        b.topics = (List<String>) p.get(JobKeys.SOURCE_TOPICS);
        String pattern = (String) p.get(JobKeys.SOURCE_TOPIC_PATTERN);
        b.topicPattern = pattern.isEmpty() ? null : Pattern.compile(pattern);
        b.startingPosition = StartingPosition.parse((String) p.get(JobKeys.SOURCE_STARTING_POSITION));
        b.onDataLoss = DataLossPolicy.parse((String) p.get(JobKeys.SOURCE_ON_DATA_LOSS));
        b.startSpec = startSpec(p);
        b.replayAllowed = (Boolean) p.get(JobKeys.SOURCE_REPLAY);
        b.batchInterval = Durations.parse((String) p.get(JobKeys.STREAM_BATCH_INTERVAL));
        b.maxRatePerPartition = (Long) p.get(JobKeys.STREAM_MAX_RATE_PER_PARTITION);
        b.initialRate = (Long) p.get(JobKeys.STREAM_INITIAL_RATE);
        b.checkpointLocation = (String) p.get(JobKeys.STREAM_CHECKPOINT_LOCATION);
        b.processorClass = (String) p.get(JobKeys.PROCESS_CLASS);
        b.onError = OnError.parse((String) p.get(JobKeys.PROCESS_ON_ERROR));
        b.processorProperties = processor;
        b.triggers = triggerSettings(p, trigger);
        b.output = S3Location.parse((String) p.get(JobKeys.OUTPUT_LOCATION));
        b.compression = Compression.parse((String) p.get(JobKeys.OUTPUT_COMPRESSION));
        b.partSize = Durations.parseSize((String) p.get(JobKeys.OUTPUT_PART_SIZE));
        b.snapshotInterval = (Integer) p.get(JobKeys.LEDGER_SNAPSHOT_INTERVAL);
        b.s3 = new S3Settings((String) p.get(JobKeys.S3_ENDPOINT), (String) p.get(JobKeys.S3_REGION),
                (Boolean) p.get(JobKeys.S3_PATH_STYLE_ACCESS), (String) p.get(JobKeys.S3_ACCESS_KEY),
                ((Password) p.get(JobKeys.S3_SECRET_KEY)).value(),
                Durations.parse((String) p.get(JobKeys.S3_RETRY_BUDGET)),
                Durations.parse((String) p.get(JobKeys.S3_CONNECT_TIMEOUT)),
                Durations.parse((String) p.get(JobKeys.S3_SOCKET_TIMEOUT)),
                Durations.parse((String) p.get(JobKeys.S3_RETRY_BASE_DELAY)),
                Durations.parse((String) p.get(JobKeys.S3_RETRY_MAX_DELAY))).withEncryption((String) p.get(JobKeys.S3_SSE),
                (String) p.get(JobKeys.S3_SSE_KMS_KEY_ID)).withSessionToken(((Password) p.get(JobKeys.S3_SESSION_TOKEN)).value());
        b.startupTimeout = Durations.parse((String) p.get(JobKeys.JOB_STARTUP_TIMEOUT));
        b.stopAfterIdleBatches = (Integer) p.get(JobKeys.JOB_STOP_AFTER_IDLE_BATCHES);
        b.maxDuration = Durations.parse((String) p.get(JobKeys.JOB_MAX_DURATION));
        b.stopTimeout = Durations.parse((String) p.get(JobKeys.JOB_STOP_TIMEOUT));
        b.stopMarkerPollInterval = Durations.parse((String) p.get(JobKeys.JOB_STOP_MARKER_POLL_INTERVAL));
        b.leaseTimeout = Durations.parse((String) p.get(JobKeys.JOB_LEASE_TIMEOUT));
        b.leaseWait = Durations.parse((String) p.get(JobKeys.JOB_LEASE_WAIT));
        b.kafkaParams = kafka;
        b.sparkProperties = spark;
        Map<String, String> shown = new TreeMap<>();
        all.forEach((k, v) -> shown.put(k, Secrets.shown(k, v)));
        b.sources = shown;
        b.legacyWarnings = legacyWarnings;
        return new JobConfig(b);
    }

    private static TriggerSettings triggerSettings(Map<String, Object> p, Map<String, String> properties) {
        String className = ((String) p.get(JobKeys.TRIGGER_CLASS)).trim();
        if (className.isEmpty()) {
            return null;
        }
        return new TriggerSettings(className, TriggerSettings.Mode.parse((String) p.get(JobKeys.TRIGGER_MODE)),
                TriggerSettings.Where.parse((String) p.get(JobKeys.TRIGGER_CHUNK_ON)),
                (Integer) p.get(JobKeys.TRIGGER_CHUNK_SIZE), (Integer) p.get(JobKeys.TRIGGER_DRIVER_THREADS),
                (Integer) p.get(JobKeys.TRIGGER_DRIVER_MAX_MESSAGES),
                Durations.parse((String) p.get(JobKeys.TRIGGER_TIMEOUT)), properties);
    }

    private static StartSpec startSpec(Map<String, Object> p) {
        boolean latest = "latest".equals(p.get(JobKeys.SOURCE_STARTING_TIMESTAMP_STRATEGY));
        String offsets = (String) p.get(JobKeys.SOURCE_STARTING_OFFSETS);
        String timestamp = (String) p.get(JobKeys.SOURCE_STARTING_TIMESTAMP);
        String byTimestamp = (String) p.get(JobKeys.SOURCE_STARTING_OFFSETS_BY_TIMESTAMP);
        if (!timestamp.isBlank()) {
            return StartSpec.timestamp(StartSpec.parseTime(timestamp), latest);
        }
        if (!byTimestamp.isBlank()) {
            return StartSpec.timestamps(StartSpec.parsePartitionJson(byTimestamp, "timestamps"), latest);
        }
        return StartSpec.parseOffsets(offsets);
    }

    /** The problems with any secret value the user gave replaced, whatever message echoed it (a last defence). */
    private static List<String> scrubbed(List<String> problems, Map<String, String> given) {
        java.util.Set<String> secrets = Secrets.values(given);
        List<String> out = new ArrayList<>();
        for (String p : problems) {
            out.add(Secrets.scrub(p, secrets));
        }
        return out;
    }

    /** The closest of {@code names} to {@code key}, if close enough to be a typo of it. */
    private static String closest(String key, Set<String> names) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String n : names) {
            int d = levenshtein(key, n);
            if (d < bestDistance) {
                bestDistance = d;
                best = n;
            }
        }
        return best != null && bestDistance <= Math.max(2, key.length() / 4) ? best : null;
    }

    private static String unknownKey(String key, Set<String> names) {
        String meant = closest(key, names);
        return "Unknown configuration " + key + " (its value is not shown: an unknown key may be a mistyped secret): not "
                + "a key of this job (its keys are listed in conf/job.properties.template; Kafka settings take the kafka. "
                + "prefix, Spark settings spark.)" + (meant != null ? "; did you mean " + meant + "?" : "");
    }

    static int levenshtein(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }
}
