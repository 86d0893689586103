package io.directstream.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where the build put what the local services need: {@code target/local/classpath.txt} (the test classpath, written
 * by the Maven build) and {@code target/local/s3proxy.jar} (kept off every classpath: it carries its own libraries).
 */
public final class LocalPaths {
    private LocalPaths() {
    }

    /** The project's home: {@code -Ddirectstream.home}, else the working directory. */
    public static Path home() {
        return Path.of(System.getProperty("directstream.home", ".")).toAbsolutePath().normalize();
    }

    public static Path target() {
        return home().resolve("target");
    }

    public static Path s3proxyJar() {
        return require(target().resolve("local/s3proxy.jar"));
    }

    /** The classpath for child JVMs: this build's test and main classes, then every dependency. */
    public static String childClasspath() {
        Path file = require(target().resolve("local/classpath.txt"));
        try {
            String deps = Files.readString(file, StandardCharsets.UTF_8).trim();
            return target().resolve("test-classes") + java.io.File.pathSeparator + target().resolve("classes")
                    + java.io.File.pathSeparator + deps;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The jars of the Structured Streaming contestant of the benchmark (Spark's Kafka source, S3A), as a classpath. */
    public static String structuredClasspath() {
        Path dir = require(target().resolve("local/structured"));
        try (java.util.stream.Stream<Path> jars = Files.list(dir)) {
            return jars.filter(p -> p.toString().endsWith(".jar")).sorted().map(Path::toString)
                    .collect(java.util.stream.Collectors.joining(java.io.File.pathSeparator));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static String javaBin() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static Path require(Path p) {
        if (!Files.exists(p)) {
            throw new IllegalStateException(p + " is missing: build first (mvn -DskipTests test-compile, or any bin/ script)");
        }
        return p;
    }
}
