package io.directstream.config;

import io.directstream.storage.S3Location;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import io.directstream.process.JsonArchiveProcessor;
import io.directstream.process.OnError;
import io.directstream.sink.Compression;
import io.directstream.source.StartingPosition;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

public class ConfigLoaderTest {
    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    static Map<String, String> minimal() {
        Map<String, String> m = new HashMap<>();
        m.put("kafka.bootstrap.servers", "127.0.0.1:9092");
        m.put("kafka.group.id", "g1");
        m.put("source.topics", "orders,payments");
        m.put("output.location", "s3://bucket/archive/");
        return m;
    }

    private static List<String> problems(Map<String, String> props) {
        return assertThrows(InvalidConfigException.class, () -> ConfigLoader.fromMap(props)).problems();
    }

    @Test
    public void defaultsApplyToAMinimalConfiguration() throws Exception {
        JobConfig c = ConfigLoader.fromMap(minimal());
        assertEquals(List.of("orders", "payments"), c.topics());
        assertFalse(c.topicPattern().isPresent());
        assertEquals(new S3Location("bucket", "archive"), c.output());
        assertEquals(StartingPosition.earliest(), c.startingPosition());
        assertEquals(Duration.ofSeconds(5), c.batchInterval());
        assertEquals("no fixed cap: backpressure sizes the batches", 0L, c.maxRatePerPartition());
        assertEquals(100_000L, c.initialRate());
        assertEquals(JsonArchiveProcessor.class.getName(), c.processorClass());
        assertEquals(OnError.DEAD_LETTER, c.onError());
        assertEquals(Compression.NONE, c.compression());
        assertEquals(8L * 1024 * 1024, c.partSize());
        assertEquals("g1", c.groupId());
        assertEquals("false", c.kafkaParams().get("enable.auto.commit"));
        assertEquals("earliest", c.kafkaParams().get("auto.offset.reset"));
        assertEquals("false", c.kafkaParams().get("allow.auto.create.topics"));
        assertEquals("org.apache.kafka.common.serialization.ByteArrayDeserializer", c.kafkaParams().get("value.deserializer"));
        assertFalse(c.s3().endpoint().isPresent());
    }

    @Test
    public void prefixesPassThrough() throws Exception {
        Map<String, String> m = minimal();
        m.put("kafka.session.timeout.ms", "60000");
        m.put("spark.master", "local[2]");
        m.put("processor.target.table", "events");
        JobConfig c = ConfigLoader.fromMap(m);
        assertEquals("60000", c.kafkaParams().get("session.timeout.ms"));
        assertEquals("local[2]", c.sparkProperties().get("spark.master"));
        assertEquals(Map.of("target.table", "events"), c.processorProperties());
    }

    @Test
    public void missingRequiredKeysAreAllReported() {
        List<String> p = problems(new HashMap<>());
        assertTrue(p.toString(), p.stream().anyMatch(s -> s.contains("output.location")));
        assertTrue(p.toString(), p.stream().anyMatch(s -> s.contains("kafka.bootstrap.servers")));
        assertTrue(p.toString(), p.stream().anyMatch(s -> s.contains("kafka.group.id")));
    }

    @Test
    public void anInvalidValueNamesKeyValueAndExpectation() {
        Map<String, String> m = minimal();
        m.put("stream.batch.interval", "5000");
        assertEquals(List.of("Invalid value 5000 for configuration stream.batch.interval: expected a duration such as "
                + "500ms, 5s, 2m, 1h or 1d"), problems(m));

        m = minimal();
        m.put("source.starting.position", "smallest");
        List<String> p = problems(m);
        assertEquals(1, p.size());
        assertTrue(p.get(0), p.get(0).contains("smallest") && p.get(0).contains("source.starting.position")
                && p.get(0).contains("earliest") && p.get(0).contains("latest"));

        m = minimal();
        m.put("output.location", "hdfs://nn/archive");
        p = problems(m);
        assertTrue(p.get(0), p.get(0).contains("hdfs://nn/archive") && p.get(0).contains("output.location")
                && p.get(0).contains("s3://bucket/prefix"));

        m = minimal();
        m.put("output.part.size", "1MiB");
        p = problems(m);
        assertTrue(p.get(0), p.get(0).contains("output.part.size") && p.get(0).contains("1MiB") && p.get(0).contains("between"));

        m = minimal();
        m.put("ledger.snapshot.interval", "0");
        p = problems(m);
        assertTrue(p.get(0), p.get(0).contains("ledger.snapshot.interval") && p.get(0).contains("at least 1"));
    }

