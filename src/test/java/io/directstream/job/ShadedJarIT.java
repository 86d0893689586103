package io.directstream.job;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import io.directstream.local.LocalPaths;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarFile;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.Test;

/** The job jar for spark-submit: what must be inside, and what must never be (tests' servers, Spark itself). */
public class ShadedJarIT {
    static Path jar() throws IOException {
        try (Stream<Path> s = Files.list(LocalPaths.target())) {
            List<Path> jars = s.filter(p -> p.getFileName().toString().matches("direct-stream-job-.*\\.jar"))
                    .filter(p -> !p.getFileName().toString().startsWith("original-"))
                    .collect(Collectors.toList());
            assertEquals("one job jar in target/: " + jars, 1, jars.size());
            return jars.get(0);
        }
    }

    @Test
    public void containsTheJobAndWhatTheClusterDoesNotProvide() throws IOException {
        try (JarFile jar = new JarFile(jar().toFile())) {
            for (String c : List.of("io/directstream/job/JobMain.class", "io/directstream/ledger/LedgerStore.class",
                    "org/apache/spark/streaming/kafka010/KafkaUtils.class",
                    "org/apache/kafka/clients/consumer/KafkaConsumer.class",
                    "com/amazonaws/services/s3/AmazonS3Client.class")) {
                assertNotNull(c + " missing", jar.getEntry(c));
            }
            assertEquals(JobMain.class.getName(), jar.getManifest().getMainAttributes().getValue("Main-Class"));
        }
    }

    @Test
    public void leavesOutTestServersSparkAndSignatures() throws IOException {
        try (JarFile jar = new JarFile(jar().toFile())) {
            List<String> bad = jar.stream().map(e -> e.getName())
                    .filter(n -> n.startsWith("io/directstream/local/") || n.startsWith("io/directstream/testing/")
                            || n.startsWith("kafka/server/") || n.startsWith("kafka/tools/") || n.startsWith("org/gaul/")
                            || n.startsWith("org/apache/spark/SparkContext") || n.startsWith("org/apache/spark/streaming/StreamingContext")
                            || n.startsWith("org/apache/hadoop/") || n.startsWith("org/junit/") || n.startsWith("junit/")
                            || n.matches("META-INF/[^/]*\\.(SF|DSA|RSA|EC)") || n.equals("log4j2.properties"))
                    .limit(20).collect(Collectors.toList());
            assertTrue("must not be in the job jar: " + bad, bad.isEmpty());
            assertFalse(jar.stream().anyMatch(e -> e.getName().startsWith("org/apache/kafka/raft/")));
        }
    }
}
