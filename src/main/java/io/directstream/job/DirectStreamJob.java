package io.directstream.job;

import io.directstream.cli.ExitCodes;
import io.directstream.config.Durations;
import io.directstream.config.InvalidConfigException;
import io.directstream.config.JobConfig;
import io.directstream.ledger.LedgerState;
import io.directstream.process.TriggerSettings;
import io.directstream.sink.OutputSpec;
import io.directstream.sink.S3Clients;
import io.directstream.storage.S3ObjectStore;
import io.directstream.task.PartitionTask;
import io.directstream.trigger.DriverTriggers;
import io.directstream.trigger.FairPool;
import io.directstream.trigger.Triggers;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.apache.hadoop.util.ShutdownHookManager;
import org.apache.kafka.common.TopicPartition;
import org.apache.spark.SparkConf;
import org.apache.spark.streaming.api.java.JavaStreamingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The streaming job: prepares the start ({@link JobStartup}), runs the direct stream until it is drained, timed out,
 * asked to stop (bin/stop, SIGTERM) or a batch fails, and after a graceful stop commits the ledger's ends to the
 * consumer group synchronously, because the integration itself never sends the last batch's commit (SPARK-20050).
 */
public final class DirectStreamJob {
    private static final Logger LOG = LoggerFactory.getLogger(DirectStreamJob.class);
    /** Above Spark's hook manager (40 in Hadoop's), so the graceful stop runs while Spark is still whole. */
    private static final int SHUTDOWN_HOOK_PRIORITY = 100;
    private static final DateTimeFormatter RUN_ID = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    private final JobConfig config;
    private final String runId;
    private final RunControl control = new RunControl();
    private final CountDownLatch finished = new CountDownLatch(1);

    public DirectStreamJob(JobConfig config) {
        this.config = config;
        this.runId = RUN_ID.format(Instant.now()) + "-" + String.format("%06x", ThreadLocalRandom.current().nextInt(1 << 24));
    }

    public String runId() {
        return runId;
    }

    /** Asks a running job to stop gracefully: the batches already generated finish, then the final commit runs. */
    public void requestStop(String reason) {
        control.requestStop(StopReason.Kind.REQUESTED, reason);
    }

    /**
     * Runs the job to its end. Throws {@link io.directstream.storage.UnavailableException} or
     * {@link InvalidConfigException} when it cannot start; a batch failure is returned as exit code 1.
     */
    public JobResult run() throws InvalidConfigException {
        try {
            return runToEnd();
        } finally {
            finished.countDown();
        }
    }

    private JobResult runToEnd() throws InvalidConfigException {
        if (config.triggers().isPresent()) {
            Triggers.check(config.triggers().get());
        }
        SparkConf conf = sparkConf();
        StartPlan plan = new JobStartup(config, runId).prepare();
        // Through Hadoop's hook manager, at a priority above Spark's own hooks: those stop the local executor (Spark
        // 3.4+) and the SparkContext, which would abandon the running batch before a graceful stop could finish it.
        Runnable hook = this::onJvmShutdown;
        ShutdownHookManager.get().addShutdownHook(hook, SHUTDOWN_HOOK_PRIORITY,
                config.stopTimeout().toMillis() + 15_000, TimeUnit.MILLISECONDS);
        try {
            return stream(conf, plan);
        } finally {
            plan.lease().release();
            if (!ShutdownHookManager.get().isShutdownInProgress()) {
                ShutdownHookManager.get().removeShutdownHook(hook);
            }
        }
    }