    @Test
    public void unknownKeysAreReportedWithASuggestion() {
        Map<String, String> m = minimal();
        m.put("output.compresion", "gzip");
        List<String> p = problems(m);
        assertEquals(1, p.size());
        assertTrue(p.get(0), p.get(0).startsWith("Unknown configuration output.compresion (its value is not shown"));
        assertFalse(p.get(0), p.get(0).contains("gzip"));
        assertTrue(p.get(0), p.get(0).endsWith("did you mean output.compression?"));
    }

    @Test
    public void unknownKafkaKeysAreReported() {
        Map<String, String> m = minimal();
        m.put("kafka.fetch.size.bytes", "1048576");
        List<String> p = problems(m);
        assertTrue(p.toString(), p.get(0).contains("kafka.fetch.size.bytes") && p.get(0).contains("not a Kafka consumer setting"));
    }

    @Test
    public void kafkaValuesAreCheckedByKafkasOwnDefinitions() {
        Map<String, String> m = minimal();
        m.put("kafka.session.timeout.ms", "soon");
        List<String> p = problems(m);
        assertEquals(1, p.size());
        assertTrue(p.get(0), p.get(0).contains("soon") && p.get(0).contains("kafka.session.timeout.ms"));
    }

    @Test
    public void settingsTheJobOwnsCannotBeChanged() {
        Map<String, String> m = minimal();
        m.put("kafka.enable.auto.commit", "true");
        m.put("kafka.value.deserializer", "org.apache.kafka.common.serialization.StringDeserializer");
        List<String> p = problems(m);
        assertEquals(p.toString(), 2, p.size());
        assertTrue(p.toString(), p.stream().anyMatch(s -> s.contains("kafka.enable.auto.commit") && s.contains("true")));
        assertTrue(p.toString(), p.stream().anyMatch(s -> s.contains("kafka.value.deserializer")));
    }

    @Test
    public void exactlyOneOfTopicsAndPattern() {
        Map<String, String> m = minimal();
        m.put("source.topic.pattern", "orders.*");
        assertTrue(problems(m).get(0).contains("set exactly one"));
        m.remove("source.topics");
        m.put("source.topic.pattern", "orders.*");
        m.put("source.topic.pattern", "([unclosed");
        assertTrue(problems(m).get(0).contains("not a valid regular expression"));
        m.remove("source.topic.pattern");
        assertTrue(problems(m).get(0).contains("set source.topics"));
    }

    @Test
    public void processorClassMustImplementTheInterface() {
        Map<String, String> m = minimal();
        m.put("process.class", "java.lang.String");
        assertTrue(problems(m).get(0).contains("must implement io.directstream.process.RecordProcessor"));
        m.put("process.class", "com.example.Nope");
        assertTrue(problems(m).get(0).contains("class not found"));
    }

    @Test
    public void s3CredentialsGoTogether() {
        Map<String, String> m = minimal();
        m.put("s3.access.key", "AK");
        assertTrue(problems(m).get(0).contains("s3.secret.key"));
    }

    @Test
    public void fileAndOverrides() throws Exception {
        Path f = tmp.newFile("job.properties").toPath();
        StringBuilder sb = new StringBuilder("# comment\n");
        minimal().forEach((k, v) -> sb.append(k).append(" = ").append(v).append('\n'));
        sb.append("job.name=from-file\n");
        Files.writeString(f, sb.toString(), StandardCharsets.UTF_8);
        JobConfig c = ConfigLoader.load(f, List.of("job.name=from-cli", "output.compression=gzip"));
        assertEquals("from-cli", c.jobName());
        assertEquals(Compression.GZIP, c.compression());
    }

    @Test
    public void missingFileAndBadOverrideAreReported() {
        InvalidConfigException e = assertThrows(InvalidConfigException.class,
                () -> ConfigLoader.load(Path.of("does/not/exist.properties"), List.of()));
        assertTrue(e.getMessage(), e.getMessage().contains("does/not/exist.properties does not exist"));
        e = assertThrows(InvalidConfigException.class, () -> ConfigLoader.load(null, List.of("justakey")));
        assertTrue(e.getMessage(), e.getMessage().contains("'justakey': expected key=value"));
    }

