package io.directstream.yarn;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import io.directstream.config.JobConfig;
import io.directstream.local.ChildJvm;
import io.directstream.local.LocalPaths;
import io.directstream.local.SampleProducer;
import io.directstream.testing.JobProcess;
import io.directstream.testing.Jobs;
import io.directstream.testing.MiniYarn;
import io.directstream.testing.SharedServices;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.hadoop.yarn.api.records.ApplicationReport;
import org.apache.hadoop.yarn.api.records.FinalApplicationStatus;
import org.apache.hadoop.yarn.api.records.YarnApplicationState;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;

/**
 * The shaded job jar submitted to a real single-node YARN with {@code org.apache.spark.deploy.SparkSubmit --master yarn
 * --deploy-mode cluster}, against the real broker and S3 server. The containers get Spark from the machine (the test
 * classpath, as a cluster's Spark installation would provide it) and the job only from the shaded jar.
 */
public class YarnIT {
    private static MiniYarn yarn;
    private static Path work;

    @BeforeClass
    public static void startYarn() throws Exception {
        work = Files.createDirectories(SharedServices.work().resolve("yarn"));
        yarn = MiniYarn.start(work);
    }

    @AfterClass
    public static void stopYarn() {
        if (yarn != null) {
            yarn.close();
        }
    }

    /** Spark and its dependencies, without the libraries the job jar carries and without this build's classes. */
    private static String clusterClasspath() throws Exception {
        String own = "aws-java-sdk|jmespath|httpclient-|httpcore-|joda-time|kafka-clients|spark-streaming-kafka|"
                + "spark-token-provider|jackson-dataformat-cbor|hadoop-client-minicluster|junit|hamcrest|kafka_2|kafka-";
        List<String> keep = new ArrayList<>();
        for (String entry : Files.readString(LocalPaths.target().resolve("local/classpath.txt")).trim().split(":")) {
            if (!entry.matches(".*/(" + own + ")[^/]*\\.jar")) {
                keep.add(entry);
            }
        }
        return String.join(":", keep);
    }

    private static String jobJar() throws Exception {
        try (var s = Files.list(LocalPaths.target())) {
            return s.filter(p -> p.getFileName().toString().matches("direct-stream-job-.*\\.jar"))
                    .filter(p -> !p.getFileName().toString().startsWith("original-")).findFirst().get().toString();
        }
    }

