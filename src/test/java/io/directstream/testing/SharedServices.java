package io.directstream.testing;

import io.directstream.local.LocalKafka;
import io.directstream.local.LocalPaths;
import io.directstream.local.LocalS3;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One real Kafka broker and one real S3 server (s3proxy) for all integration tests of a JVM, started on first use and
 * stopped when the JVM ends. Tests isolate themselves with unique topic, group and prefix names.
 */
public final class SharedServices {
    public static final String BUCKET = "it-bucket";
    private static final AtomicInteger COUNTER = new AtomicInteger();
    private static LocalKafka kafka;
    private static LocalS3 s3;
    private static Path work;
    /** The shared services while a class uses its own. */
    private static Object[] saved;

    private SharedServices() {
    }

    /**
     * Gives the calling test class a broker and an S3 server of its own until {@link #restoreShared()}: for tests that
     * stop, freeze or restart them, so that a slow restart cannot break the classes that run after. Integration tests
     * run one at a time in the Failsafe JVM, so swapping the services is safe.
     */
    public static synchronized void useOwnServices(String name) {
        if (saved != null) {
            throw new IllegalStateException("own services already in use");
        }
        saved = new Object[] {kafka(), s3()};
        Path dir = work().resolve("own-" + name);
        kafka = LocalKafka.start(dir.resolve("kafka"));
        s3 = LocalS3.start(dir.resolve("s3"));
        s3.createBucket(BUCKET);
    }

    /** Stops the class's own services and goes back to the shared ones. */
    public static synchronized void restoreShared() {
        if (saved == null) {
            return;
        }
        try {
            kafka.close();
            s3.close();
        } finally {
            kafka = (LocalKafka) saved[0];
            s3 = (LocalS3) saved[1];
            saved = null;
        }
    }

    public static synchronized LocalKafka kafka() {
        if (kafka == null) {
            LocalKafka k = LocalKafka.start(work().resolve("kafka"));
            kafka = k;
            Runtime.getRuntime().addShutdownHook(new Thread(k::close));
        }
        return kafka;
    }

    public static synchronized LocalS3 s3() {
        if (s3 == null) {
            LocalS3 s = LocalS3.start(work().resolve("s3"));
            s.createBucket(BUCKET);
            s3 = s;
            Runtime.getRuntime().addShutdownHook(new Thread(s::close));
        }
        return s3;
    }

    /** A directory for this JVM's services and scratch files, under target/. */
    public static synchronized Path work() {
        if (work == null) {
            try {
                Files.createDirectories(LocalPaths.target().resolve("it-work"));
                work = Files.createTempDirectory(LocalPaths.target().resolve("it-work"), "run-");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return work;
    }

    /** A name no other test uses: {@code prefix-N-random}. */
    public static String unique(String prefix) {
        return prefix + "-" + COUNTER.incrementAndGet() + "-" + Long.toHexString(System.nanoTime() & 0xffffff);
    }

    /** A job configuration against the shared services: local Spark, 1 s batches, stop when drained. */
    public static Map<String, String> jobConfig(String topics, String group, String prefix) {
        Map<String, String> c = new LinkedHashMap<>();
        c.put("kafka.bootstrap.servers", kafka().bootstrapServers());
        c.put("kafka.group.id", group);
        c.put("source.topics", topics);
        c.put("output.location", "s3://" + BUCKET + "/" + prefix);
        c.put("s3.endpoint", s3().endpoint());
        c.put("s3.path.style.access", "true");
        c.put("s3.access.key", LocalS3.ACCESS_KEY);
        c.put("s3.secret.key", LocalS3.SECRET_KEY);
        c.put("stream.batch.interval", "1s");
        // tests pin batch sizes: a fixed cap (the former default), no backpressure (whose sizes depend on timing)
        c.put("stream.max.rate.per.partition", "10000");
        c.put("spark.streaming.backpressure.enabled", "false");
        c.put("job.stop.after.idle.batches", "1");
        c.put("job.startup.timeout", "10s");
        c.put("job.stop.marker.poll.interval", "1s");
        // a killed instance's group member expires after this, and the restart waits for it
        c.put("kafka.session.timeout.ms", "6000");
        c.put("kafka.heartbeat.interval.ms", "2000");
        c.put("spark.master", "local[2]");
        c.put("spark.ui.enabled", "false");
        c.put("spark.driver.host", "127.0.0.1");
        c.put("spark.driver.bindAddress", "127.0.0.1");
        return c;
    }
}
