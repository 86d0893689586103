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
    public void relocatesWhatSparkShipsInOtherVersionsAndLeavesJacksonToSpark() throws IOException {
        try (JarFile jar = new JarFile(jar().toFile())) {
            assertNotNull(jar.getEntry("io/directstream/shaded/org/apache/http/impl/client/HttpClientBuilder.class"));
            assertNotNull(jar.getEntry("io/directstream/shaded/org/joda/time/DateTime.class"));
            List<String> clashing = jar.stream().map(e -> e.getName())
                    .filter(n -> n.startsWith("org/apache/http/") || n.startsWith("org/joda/")
                            || n.startsWith("com/fasterxml/jackson/databind/") || n.startsWith("com/fasterxml/jackson/core/")
                            || n.startsWith("scala/") || n.startsWith("org/xerial/snappy/"))
                    .limit(10).collect(Collectors.toList());
            assertTrue("classes Spark provides must not be shipped unrelocated: " + clashing, clashing.isEmpty());
        }
    }

    /**
     * The jar on a Spark-like classpath (Spark's jars, not the libraries the jar carries) reaches S3 through the
     * relocated HTTP client: bin/stop's main writes its marker.
     */
    @Test
    public void theJarTalksToS3ThroughItsRelocatedLibraries() throws Exception {
        String own = "aws-java-sdk|jmespath|httpclient-|httpcore-|joda-time|kafka-clients|spark-streaming-kafka|"
                + "spark-token-provider|jackson-dataformat-cbor";
        StringBuilder cp = new StringBuilder(jar().toString());
        for (String entry : Files.readString(LocalPaths.target().resolve("local/classpath.txt")).trim().split(":")) {
            if (!entry.matches(".*/(" + own + ")[^/]*\\.jar")) {
                cp.append(':').append(entry);
            }
        }
        assertTrue(cp.indexOf("httpclient-4") < 0);
        cp.append(':').append(LocalPaths.target().resolve("test-classes"));  // for the child's ParentWatch only
        String output = "s3://" + io.directstream.testing.SharedServices.BUCKET + "/"
                + io.directstream.testing.SharedServices.unique("shaded");
        java.util.Map<String, String> props = io.directstream.testing.SharedServices.jobConfig("t", "g", "x");
        props.put("output.location", output);
        List<String> args = new java.util.ArrayList<>();
        props.forEach((k, v) -> args.add(k + "=" + v));
        io.directstream.local.ChildJvm stop = io.directstream.local.ChildJvm.start("stop from the shaded jar",
                cp.toString(), List.of("-Xmx256m"), StopMain.class.getName(), args,
                io.directstream.testing.SharedServices.work().resolve("shaded-stop.log"), true);
        assertEquals(io.directstream.local.ChildJvm.tail(stop.log(), 30), 0, stop.waitFor(java.time.Duration.ofSeconds(60)));
        // it found the bucket and read the lease through the jar's own AWS SDK (no job runs there: nothing to stop)
        String log = Files.readString(stop.log());
        assertTrue(log, log.contains("no job is running at " + output + " (no lease: it never ran there): nothing to stop"));
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
