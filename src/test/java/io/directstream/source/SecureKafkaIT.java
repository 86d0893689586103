package io.directstream.source;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import io.directstream.audit.AuditMain;
import io.directstream.cli.ExitCodes;
import io.directstream.config.JobConfig;
import io.directstream.job.JobResult;
import io.directstream.job.StopMainAccess;
import io.directstream.local.ArchiveVerifier;
import io.directstream.local.LocalSecureKafka;
import io.directstream.migrate.MigrateMainAccess;
import io.directstream.replay.ReprocessMain;
import io.directstream.testing.Capture;
import io.directstream.testing.Jobs;
import io.directstream.testing.SharedServices;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;

/**
 * The job and every tool against a broker secured as production clusters are: SASL_SSL, SCRAM-SHA-512, a certificate
 * checked against a trust store. The job is only ever given the SASL_SSL listener; the broker's plaintext
 * inter-broker listener serves the test's own checks.
 */
public class SecureKafkaIT {
    private static final String PASSWORD = "scram-pw-7b1e";
    private static final String STORE_PASSWORD = "store-pw-5c2d";
    private static LocalSecureKafka kafka;

    @BeforeClass
    public static void startSecuredBroker() {
        kafka = LocalSecureKafka.start(SharedServices.work().resolve("secure-kafka"), PASSWORD, STORE_PASSWORD);
    }

    @AfterClass
    public static void stopSecuredBroker() {
        kafka.close();
    }

    /** A topic of 3 partitions with {@code n} records each, produced through the SASL_SSL listener. */
    private static String topic(int n) {
        String topic = SharedServices.unique("secure");
        kafka.createTopic(topic, 3);
        produce(topic, 0, n);
        return topic;
    }

    private static void produce(String topic, int from, int n) {
        try (KafkaProducer<byte[], byte[]> p = new KafkaProducer<>(kafka.clientConfig(), new ByteArraySerializer(),
                new ByteArraySerializer())) {
            for (int part = 0; part < 3; part++) {
                for (int i = from; i < from + n; i++) {
                    p.send(new ProducerRecord<>(topic, part, ("k" + i).getBytes(), ("v" + part + "-" + i).getBytes()));
                }
            }
            p.flush();
        }
    }

    private static Map<String, String> props(String topic, String group, String prefix, String password) {
        Map<String, String> props = SharedServices.jobConfig(topic, group, prefix);
        props.putAll(kafka.clientSettings(password));
        return props;
    }

    private static String[] args(Map<String, String> props, String... options) {
        List<String> a = new ArrayList<>();
        props.forEach((k, v) -> a.add(k + "=" + v));
        a.addAll(List.of(options));
        return a.toArray(new String[0]);
    }

    private static List<TopicPartition> partitions(String topic) {
        return List.of(new TopicPartition(topic, 0), new TopicPartition(topic, 1), new TopicPartition(topic, 2));
    }

