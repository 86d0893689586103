package io.directstream.local;

import com.amazonaws.services.s3.AmazonS3;
import io.directstream.sink.S3Clients;
import io.directstream.sink.S3Settings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Properties;

/**
 * A real S3-compatible server (s3proxy from Maven Central, filesystem backend) on 127.0.0.1, in a child JVM with only
 * its own jar on the classpath. Objects live in {@code dir/blobs} and survive a restart.
 */
public final class LocalS3 implements AutoCloseable {
    public static final String ACCESS_KEY = "local-access-key";
    public static final String SECRET_KEY = "local-secret-key";

    private final Path dir;
    private final int port;
    private final boolean tiedToParent;
    private ChildJvm jvm;

    private LocalS3(Path dir, int port, boolean tiedToParent) {
        this.dir = dir;
        this.port = port;
        this.tiedToParent = tiedToParent;
    }

    public static LocalS3 start(Path dir) {
        return start(dir, true);
    }

    public static LocalS3 start(Path dir, boolean tiedToParent) {
        return start(dir, tiedToParent, "aws-v2-or-v4");
    }

    /**
     * A server that checks no signature ({@code s3proxy.authorization=none}): for a test whose proxy rewrites requests
     * on their way (removing the server-side encryption headers s3proxy refuses, after recording them).
     */
    public static LocalS3 startWithoutAuthorization(Path dir) {
        return start(dir, true, "none");
    }

    private static LocalS3 start(Path dir, boolean tiedToParent, String authorization) {
        Path d = dir.toAbsolutePath();
        Properties ports = PortFile.load(d);
        int port = PortFile.port(ports, "port");
        PortFile.save(d, ports);
        LocalS3 s = new LocalS3(d, port, tiedToParent);
        s.authorization = authorization;
        s.startProcess();
        return s;
    }

    private String authorization = "aws-v2-or-v4";

    public String endpoint() {
        return "http://127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    public long pid() {
        return jvm.pid();
    }

    /** Settings for the job: this endpoint, path-style, static credentials, few retries. */
    public S3Settings settings() {
        return new S3Settings(endpoint(), "us-east-1", true, ACCESS_KEY, SECRET_KEY, Duration.ofSeconds(10), Duration.ofSeconds(5),
                Duration.ofSeconds(30));
    }

    /** A client the caller shuts down. */
    public AmazonS3 client() {
        return S3Clients.create(settings());
    }

    public void createBucket(String bucket) {
        AmazonS3 s3 = client();
        try {
            if (!s3.doesBucketExistV2(bucket)) {
                s3.createBucket(bucket);
            }
        } finally {
            s3.shutdown();
        }
    }

    public synchronized void startProcess() {
        if (jvm != null && jvm.isAlive()) {
            return;
        }
        Path conf = writeConfig();
        String cp = LocalPaths.s3proxyJar() + java.io.File.pathSeparator + LocalPaths.target().resolve("test-classes");
        jvm = ChildJvm.start("s3proxy", cp, List.of("-Xmx256m", "-XX:+UseSerialGC", "-DLOG_LEVEL=warn"),
                "org.gaul.s3proxy.Main", List.of("--properties", conf.toString()), dir.resolve("s3proxy.log"), tiedToParent);
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!Ports.listening(port)) {
            jvm.checkAlive();
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("s3proxy not listening on " + endpoint() + "; log:\n" + ChildJvm.tail(jvm.log(), 40));
            }
            LocalKafka.sleep(100);
        }
    }

    public synchronized void stopProcess() {
        if (jvm != null) {
            jvm.stop(10);
        }
    }

    public synchronized void killProcess() {
        if (jvm != null) {
            jvm.kill();
        }
    }

    private Path writeConfig() {
        Properties p = new Properties();
        p.setProperty("s3proxy.endpoint", endpoint());
        p.setProperty("s3proxy.authorization", authorization);
        p.setProperty("s3proxy.identity", ACCESS_KEY);
        p.setProperty("s3proxy.credential", SECRET_KEY);
        p.setProperty("jclouds.provider", "filesystem-nio2");
        p.setProperty("jclouds.identity", "local");
        p.setProperty("jclouds.credential", "local");
        p.setProperty("jclouds.filesystem.basedir", dir.resolve("blobs").toString());
        Path file = dir.resolve("s3proxy.properties");
        try {
            Files.createDirectories(dir.resolve("blobs"));
            try (Writer w = Files.newBufferedWriter(file)) {
                p.store(w, "local S3 server (s3proxy)");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }

    @Override
    public void close() {
        stopProcess();
    }
}