    @Test
    public void secretsAreMaskedInThePrintableView() throws Exception {
        Map<String, String> m = minimal();
        m.put("s3.access.key", "AK");
        m.put("s3.secret.key", "very-secret");
        JobConfig c = ConfigLoader.fromMap(m);
        assertEquals(Secrets.REDACTED, c.sources().get("s3.secret.key"));
        assertFalse(c.s3().toString().contains("very-secret"));
        m.put("kafka.sasl.jaas.config", "ScramLoginModule required password=\"pw\";");
        m.put("kafka.ssl.truststore.password", "tspw");
        m.put("kafka.ssl.keystore.key", "-----BEGIN PRIVATE KEY----- abc");
        m.put("processor.api.token", "proc-token");
        m.put("processor.db.credentials", "user:pw");
        m.put("s3.session.token", "sts-token");
        c = ConfigLoader.fromMap(m);
        for (String k : List.of("s3.session.token", "kafka.sasl.jaas.config", "kafka.ssl.truststore.password",
                "kafka.ssl.keystore.key",
                "processor.api.token", "processor.db.credentials", "s3.access.key")) {
            assertEquals(k, Secrets.REDACTED, c.sources().get(k));
        }
        assertEquals("ordinary values are shown as given", "g1", c.sources().get("kafka.group.id"));
        assertEquals("127.0.0.1:9092", c.sources().get("kafka.bootstrap.servers"));
    }

    @Test
    public void aSessionTokenNeedsTheKeysItBelongsTo() {
        Map<String, String> m = minimal();
        m.put("s3.session.token", "sts-token-without-keys");
        String p = String.join("\n", problems(m));
        assertTrue(p, p.contains("s3.session.token needs s3.access.key and s3.secret.key"));
        assertFalse(p, p.contains("sts-token-without-keys"));
    }

    @Test
    public void aMistypedSecretKeyIsNamedWithoutItsValue() {
        Map<String, String> m = minimal();
        m.put("s3.secret.kye", "typo-secret-4d4e");
        m.put("kafka.sasl.jaas.confg", "ScramLoginModule required password=\"jaas-pw-31a8\";");
        m.put("kafka.ssl.trustore.password", "ts-pw-77c1");
        m.put("processor.token", "proc-pw-a1");
        m.put("s3.sekret", "sekret-9e0f");
        List<String> problems = problems(m);
        String all = String.join("\n", problems);
        for (String secret : List.of("typo-secret-4d4e", "jaas-pw-31a8", "ts-pw-77c1", "sekret-9e0f")) {
            assertFalse(secret + " printed in:\n" + all, all.contains(secret));
        }
        assertTrue(all, all.contains("Unknown configuration s3.secret.kye (its value is not shown"));
        assertTrue(all, all.contains("did you mean s3.secret.key?"));
        assertTrue(all, all.contains("Unknown configuration kafka.sasl.jaas.confg (its value is not shown"));
        assertTrue(all, all.contains("did you mean kafka.sasl.jaas.config?"));
        assertTrue(all, all.contains("did you mean kafka.ssl.truststore.password?"));
        assertTrue(all, all.contains("Unknown configuration s3.sekret (its value is not shown"));
    }

    @Test
    public void secretKeysAreKafkasPasswordsSparksRedactionRuleAndCredentials() {
        for (String k : List.of("s3.secret.key", "s3.access.key", "kafka.ssl.key.password", "kafka.ssl.keystore.password",
                "kafka.ssl.truststore.certificates", "kafka.sasl.jaas.config", "spark.hadoop.fs.s3a.secret.key",
                "spark.yarn.keytab", "processor.api.token", "processor.private_key", "processor.session.key",
                "kafka.sasl.client.callback.handler.class.password")) {
            assertTrue(k, Secrets.isSecret(k));
        }
        for (String k : List.of("kafka.bootstrap.servers", "output.location", "source.topics", "kafka.sasl.mechanism",
                "kafka.security.protocol", "kafka.ssl.truststore.location", "job.name", "spark.master")) {
            assertFalse(k, Secrets.isSecret(k));
        }
    }

    @Test
    public void theLeaseMustOutlastTwiceTheS3RetryBudget() throws Exception {
        JobConfig defaults = ConfigLoader.fromMap(minimal());
        assertEquals(Duration.ofMinutes(1), defaults.s3().retryBudget());
        assertEquals(Duration.ofMinutes(5), defaults.leaseTimeout());
        Map<String, String> m = minimal();
        m.put("job.lease.timeout", "60s");
        assertEquals(List.of("Invalid value 60s for configuration job.lease.timeout: must be at least twice "
                + "s3.retry.budget (1m) plus 6 s, that is 126 s: the holder gives up its lease at half the lease time "
                + "minus the retry budget, so that its last write lands before another instance may take over"),
                problems(m));
        m.put("s3.retry.budget", "20s");
        assertEquals(Duration.ofSeconds(20), ConfigLoader.fromMap(m).s3().retryBudget());
    }
}