    private JobResult stream(SparkConf conf, StartPlan plan) {
        LedgerState state = plan.state();
        Map<TopicPartition, Long> startOffsets = new HashMap<>();
        plan.starts().forEach(s -> startOffsets.put(s.partition(), s.offset()));
        OutputSpec spec = new OutputSpec(config.s3(), config.output(), config.compression(), config.partSize(),
                config.processorClass(), config.processorProperties(), config.onError(), config.triggers().orElse(null));
        BatchLifecycle lifecycle = new BatchLifecycle(plan.ledger(), spec,
                conf.getBoolean("spark.streaming.kafka.allowNonConsecutiveOffsets", false),
                config.stopAfterIdleBatches(), startOffsets, control, new CommitTracker());
        BatchLifecycle.install(lifecycle);
        StopMarker marker = new StopMarker(new S3ObjectStore(S3Clients.shared(config.s3()), config.output().bucket()),
                config.output());
        StreamingContexts contexts = new StreamingContexts(config, plan);
        JavaStreamingContext jssc = contexts.create(conf);
        if (contexts.recovered()) {
            lifecycle.recoveredFromCheckpoint();
        }
        jssc.ssc().addStreamingListener(new DelayListener());
        DriverTriggers driverTriggers = config.triggers().filter(t -> t.runsOn() == TriggerSettings.Where.DRIVER)
                .map(t -> new DriverTriggers(t, config.kafkaParams(), config.s3(), config.output(), jssc.sparkContext().sc()))
                .orElse(null);
        lifecycle.useDriverTriggers(driverTriggers);
        boolean graceful = false;
        try (driverTriggers; LagMonitor lag = new LagMonitor(config.kafkaParams(), config.startupTimeout(), lifecycle::positions,
                java.time.Duration.ofSeconds(10))) {
            jssc.start();
            graceful = awaitEnd(jssc, marker);
        } catch (Exception e) {
            control.fail(e);
        } finally {
            stopContext(jssc, graceful && control.failure() == null);
        }
        if (control.stopReason() != null && control.stopReason().kind() == StopReason.Kind.STOP_MARKER) {
            clearQuietly(marker);
        }
        if (control.failure() != null) {
            LOG.error("Run {} failed: {}. Restart the job: it resumes from the ledger at sequence {}.", runId,
                    control.failure().toString(), state.lastSequence());
            contexts.afterFailure(control.failure());
            new StopSequence(config).explainDataLoss(control.failure(), plan);
            return new JobResult(runId, ExitCodes.FAILED, null, control.failure(), lifecycle.stats(), state, false);
        }
        boolean committed = new StopSequence(config).finalCommit(plan, lifecycle.commits(),
                String.valueOf(control.stopReason()));
        JobStats stats = lifecycle.stats();
        LOG.info("Run {} stopped ({}): {} batches with records, {} records, {} written, ledger at sequence {}, "
                        + "final commit {}.", runId, control.stopReason(), stats.batches(), stats.records(),
                BatchReport.bytes(stats.bytes()), state.lastSequence(), committed ? "done" : "FAILED");
        String reason = control.stopReason() == null ? null : control.stopReason().toString();
        return new JobResult(runId, committed ? ExitCodes.OK : ExitCodes.FAILED, reason, null, stats,
                state, committed);
    }

    private SparkConf sparkConf() throws InvalidConfigException {
        SparkConf conf = new SparkConf();
        config.sparkProperties().forEach(conf::setIfMissing);
        if (!conf.contains("spark.master")) {
            throw new InvalidConfigException("Missing required configuration spark.master: run the job with "
                    + "spark-submit (bin/submit), or set spark.master=local[*] for a local run");
        }
        PartitionTask.refuseSpeculation(conf);
        conf.setIfMissing("spark.app.name", config.jobName());
        // Spark's own redaction (UI, event log, logs of the configuration), extended to what Secrets also hides
        conf.setIfMissing("spark.redaction.regex", "(?i)secret|password|token|access[.]?key|jaas|credential|keytab");
        String plugins = conf.get("spark.plugins", "");
        if (!plugins.contains(JobMetricsPlugin.class.getName())) {
            conf.set("spark.plugins", plugins.isEmpty() ? JobMetricsPlugin.class.getName()
                    : plugins + "," + JobMetricsPlugin.class.getName());
        }
        // each batch about one interval of work: Spark's PID rate estimator sizes it from the batches before, the first
        // one from the initial rate; a fixed cap per partition only where configured
        conf.setIfMissing("spark.streaming.backpressure.enabled", "true");
        conf.setIfMissing("spark.streaming.backpressure.initialRate", String.valueOf(config.initialRate()));
        if (config.maxRatePerPartition() > 0) {
            conf.setIfMissing("spark.streaming.kafka.maxRatePerPartition", String.valueOf(config.maxRatePerPartition()));
        }
        // the Spark jobs of the triggers on the driver's threads run side by side, in a FAIR pool of their own
        if (config.triggers().map(t -> t.runsOn() == TriggerSettings.Where.DRIVER).orElse(false)) {
            conf.setIfMissing("spark.scheduler.mode", "FAIR");
            if (!conf.contains("spark.scheduler.allocation.file")) {
                // a file: URI: Spark opens the file through Hadoop's FileSystem, which would resolve a bare path
                // against fs.defaultFS (HDFS on YARN)
                conf.set("spark.scheduler.allocation.file", FairPool.writeAllocationFile().toUri().toString());
            }
        }
        // SIGTERM (YARN stopping the application, kill) finishes the running batch instead of abandoning it
        conf.setIfMissing("spark.streaming.stopGracefullyOnShutdown", "true");
        conf.setIfMissing("spark.streaming.gracefulStopTimeout", String.valueOf(config.stopTimeout().toMillis()));
        return conf;
    }

