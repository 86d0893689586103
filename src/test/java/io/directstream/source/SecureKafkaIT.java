package io.directstream.source;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import io.directstream.audit.AuditMain;
import io.directstream.config.JobConfig;
import io.directstream.job.ExitCodes;
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
}
