package io.directstream.sink;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import io.directstream.cli.ExitCodes;
import io.directstream.job.StopMainAccess;
import io.directstream.replay.ReprocessMain;
import io.directstream.testing.Capture;
import io.directstream.testing.Jobs;
import io.directstream.testing.RecordingProxy;
import io.directstream.testing.SharedServices;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.Test;

/**
 * {@code s3.sse}: what the S3 server received. A proxy in front of it records the head of each request; every write
 * the job and its tools make (single PUTs and multipart uploads of data, ledger entries, the lease, the stop marker, a
 * replay) must carry the encryption header. s3proxy refuses server-side encryption and session tokens (501), so this
 * test runs its own s3proxy that checks no signatures, and the proxy removes those headers after recording them.
 */
public class ServerSideEncryptionIT {
    private static final String BUCKET = "sse-bucket";
    private static io.directstream.local.LocalS3 s3;

    @org.junit.BeforeClass
    public static void startS3() {
        s3 = io.directstream.local.LocalS3.startWithoutAuthorization(SharedServices.work().resolve("s3-sse"));
        s3.createBucket(BUCKET);
    }

    @org.junit.AfterClass
    public static void stopS3() {
        s3.close();
    }

    /** One partition of ~10 MiB (two 5 MiB parts: a multipart upload), one of small records (a single PUT). */
    private static String topic() {
        String topic = SharedServices.unique("sse");
        SharedServices.kafka().createTopic(topic, 2);
        Map<String, Object> conf = io.directstream.local.SampleProducer.reliable(SharedServices.kafka().bootstrapServers());
        conf.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 4 * 1024 * 1024);
        try (KafkaProducer<byte[], byte[]> p = new KafkaProducer<>(conf, new ByteArraySerializer(), new ByteArraySerializer())) {
            for (int i = 0; i < 320; i++) {
                String value = ("record " + i + " ").repeat(32 * 1024 / 8).substring(0, 32 * 1024);
                p.send(new ProducerRecord<>(topic, 0, ("k" + i).getBytes(StandardCharsets.UTF_8),
                        value.getBytes(StandardCharsets.UTF_8)));
                p.send(new ProducerRecord<>(topic, 1, ("k" + i).getBytes(StandardCharsets.UTF_8),
                        ("small " + i).getBytes(StandardCharsets.UTF_8)));
            }
            p.flush();
        }
        return topic;
    }

    private static String[] args(Map<String, String> props, String... options) {
        List<String> a = new ArrayList<>();
        props.forEach((k, v) -> a.add(k + "=" + v));
        a.addAll(List.of(options));
        return a.toArray(new String[0]);
    }

    /** Runs the job, a replay and bin/stop through the proxy; returns the writes the server received. */
    private static List<RecordingProxy.Request> writes(Map<String, String> extra) throws Exception {
        String topic = topic();
        try (RecordingProxy proxy = new RecordingProxy(s3.port(), "x-amz-server-side-encryption",
                "x-amz-security-token")) {
            Map<String, String> props = SharedServices.jobConfig(topic, SharedServices.unique("group"), topic);
            props.put("s3.endpoint", proxy.endpoint());
            props.put("output.location", "s3://" + BUCKET + "/" + topic);
            props.put("output.part.size", "5MiB");
            props.put("stream.max.rate.per.partition", "100000");
            props.putAll(extra);
            props.put("job.stop.after.idle.batches", "0");
            // the job runs until bin/stop (which writes its marker only while a job runs)
            Jobs.Running running = Jobs.start(props);
            io.directstream.config.JobConfig config = Jobs.config(props);
            Jobs.await("every record archived", java.time.Duration.ofSeconds(90), () -> {
                if (running.result.isDone()) {
                    throw new AssertionError("the job ended early: " + running.result.join().exitCode());
                }
                var client = s3.client(); // this test's own S3 server, not the shared one
                try {
                    return new io.directstream.ledger.LedgerStore(client, config.output()).load().endOffsets().values()
                            .stream().mapToLong(Long::longValue).sum() == 640;
                } finally {
                    client.shutdown();
                }
            });
            assertEquals(0, StopMainAccess.run(args(props, "--wait", "--timeout", "60s")));
            assertEquals(ExitCodes.OK, running.result.get(60, java.util.concurrent.TimeUnit.SECONDS).exitCode());
            Object[] replay = Capture.stdout(() -> ReprocessMain.run(args(props, "--from", "earliest", "--until", "latest",
                    "--name", "sse")));
            assertEquals((String) replay[1], 0, replay[0]);
            List<RecordingProxy.Request> writes = new ArrayList<>();
            for (RecordingProxy.Request r : proxy.requests()) {
                boolean put = r.method.equals("PUT") && !r.target.contains("partNumber=") && !r.target.equals("/" + BUCKET);
                boolean initiate = r.method.equals("POST") && r.target.contains("?uploads");
                if (put || initiate) {
                    writes.add(r);
                }
            }
            // every kind of object the job and its tools write went through the proxy (keys as sent: URL-encoded)
            for (String kind : List.of("/topic%3D" + topic + "/partition%3D0/", "/topic%3D" + topic + "/partition%3D1/",
                    "/_ledger/entries/", "/_ledger/lease", "/_control/stop", "/_replay/sse/", "?uploads")) {
                assertTrue("no write of " + kind + " in " + writes, writes.stream().anyMatch(w -> w.target.contains(kind)));
            }
            return writes;
        }
    }

    @Test
    public void everyWriteAsksForSseS3() throws Exception {
        List<RecordingProxy.Request> writes = writes(Map.of("s3.sse", "AES256"));
        for (RecordingProxy.Request w : writes) {
            assertEquals(w.toString(), "AES256", w.header("x-amz-server-side-encryption"));
        }
    }

    @Test
    public void withoutSseNoWriteAsksForItAndTemporaryCredentialsSendTheirToken() throws Exception {
        List<RecordingProxy.Request> writes = writes(Map.of("s3.session.token", "session-token-6d2c"));
        for (RecordingProxy.Request w : writes) {
            assertEquals(w.toString(), null, w.header("x-amz-server-side-encryption"));
            assertEquals(w.toString(), "session-token-6d2c", w.header("x-amz-security-token"));
        }
    }
}