    /** Starts SparkSubmit in its own JVM, waiting for the application to end (spark.yarn.submit.waitAppCompletion). */
    private static ChildJvm submit(String name, Map<String, String> jobProps, int maxAttempts) throws Exception {
        Path props = work.resolve(name + ".properties");
        StringBuilder sb = new StringBuilder();
        jobProps.forEach((k, v) -> {
            if (!k.startsWith("spark.")) {
                sb.append(k).append('=').append(v).append('\n');
            }
        });
        Files.writeString(props, sb.toString());
        Path fakeSparkJar = Files.writeString(work.resolve("spark-libs-on-the-classpath.jar"), "");
        // the log configuration bin/submit ships on YARN: a rolling job.log in each container's log directory
        String opens = String.join(" ", JobProcess.jvmOptions().subList(3, JobProcess.jvmOptions().size() - 1))
                + " -Dlog4j2.configurationFile=log4j2-yarn.properties";
        String cp = clusterClasspath();
        List<String> args = new ArrayList<>(List.of("--master", "yarn", "--deploy-mode", "cluster", "--name", name,
                "--class", "io.directstream.job.JobMain", "--files", props + "," + LocalPaths.home().resolve(
                        "conf/log4j2-yarn.properties"),
                "--driver-memory", "768m", "--executor-memory", "512m", "--num-executors", "1", "--executor-cores", "2",
                "--conf", "spark.yarn.maxAppAttempts=" + maxAttempts,
                "--conf", "spark.yarn.submit.waitAppCompletion=true",
                "--conf", "spark.yarn.report.interval=1s",
                "--conf", "spark.yarn.jars=local:" + fakeSparkJar,
                "--conf", "spark.yarn.stagingDir=" + work.resolve("staging").toUri(),
                "--conf", "spark.driver.extraClassPath=" + cp,
                "--conf", "spark.executor.extraClassPath=" + cp,
                "--conf", "spark.driver.extraJavaOptions=" + opens,
                "--conf", "spark.executor.extraJavaOptions=" + opens,
                "--conf", "spark.yarn.appMasterEnv.JAVA_HOME=" + System.getProperty("java.home"),
                "--conf", "spark.executorEnv.JAVA_HOME=" + System.getProperty("java.home"),
                "--conf", "spark.yarn.appMasterEnv.SPARK_LOCAL_IP=127.0.0.1",
                "--conf", "spark.executorEnv.SPARK_LOCAL_IP=127.0.0.1",
                "--conf", "spark.ui.enabled=false",
                "--conf", "spark.streaming.stopGracefullyOnShutdown=true"));
        yarn.sparkHadoopConf().forEach((k, v) -> {
            args.add("--conf");
            args.add(k + "=" + v);
        });
        args.add(jobJar());
        args.add("--config");
        args.add(props.getFileName().toString());
        Map<String, String> env = Map.of("YARN_CONF_DIR", yarn.confDir().toString(),
                "HADOOP_CONF_DIR", yarn.confDir().toString(), "SPARK_LOCAL_IP", "127.0.0.1");
        return ChildJvm.startWithEnv("spark-submit " + name, LocalPaths.childClasspath(),
                new ArrayList<>(JobProcess.jvmOptions()), "org.apache.spark.deploy.SparkSubmit", args,
                work.resolve(name + "-submit.log"), true, env);
    }

    private static Optional<String> applicationId(String name) throws Exception {
        return yarn.applicationNamed(name);
    }

    private static Map<String, String> jobProps(String topic, int rate, int idleStop) {
        Map<String, String> props = SharedServices.jobConfig(topic, SharedServices.unique("group"), topic);
        props.remove("spark.master");
        props.put("stream.max.rate.per.partition", String.valueOf(rate));
        props.put("job.stop.after.idle.batches", String.valueOf(idleStop));
        return props;
    }

    @Test
    public void aJobThatCannotStartIsReportedToYarnAsFailed() throws Exception {
        String topic = SharedServices.unique("yarn-missing"); // never created: the job refuses to start, exit 3
        Map<String, String> props = jobProps(topic, 500, 2);
        ChildJvm submit = submit(topic, props, 1);
        int code = submit.waitFor(Duration.ofMinutes(5));
        String app = applicationId(topic).orElseThrow(() -> new AssertionError("no application named " + topic + ":\n"
                + ChildJvm.tail(submit.log(), 60)));
        ApplicationReport report = yarn.report(app);
        assertTrue("spark-submit reports the failure: " + code, code != 0);
        assertEquals(YarnApplicationState.FAILED, report.getYarnApplicationState());
        assertEquals(FinalApplicationStatus.FAILED, report.getFinalApplicationStatus());
        // the refusal came before any SparkContext existed, so YARN sees the application master give up waiting for
        // one (exit code 13); the job's own message and exit code 3 are in the driver's log
        assertTrue(report.getDiagnostics(), report.getDiagnostics().contains("exitCode: 13"));
    }

