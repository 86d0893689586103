package io.directstream.job;

import static org.junit.Assert.assertEquals;
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
        Files.writeString(submit, "#!/bin/sh\nfor a in \"$@\"; do echo \"ARG:$a\"; done\n");
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
                "ARG:spark.streaming.kafka.maxRatePerPartition=2500", "ARG:spark.executor.logs.rolling.strategy=time",
                "ARG:spark.executor.instances=3", "ARG:" + jar + "\nARG:--config\nARG:job.properties\nARG:output.compression=gzip")) {
            assertTrue("missing " + expected + " in\n" + out, out.contains(expected));
        }
        assertTrue(out, out.matches("(?s).*ARG:--files\nARG:[^\n]*job\\.properties.*"));
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
        String[] r = run(Map.of(), "--config", config().toString(), "--jar", "pom.xml", "--dry-run");
        assertEquals("2", r[0]);
        assertTrue(r[1], r[1].contains("no Spark installation: set SPARK_HOME"));
        r = run(Map.of("SPARK_HOME", tmp.newFolder("not-spark").toString()), "--config", config().toString());
        assertEquals("2", r[0]);
        assertTrue(r[1], r[1].contains("is not a Spark installation"));
        r = run(Map.of("SPARK_HOME", fakeSpark().toString()), "--config", "missing.properties");
        assertTrue(r[1], r[1].contains("configuration file missing.properties does not exist"));
    }
}
