package io.directstream.job;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/** bin/submit builds the spark-submit command; a stub spark-submit records what it was given. */
public class SubmitScriptTest {
    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    private Path fakeSpark() throws IOException {
        Path home = tmp.newFolder().toPath().resolve("spark");
        Path bin = Files.createDirectories(home.resolve("bin"));
        Path submit = bin.resolve("spark-submit");
        // prints its arguments, and the content of each properties file it is asked to ship (while it still exists)
        Files.writeString(submit, "#!/bin/sh\nprev=\nfor a in \"$@\"; do echo \"ARG:$a\"\n"
                + "  if [ \"$prev\" = --files ]; then echo \"$a\" | tr , '\\n' | while read f; do case \"$f\" in *.properties)"
                + " sed 's/^/SHIPPED:/' \"$f\";; esac; done; fi; prev=\"$a\"; done\n");
        Files.setPosixFilePermissions(submit, PosixFilePermissions.fromString("rwxr-xr-x"));
        return home;
    }

    private Path config() throws IOException {
        Path c = tmp.newFolder().toPath().resolve("job.properties");
        Files.writeString(c, "job.name=orders-archive\nstream.max.rate.per.partition=2500\n");
        return c;
    }

    private static String[] run(Map<String, String> env, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("bash", "bin/submit"));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().remove("SPARK_HOME");
        pb.environment().put("PATH", "/usr/bin:/bin");
        pb.environment().putAll(env);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        return new String[] {String.valueOf(p.exitValue()), out};
    }

    @Test
    public void clusterModeShipsThePropertiesAndSetsWhatALongRunningStreamNeeds() throws Exception {
        Path spark = fakeSpark();
        Path jar = tmp.newFile("direct-stream-job.jar").toPath();
        String[] r = run(Map.of("SPARK_HOME", spark.toString()), "--config", config().toString(), "--jar", jar.toString(),
                "--queue", "streaming", "--conf", "spark.executor.instances=3", "output.compression=gzip");
        assertEquals(r[1], "0", r[0]);
        String out = r[1];
        for (String expected : List.of("ARG:--master\nARG:yarn", "ARG:--deploy-mode\nARG:cluster",
                "ARG:--name\nARG:orders-archive", "ARG:--class\nARG:io.directstream.job.JobMain", "ARG:--queue\nARG:streaming",
                "ARG:spark.yarn.maxAppAttempts=4", "ARG:spark.yarn.am.attemptFailuresValidityInterval=1h",
                "ARG:spark.streaming.stopGracefullyOnShutdown=true", "ARG:spark.dynamicAllocation.enabled=false",
                "ARG:spark.metrics.namespace=orders-archive", "ARG:spark.executor.instances=3",
                "ARG:" + jar + "\nARG:--config\nARG:job.properties\n")) {
            assertTrue("missing " + expected + " in\n" + out, out.contains(expected));
        }
        assertTrue("overrides travel inside the shipped file, not as arguments:\n" + out,
                out.contains("SHIPPED:output.compression=gzip") && !out.contains("ARG:output.compression=gzip"));
        assertTrue(out, out.contains("SHIPPED:stream.max.rate.per.partition=2500"));
        assertFalse("the cluster's spark-defaults.conf is not replaced:\n" + out, out.contains("--properties-file"));
        assertFalse("the job applies its own rate (the last value of the shipped file)", out.contains("maxRatePerPartition"));
        assertTrue(out, out.matches("(?s).*ARG:--files\nARG:[^\n]*job\\.properties.*"));
    }

    @Test
    public void everyDefaultIsOverridableAndSecretsNeverTravelAsArguments() throws Exception {
        Path spark = fakeSpark();
        Path jar = tmp.newFile("job.jar").toPath();
        Path dir = tmp.newFolder().toPath();
        Path truststore = Files.writeString(dir.resolve("kafka.truststore.p12"), "not really a store");
        Path config = dir.resolve("job.properties");
        Files.writeString(config, "job.name=orders\nstream.max.rate.per.partition=2500\nkafka.ssl.truststore.location="
                + truststore + "\nkafka.ssl.truststore.password=ts-pw-3f1a\n");
        Path jaas = Files.writeString(dir.resolve("kafka_client_jaas.conf"), "KafkaClient { };");
        String[] r = run(Map.of("SPARK_HOME", spark.toString()), "--config", config.toString(), "--jar", jar.toString(),
                "--conf", "spark.yarn.maxAppAttempts=2", "--conf=spark.eventLog.enabled=true", "--principal",
                "job@EXAMPLE.COM", "--keytab", "/etc/security/job.keytab", "--jars", "extra.jar", "--jaas", jaas.toString(),
                "s3.secret.key=cmdline-secret-88aa", "stream.max.rate.per.partition=5000");
        assertEquals(r[1], "0", r[0]);
        String out = r[1];
        assertTrue("the caller's --conf comes after the default, so it wins:\n" + out,
                out.indexOf("ARG:spark.yarn.maxAppAttempts=2") > out.indexOf("ARG:spark.yarn.maxAppAttempts=4"));
        assertTrue(out, out.contains("ARG:spark.eventLog.enabled=true"));
        for (String passed : List.of("ARG:--principal\nARG:job@EXAMPLE.COM", "ARG:--keytab\nARG:/etc/security/job.keytab",
                "ARG:--jars\nARG:extra.jar", "-Djava.security.auth.login.config=kafka_client_jaas.conf")) {
            assertTrue("missing " + passed + " in\n" + out, out.contains(passed));
        }
        assertTrue("the trust store is shipped and named by its file name:\n" + out,
                out.matches("(?s).*ARG:--files\nARG:[^\n]*," + truststore + "[,\n].*")
                        && out.contains("SHIPPED:kafka.ssl.truststore.location=kafka.truststore.p12"));
        assertTrue("a command-line override wins over the file", out.lastIndexOf("SHIPPED:stream.max.rate.per.partition=5000")
                > out.indexOf("SHIPPED:stream.max.rate.per.partition=2500"));
        assertFalse("no secret as an argument:\n" + out, out.contains("ARG:s3.secret.key") || out.contains("ARG:cmdline-secret"));
        assertTrue(out, out.contains("submit: warning: s3.secret.key is a secret given on the command line"));

        r = run(Map.of("SPARK_HOME", spark.toString()), "--config", config.toString(), "--jar", jar.toString(), "--dry-run",
                "--conf", "spark.hadoop.fs.s3a.secret.key=conf-secret-51b0");
        assertEquals(r[1], "0", r[0]);
        assertFalse("a dry run redacts:\n" + r[1], r[1].contains("conf-secret-51b0"));
        assertTrue(r[1], r[1].contains("spark.hadoop.fs.s3a.secret.key=\\*\\*\\*\\*\\*\\*\\*\\*\\*\\(redacted\\)")
                || r[1].contains("spark.hadoop.fs.s3a.secret.key=*********(redacted)"));
    }

    @Test
    public void helpPrintsTheUsageOnly() throws Exception {
        String[] r = run(Map.of(), "--help");
        assertEquals("0", r[0]);
        assertTrue(r[1], r[1].startsWith("Builds and runs the spark-submit command"));
        assertFalse(r[1], r[1].contains("set -euo") || r[1].contains("source "));
    }

    @Test
    public void clientModeGivesTheDriverTheLocalPathAndDryRunOnlyPrints() throws Exception {
        Path spark = fakeSpark();
        Path jar = tmp.newFile("job.jar").toPath();
        Path config = config();
        String[] r = run(Map.of("SPARK_HOME", spark.toString()), "--config", config.toString(), "--jar", jar.toString(),
                "--deploy-mode", "client", "--dry-run");
        assertEquals(r[1], "0", r[0]);
        assertTrue(r[1], r[1].startsWith(spark + "/bin/spark-submit --master yarn --deploy-mode client"));
        assertTrue(r[1], r[1].contains("--config " + config.toAbsolutePath()));
        assertTrue("a dry run does not call spark-submit", !r[1].contains("ARG:"));
    }

    @Test
    public void withoutSparkTheErrorSaysWhatToDo() throws Exception {
        String[] r = run(Map.of(), "--config", config().toString(), "--jar", "pom.xml");
        assertEquals("2", r[0]);
        assertTrue(r[1], r[1].contains("no Spark installation: set SPARK_HOME"));
        r = run(Map.of(), "--config", config().toString(), "--dry-run");
        assertEquals("a preview needs no Spark installation nor a jar: " + r[1], "0", r[0]);
        assertTrue(r[1], r[1].contains("spark-submit --master yarn --deploy-mode cluster"));
        r = run(Map.of("SPARK_HOME", tmp.newFolder("not-spark").toString()), "--config", config().toString());
        assertEquals("2", r[0]);
        assertTrue(r[1], r[1].contains("is not a Spark installation"));
        r = run(Map.of("SPARK_HOME", fakeSpark().toString()), "--config", "missing.properties");
        assertTrue(r[1], r[1].contains("configuration file missing.properties does not exist"));
    }
}