    @Test
    public void theJobRunsToTheEndInClusterMode() throws Exception {
        String topic = SharedServices.unique("yarn");
        SharedServices.kafka().createTopic(topic, 2);
        SampleProducer.produce(SharedServices.kafka().bootstrapServers(), List.of(topic), 0, 3000);
        Map<String, String> props = jobProps(topic, 500, 2);
        JobConfig config = Jobs.config(props);
        long t0 = System.nanoTime();
        ChildJvm submit = submit(topic, props, 1);
        int code = submit.waitFor(Duration.ofMinutes(5));
        String app = applicationId(topic).orElseThrow(() -> new AssertionError("no application named " + topic + ":\n"
                + ChildJvm.tail(submit.log(), 60)));
        ApplicationReport report = yarn.report(app);
        System.out.printf("YarnIT: %s %s/%s in %.0f s%n", app, report.getYarnApplicationState(),
                report.getFinalApplicationStatus(), (System.nanoTime() - t0) / 1e9);
        assertEquals(ChildJvm.tail(submit.log(), 60), 0, code);
        assertEquals(YarnApplicationState.FINISHED, report.getYarnApplicationState());
        assertEquals(FinalApplicationStatus.SUCCEEDED, report.getFinalApplicationStatus());
        Jobs.assertGuarantee(config, Jobs.partitions(List.of(topic)), Map.of());
        // conf/log4j2-yarn.properties: the driver's lines in a rolling job.log of its container, not in stderr
        List<Path> logs;
        try (var files = Files.walk(yarn.logDir().toPath())) {
            logs = files.filter(p -> p.toString().contains(app.replace("application_", "")))
                    .filter(p -> p.getFileName().toString().equals("job.log")).toList();
        }
        assertTrue("job.log in the containers of " + app + " under " + yarn.logDir(), !logs.isEmpty());
        boolean batchLines = false;
        for (Path log : logs) {
            batchLines |= Files.readString(log).contains("BatchLifecycle: batch ");
            Path stderr = log.resolveSibling("stderr");
            if (Files.exists(stderr)) {
                assertFalse("the job's lines go to the rolling file only", Files.readString(stderr).contains("BatchLifecycle"));
            }
        }
        assertTrue("the driver's batch lines are in job.log: " + logs, batchLines);
    }

    @Test
    public void aKilledFirstAttemptIsResumedByTheSecondExactlyOnce() throws Exception {
        String topic = SharedServices.unique("yarn-kill");
        SharedServices.kafka().createTopic(topic, 2);
        SampleProducer.produce(SharedServices.kafka().bootstrapServers(), List.of(topic), 0, 4000);
        Map<String, String> props = jobProps(topic, 50, 3);
        JobConfig config = Jobs.config(props);
        ChildJvm submit = submit(topic, props, 2);
        Jobs.await("the first attempt's batches", Duration.ofMinutes(3), () -> {
            if (!submit.isAlive()) {
                throw new AssertionError("spark-submit ended early:\n" + ChildJvm.tail(submit.log(), 60));
            }
            return Jobs.ledger(config).lastSequence() >= 3;
        });
        String app = applicationId(topic).get();
        ProcessHandle driver = ProcessHandle.allProcesses()
                .filter(p -> p.info().command().orElse("").endsWith("/java")
                        && p.info().commandLine().orElse("").contains("org.apache.spark.deploy.yarn.ApplicationMaster")
                        && p.info().commandLine().orElse("").contains(app))
                .findFirst().orElseThrow(() -> new AssertionError("no driver process of " + app));
        long recordedAtKill = Jobs.ledger(config).records();
        driver.destroyForcibly();
        System.out.println("YarnIT: killed the driver of attempt 1 (pid " + driver.pid() + ") after " + recordedAtKill
                + " records");
        int code = submit.waitFor(Duration.ofMinutes(6));
        ApplicationReport report = yarn.report(app);
        System.out.println("YarnIT: " + app + " " + report.getYarnApplicationState() + "/"
                + report.getFinalApplicationStatus() + " after " + yarn.attempts(app) + " attempts");
        assertEquals(ChildJvm.tail(submit.log(), 60), 0, code);
        assertEquals(FinalApplicationStatus.SUCCEEDED, report.getFinalApplicationStatus());
        assertEquals("the second attempt finished the job", 2, yarn.attempts(app));
        assertTrue(recordedAtKill < 4000);
        Jobs.assertGuarantee(config, Jobs.partitions(List.of(topic)), Map.of());
    }
}