    /** Waits for the end; true when the stop should be graceful (asked for), false after a failure. */
    private boolean awaitEnd(JavaStreamingContext jssc, StopMarker marker) {
        long deadline = config.maxDuration().isZero() ? Long.MAX_VALUE
                : System.currentTimeMillis() + config.maxDuration().toMillis();
        long nextMarkerCheck = 0;
        while (true) {
            try {
                if (jssc.awaitTerminationOrTimeout(200)) {
                    control.requestStop(StopReason.Kind.CONTEXT_TERMINATED, "streaming context terminated");
                    return false;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                control.requestStop(StopReason.Kind.INTERRUPTED, "interrupted");
                return true;
            } catch (Exception e) {
                // the batch's error, rethrown by Spark (a SparkException is checked, though Scala does not say so)
                control.fail(e);
                return false;
            }
            if (control.failure() != null) {
                return false;
            }
            long now = System.currentTimeMillis();
            if (now >= deadline) {
                control.requestStop(StopReason.Kind.MAX_DURATION, "job.max.duration of " + Durations.human(config.maxDuration()) + " reached");
            }
            if (now >= nextMarkerCheck && control.stopReason() == null) {
                nextMarkerCheck = now + config.stopMarkerPollInterval().toMillis();
                try {
                    if (marker.isRequested()) {
                        control.requestStop(StopReason.Kind.STOP_MARKER, "stop marker s3://" + config.output().bucket() + "/" + marker.key());
                    }
                } catch (RuntimeException e) {
                    LOG.debug("Could not look for the stop marker: {}", e.toString());
                }
            }
            if (control.stopReason() != null) {
                LOG.info("Stopping gracefully ({}): finishing the running batch, then a synchronous commit",
                        control.stopReason());
                return true;
            }
        }
    }

    /** SIGTERM: ask for a graceful stop, then hold the JVM until the run has recorded and committed, or the timeout. */
    private void onJvmShutdown() {
        if (finished.getCount() == 0) {
            return;
        }
        control.requestStop(StopReason.Kind.SIGTERM, "SIGTERM (JVM shutdown)");
        try {
            if (!finished.await(config.stopTimeout().toMillis() + 10_000, TimeUnit.MILLISECONDS)) {
                System.err.println("direct-stream-job: graceful stop did not finish within job.stop.timeout; exiting "
                        + "anyway (the restart resumes from the ledger)");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void stopContext(JavaStreamingContext jssc, boolean graceful) {
        try {
            jssc.stop(true, graceful);
        } catch (RuntimeException e) {
            LOG.warn("Stopping the streaming context: {}", e.toString());
        }
    }

    private static void clearQuietly(StopMarker marker) {
        try {
            marker.clear();
        } catch (RuntimeException e) {
            LOG.warn("Could not remove the stop marker {}: {}", marker.key(), e.toString());
        }
    }
}
