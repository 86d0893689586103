package io.directstream.job;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import io.directstream.cli.ExitCodes;
import io.directstream.config.JobConfig;
import io.directstream.local.Ports;
import io.directstream.local.SampleProducer;
import io.directstream.storage.UnavailableException;
import io.directstream.testing.Jobs;
import io.directstream.testing.LogLines;
import io.directstream.testing.SharedServices;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.Test;

/** Start-up against missing or unreachable services: a clear error naming what, within a bounded time, before Spark. */
public class StartupChecksIT {
    private static Map<String, String> props(String topic) {
        Map<String, String> p = SharedServices.jobConfig(topic, SharedServices.unique("group"), SharedServices.unique("startup"));
        p.put("job.startup.timeout", "5s");
        return p;
    }

    /**
     * The refusal and its message. Each start-up check gives up after job.startup.timeout and says so in its message;
     * the wall-clock bound here only catches a hang (it is not the promise, so a loaded machine cannot fail it).
     */
    private static String failure(Map<String, String> props) {
        long t0 = System.nanoTime();
        UnavailableException e = assertThrows(UnavailableException.class,
                () -> new DirectStreamJob(Jobs.config(props)).run());
        Duration took = Duration.ofNanos(System.nanoTime() - t0);
        assertTrue("failed after " + took.toMillis() + " ms: a start-up check hangs", took.compareTo(Duration.ofSeconds(60)) < 0);
        return e.getMessage();
    }

    @Test
    public void unreachableKafkaIsNamedWithinTheStartupTimeout() throws Exception {
        Map<String, String> p = props("anything");
        try (java.net.Socket refusing = Ports.refusing()) {
            String dead = "127.0.0.1:" + refusing.getLocalPort();
            p.put("kafka.bootstrap.servers", dead);
            String msg;
            List<String> clientLines;
            try (LogLines client = LogLines.of(org.apache.kafka.clients.NetworkClient.class)) {
                msg = failure(p);
                clientLines = client.lines();
            }
            assertTrue(msg, msg.startsWith("Kafka is unreachable at bootstrap servers " + dead + ": could not "));
            assertTrue(msg, msg.contains(" within 5 s "));
            // the one line, not a reconnect warning per backoff before it
            assertEquals("the Kafka client's warnings while the check waited", List.of(), clientLines);
        }
    }

    @Test
    public void unreachableS3IsNamedWithinTheStartupTimeout() throws Exception {
        Map<String, String> p = props("anything");
        try (java.net.Socket refusing = Ports.refusing()) {
            String dead = "http://127.0.0.1:" + refusing.getLocalPort();
            p.put("s3.endpoint", dead);
            String msg = failure(p);
            assertTrue(msg, msg.startsWith("S3 is unreachable at " + dead));
        }
    }

    @Test
    public void aLocationWrittenByAnotherProgramIsRefusedAndNothingInItDeleted() {
        String topic = SharedServices.unique("foreign");
        SharedServices.kafka().createTopic(topic, 1);
        Map<String, String> p = props(topic);
        JobConfig config = Jobs.config(p);
        var s3 = SharedServices.s3().client();
        try {
            String theirs = config.output().key("topic=" + topic + "/partition=0/" + topic + "+0+"
                    + String.format("%020d", 0) + ".jsonl");
            s3.putObject(config.output().bucket(), theirs, "not ours");
            String msg = failure(p);
            assertTrue(msg, msg.contains("already holds objects but no ledger and no lease: it was not written by this job"));
            assertEquals("not ours", s3.getObjectAsString(config.output().bucket(), theirs));
        } finally {
            s3.shutdown();
        }
    }

    @Test
    public void theToolsNameAMissingBucketInOneLine() throws Exception {
        String topic = SharedServices.unique("tools-bucket");
        SharedServices.kafka().createTopic(topic, 1);
        Map<String, String> p = props(topic);
        p.put("output.location", "s3://no-such-bucket/x");
        List<String> args = new java.util.ArrayList<>();
        p.forEach((k, v) -> args.add(k + "=" + v));
        java.nio.file.Path csv = SharedServices.work().resolve(topic + ".csv");
        java.nio.file.Files.writeString(csv, topic + ",0,0\n");
        List<String> migrate = new java.util.ArrayList<>(args);
        migrate.addAll(List.of("--from-file", csv.toString(), "--apply"));
        Map<String, java.util.function.IntSupplier> tools = new java.util.LinkedHashMap<>();
        tools.put("offset-audit", () -> io.directstream.audit.AuditMain.run(args.toArray(new String[0]),
                new java.io.PrintWriter(new java.io.StringWriter())));
        tools.put("stop", () -> StopMainAccess.run(args.toArray(new String[0])));
        tools.put("migrate-offsets", () -> io.directstream.migrate.MigrateMainAccess.run(migrate.toArray(new String[0])));
        for (Map.Entry<String, java.util.function.IntSupplier> t : tools.entrySet()) {
            Object[] r = io.directstream.testing.Capture.both(t.getValue());
            String err = ((String) r[2]).trim();
            assertEquals(t.getKey() + ": " + err, ExitCodes.UNAVAILABLE, r[0]);
            assertTrue(t.getKey() + ": " + err, err.startsWith(t.getKey() + ": S3 bucket 'no-such-bucket' does not exist at "
                    + SharedServices.s3().endpoint()));
            assertFalse(t.getKey() + " printed a stack trace: " + err, err.contains("\tat "));
        }
    }

    @Test
    public void aMissingBucketIsNamed() {
        Map<String, String> p = props("anything");
        p.put("output.location", "s3://no-such-bucket/x");
        String msg = failure(p);
        assertTrue(msg, msg.startsWith("S3 bucket 'no-such-bucket' does not exist at " + SharedServices.s3().endpoint()));
    }

    @Test
    public void aMissingTopicIsNamedUnlessAutoCreationIsAllowed() {
        String topic = SharedServices.unique("missing");
        String msg = failure(props(topic));
        assertTrue(msg, msg.startsWith("Topic '" + topic + "' does not exist on Kafka at " + SharedServices.kafka().bootstrapServers()));

        Map<String, String> allowed = props(topic);
        allowed.put("kafka.allow.auto.create.topics", "true");
        JobResult r = Jobs.run(allowed);
        assertEquals(ExitCodes.OK, r.exitCode());
        assertEquals("the consumer created the topic", 1, Jobs.partitions(List.of(topic)).size());
    }

    @Test
    public void jobMainMapsProblemsToExitCodes() {
        assertEquals(ExitCodes.CONFIG, JobMain.run(new String[] {"output.location=ftp://x"}));
        assertEquals(ExitCodes.CONFIG, JobMain.run(new String[] {"--bogus"}));
        List<String> args = new ArrayList<>();
        props("anything").forEach((k, v) -> args.add(k + "=" + v));
        try (java.net.Socket refusing = Ports.refusing()) {
            args.add("s3.endpoint=http://127.0.0.1:" + refusing.getLocalPort());
            assertEquals(ExitCodes.UNAVAILABLE, JobMain.run(args.toArray(new String[0])));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        Map<String, String> noMaster = props(SharedServices.unique("t"));
        SharedServices.kafka().createTopic(noMaster.get("source.topics"), 1);
        SampleProducer.produce(SharedServices.kafka().bootstrapServers(), List.of(noMaster.get("source.topics")), 0, 1);
        noMaster.remove("spark.master");
        args.clear();
        noMaster.forEach((k, v) -> args.add(k + "=" + v));
        assertEquals(ExitCodes.CONFIG, JobMain.run(args.toArray(new String[0])));
    }
}