    /** Checked through the plaintext listener: every record once, the group committed at the log end. */
    private static void assertArchivedAndCommitted(JobConfig config, String topic) throws Exception {
        var s3 = SharedServices.s3().client();
        ArchiveVerifier.Report r;
        try {
            r = ArchiveVerifier.verify(kafka.plaintextBootstrapServers(), partitions(topic), Map.of(), s3, config.output());
        } finally {
            s3.shutdown();
        }
        assertTrue(r.toString(), r.problems().isEmpty());
        assertEquals(r.expected(), r.archived());
        try (Admin a = kafka.plaintextAdmin()) {
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            partitions(topic).forEach(tp -> latest.put(tp, OffsetSpec.latest()));
            var ends = a.listOffsets(latest).all().get(30, TimeUnit.SECONDS);
            Map<TopicPartition, OffsetAndMetadata> committed = a.listConsumerGroupOffsets(config.groupId())
                    .partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS);
            for (TopicPartition tp : partitions(topic)) {
                assertEquals(tp.toString(), ends.get(tp).offset(), committed.get(tp).offset());
            }
        }
    }

    @Test
    public void theJobAndEveryToolWorkThroughSaslSsl() throws Exception {
        String topic = topic(100);
        Map<String, String> props = props(topic, SharedServices.unique("secure-group"), topic, PASSWORD);
        JobConfig config = Jobs.config(props);

        JobResult job = Jobs.run(props);
        assertEquals(ExitCodes.OK, job.exitCode());
        assertEquals(300, job.stats().records());
        assertArchivedAndCommitted(config, topic);

        StringWriter audit = new StringWriter();
        int auditCode = AuditMain.run(args(props), new PrintWriter(audit));
        assertEquals(audit.toString(), 0, auditCode);
        assertTrue(audit.toString(), audit.toString().contains("Result: CLEAN"));

        Object[] reprocess = Capture.stdout(() -> ReprocessMain.run(args(props, "--from", "earliest", "--until", "latest",
                "--name", "secure")));
        assertEquals((String) reprocess[1], 0, reprocess[0]);

        // migrate-offsets and stop, for a second job on the same topic
        Map<String, String> second = props(topic, SharedServices.unique("secure-migrated"), topic + "-second", PASSWORD);
        second.put("job.stop.after.idle.batches", "0");
        Path csv = SharedServices.work().resolve(topic + ".csv");
        Files.writeString(csv, topic + ",0,40\n" + topic + ",1,50\n" + topic + ",2,60\n");
        Object[] migrate = Capture.stdout(() -> MigrateMainAccess.run(args(second, "--from-file", csv.toString(), "--apply")));
        assertEquals((String) migrate[1], 0, migrate[0]);

        Jobs.Running running = Jobs.start(second);
        produce(topic, 100, 50);
        JobConfig secondConfig = Jobs.config(second);
        Jobs.await("the second job to archive the new records", Duration.ofSeconds(60),
                () -> Jobs.ledger(secondConfig).endOffsets().values().stream().mapToLong(Long::longValue).sum() == 450);
        assertEquals(0, StopMainAccess.run(args(second, "--wait", "--timeout", "60s")));
        JobResult stopped = running.result.get(60, TimeUnit.SECONDS);
        assertEquals(ExitCodes.OK, stopped.exitCode());
        assertTrue("the final commit went through SASL_SSL", stopped.finalCommitDone());
        try (Admin a = kafka.plaintextAdmin()) {
            Map<TopicPartition, OffsetAndMetadata> committed = a.listConsumerGroupOffsets(secondConfig.groupId())
                    .partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS);
            assertEquals(150L, committed.get(new TopicPartition(topic, 0)).offset());
            assertEquals(150L, committed.get(new TopicPartition(topic, 2)).offset());
        }
    }

    @Test
    public void aWrongPasswordFailsAtStartNamingTheBrokerAndTheAuthentication() {
        String topic = topic(1);
        Map<String, String> props = props(topic, SharedServices.unique("secure-wrong"), topic, "not-the-password");
        long started = System.nanoTime();
        // the job's start-up refusal: what bin/run-job and spark-submit turn into exit code 3 (ExitCodes.UNAVAILABLE)
        SourceUnavailableException refused = org.junit.Assert.assertThrows(SourceUnavailableException.class,
                () -> new io.directstream.job.DirectStreamJob(Jobs.config(props)).run());
        long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started);
        String message = refused.getMessage();
        assertTrue(message, message.contains("Kafka at " + kafka.bootstrapServers() + " refused the authentication "
                + "(security.protocol=SASL_SSL, sasl.mechanism=SCRAM-SHA-512)"));
        assertTrue(message, message.contains("invalid credentials"));
        assertTrue("no secret in the message", !message.contains("not-the-password") && !message.contains(STORE_PASSWORD));
        // not a timeout: the broker answers at once (a hang detector, far above the start-up timeout of 10 s)
        assertTrue("took " + seconds + " s", seconds < 60);

        Object[] audit = Capture.both(() -> AuditMain.run(args(props), new PrintWriter(new StringWriter())));
        assertEquals(3, audit[0]);
        assertTrue((String) audit[2], ((String) audit[2]).contains("refused the authentication"));
    }

    private static final String PROCESSOR_SECRET = "proc-token-e41b";
    private static final String TYPO_SECRET = "typo-secret-0c9d";

    /** Runs {@code mainClass} in a JVM of its own, as its bin/ script does; returns {exit code, its whole output}. */
    private static Object[] tool(String name, Class<?> mainClass, String... args) throws Exception {
        Path log = SharedServices.work().resolve("secret-scan").resolve(name + ".log");
        Files.deleteIfExists(log);
        io.directstream.local.ChildJvm jvm = io.directstream.local.ChildJvm.start(name, io.directstream.local.LocalPaths
                .childClasspath(), io.directstream.testing.JobProcess.jvmOptions(), mainClass.getName(), List.of(args), log, true);
        int code = jvm.waitFor(Duration.ofSeconds(180));
        return new Object[] {code, Files.readString(log)};
    }

    private static Path propertiesFile(String name, Map<String, String> props) throws Exception {
        StringBuilder sb = new StringBuilder();
        props.forEach((k, v) -> sb.append(k).append('=').append(v.replace("\\", "\\\\")).append('\n'));
        Path file = SharedServices.work().resolve("secret-scan").resolve(name + ".properties");
        Files.createDirectories(file.getParent());
        Files.writeString(file, sb.toString());
        return file;
    }

    /**
     * The job and every tool run with distinctive secrets (the SASL password, the trust store's password, the S3
     * secret key, a processor's token, and a mistyped secret key), each in its own JVM as its bin/ script runs it:
     * no secret appears in any line they print, in any report, nor in any object they write to S3.
     */
    @Test
    public void noSecretIsPrintedOrWrittenByTheJobOrAnyTool() throws Exception {
        String topic = topic(20);
        Map<String, String> props = props(topic, SharedServices.unique("scan-group"), topic, PASSWORD);
        props.put("processor.api.token", PROCESSOR_SECRET);
        Path config = propertiesFile("job", props);
        List<String> secrets = List.of(PASSWORD, STORE_PASSWORD, io.directstream.local.LocalS3.SECRET_KEY,
                PROCESSOR_SECRET, TYPO_SECRET);
        Map<String, String> outputs = new java.util.LinkedHashMap<>();

        Object[] r = tool("check", io.directstream.job.JobMain.class, "--config", config.toString(), "--check");
        assertEquals((String) r[1], 0, r[0]);
        assertTrue((String) r[1], ((String) r[1]).contains("kafka.sasl.jaas.config=*********(redacted)"));
        outputs.put("bin/run-job --check", (String) r[1]);
        r = tool("job", io.directstream.job.JobMain.class, "--config", config.toString());
        assertEquals((String) r[1], 0, r[0]);
        outputs.put("the job", (String) r[1]);
        Path html = SharedServices.work().resolve("secret-scan").resolve("audit.html");
        r = tool("audit", AuditMain.class, "--config", config.toString(), "--format", "html", "--output", html.toString());
        assertEquals((String) r[1], 0, r[0]);
        outputs.put("bin/offset-audit", (String) r[1]);
        outputs.put("the HTML audit report", Files.readString(html));
        r = tool("reprocess", ReprocessMain.class, "--config", config.toString(), "--from", "earliest", "--until", "latest",
                "--name", "scan");
        assertEquals((String) r[1], 0, r[0]);
        outputs.put("bin/reprocess", (String) r[1]);
        Path csv = SharedServices.work().resolve("secret-scan").resolve("offsets.csv");
        Files.writeString(csv, topic + ",0,1\n" + topic + ",1,1\n" + topic + ",2,1\n");
        r = tool("migrate", io.directstream.migrate.MigrateMain.class, "--config", config.toString(), "--from-file",
                csv.toString());
        assertEquals((String) r[1], 0, r[0]);
        outputs.put("bin/migrate-offsets", (String) r[1]);
        r = tool("stop", io.directstream.job.StopMain.class, "--config", config.toString());
        outputs.put("bin/stop", (String) r[1]);

        Map<String, String> typo = new java.util.LinkedHashMap<>(props);
        typo.put("s3.secret.kye", TYPO_SECRET);
        typo.put("kafka.sasl.jaas.confg", "org.apache.kafka.common.security.scram.ScramLoginModule required username=\""
                + LocalSecureKafka.USER + "\" password=\"" + PASSWORD + "\";");
        r = tool("typo", io.directstream.job.JobMain.class, "--config", propertiesFile("typo", typo).toString());
        assertEquals((String) r[1], ExitCodes.CONFIG, r[0]);
        assertTrue((String) r[1], ((String) r[1]).contains("Unknown configuration s3.secret.kye"));
        outputs.put("a mistyped secret key", (String) r[1]);
        Map<String, String> wrong = new java.util.LinkedHashMap<>(props);
        wrong.put("kafka.ssl.truststore.password", TYPO_SECRET);
        r = tool("wrong-store-password", io.directstream.job.JobMain.class, "--config",
                propertiesFile("wrong", wrong).toString());
        assertEquals((String) r[1], ExitCodes.UNAVAILABLE, r[0]);
        assertTrue((String) r[1], ((String) r[1]).contains("Kafka client for " + kafka.bootstrapServers()
                + " (security.protocol=SASL_SSL, sasl.mechanism=SCRAM-SHA-512) cannot start: "));
        assertTrue((String) r[1], ((String) r[1]).contains("keystore password was incorrect"));
        outputs.put("a wrong trust store password", (String) r[1]);

        for (Map.Entry<String, String> o : outputs.entrySet()) {
            for (String secret : secrets) {
                int at = o.getValue().indexOf(secret);
                assertTrue(o.getKey() + " printed the secret " + secret + ": ..."
                        + o.getValue().substring(Math.max(0, at - 200), Math.min(o.getValue().length(), at + 50)), at < 0);
            }
        }
        JobConfig jc = Jobs.config(props);
        var s3 = SharedServices.s3().client();
        int objects = 0;
        try {
            for (var summary : com.amazonaws.services.s3.iterable.S3Objects.withPrefix(s3, jc.output().bucket(),
                    jc.output().prefix())) {
                String content = s3.getObjectAsString(summary.getBucketName(), summary.getKey());
                objects++;
                for (String secret : secrets) {
                    assertTrue(summary.getKey() + " holds the secret " + secret, !content.contains(secret));
                }
            }
        } finally {
            s3.shutdown();
        }
        assertTrue("scanned the data, ledger, lease and replay objects: " + objects, objects >= 6);
    }
}
