package io.directstream.job;

import com.amazonaws.services.s3.AmazonS3;
import io.directstream.config.Durations;
import io.directstream.config.InvalidConfigException;
import io.directstream.config.JobConfig;
import io.directstream.ledger.LedgerState;
import io.directstream.ledger.LedgerStore;
import io.directstream.sink.OutputSpec;
import io.directstream.sink.S3Check;
import io.directstream.sink.S3Clients;
import io.directstream.source.KafkaAdmin;
import io.directstream.source.PartitionStart;
import io.directstream.source.StartOffsetResolver;
import io.directstream.source.StartTable;
import io.directstream.source.StreamFactory;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.spark.SparkConf;
import org.apache.spark.streaming.Duration;
import org.apache.spark.streaming.api.java.JavaInputDStream;
import org.apache.spark.streaming.api.java.JavaStreamingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The streaming job: checks Kafka and S3, reads the ledger, decides where each partition starts, then runs the direct
 * stream until it is drained, timed out or a batch fails. After a graceful stop it commits the ledger's ends to the
 * consumer group synchronously, because the integration itself never sends the last batch's commit (SPARK-20050).
 */
public final class DirectStreamJob {
    private static final Logger LOG = LoggerFactory.getLogger(DirectStreamJob.class);
    private static final DateTimeFormatter RUN_ID = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    private final JobConfig config;
    private final String runId;
    private final RunControl control = new RunControl();

    public DirectStreamJob(JobConfig config) {
        this.config = config;
        this.runId = RUN_ID.format(Instant.now()) + "-" + String.format("%06x", ThreadLocalRandom.current().nextInt(1 << 24));
    }

    public String runId() {
        return runId;
    }

    /** Asks a running job to stop gracefully: the batches already generated finish, then the final commit runs. */
    public void requestStop(String reason) {
        control.requestStop(reason);
    }

    /**
     * Runs the job to its end. Throws {@link io.directstream.source.SourceUnavailableException} or
     * {@link InvalidConfigException} when it cannot start; a batch failure is returned as exit code 1.
     */
    public JobResult run() throws InvalidConfigException {
        SparkConf conf = sparkConf();
        S3Check.checkBucket(config.s3(), config.output().bucket(), config.startupTimeout());
        AmazonS3 s3 = S3Clients.shared(config.s3());
        LedgerStore ledger = new LedgerStore(s3, config.output());
        LedgerState state = ledger.load();
        for (String anomaly : state.anomalies()) {
            LOG.warn("Ledger anomaly (see bin/offset-audit): {}", anomaly);
        }
        List<PartitionStart> starts = resolveStarts(state);
        LOG.info("Run {} of {}: reading {} into {}; ledger at sequence {}. Starting positions (group {}):\n{}",
                runId, config.jobName(), describeSource(), config.output(), state.lastSequence(), config.groupId(),
                StartTable.format(starts));

        JavaStreamingContext jssc = new JavaStreamingContext(conf, new Duration(config.batchInterval().toMillis()));
        Map<TopicPartition, Long> startOffsets = new HashMap<>();
        starts.forEach(s -> startOffsets.put(s.partition(), s.offset()));
        OutputSpec spec = new OutputSpec(config.s3(), config.output(), config.compression(), config.partSize(),
                config.processorClass(), config.processorProperties(), config.onError());
        BatchLifecycle lifecycle = new BatchLifecycle(runId, config.jobName(), ledger, state, config.snapshotInterval(),
                spec, conf.getBoolean("spark.streaming.kafka.allowNonConsecutiveOffsets", false),
                config.stopAfterIdleBatches(), startOffsets, control, new CommitTracker());
        BatchLifecycle.install(lifecycle);
        boolean graceful = false;
        try {
            JavaInputDStream<ConsumerRecord<byte[], byte[]>> stream = StreamFactory.create(jssc, config, starts, false);
            stream.foreachRDD(new BatchFunction(stream.inputDStream()));
            jssc.start();
            graceful = awaitEnd(jssc, control);
        } catch (Exception e) {
            control.fail(e);
        } finally {
            stopQuietly(jssc, graceful && control.failure() == null);
        }
        if (control.failure() != null) {
            LOG.error("Run {} failed: {}. Restart the job: it resumes from the ledger at sequence {}.", runId,
                    control.failure().toString(), state.lastSequence());
            return new JobResult(runId, ExitCodes.FAILED, null, control.failure(), lifecycle.stats(), state, false);
        }
        boolean committed = finalCommit(state);
        JobStats stats = lifecycle.stats();
        LOG.info("Run {} stopped ({}): {} batches with records, {} records, {} written, ledger at sequence {}, "
                        + "final commit {}.", runId, control.stopReason(), stats.batches(), stats.records(),
                BatchReport.bytes(stats.bytes()), state.lastSequence(), committed ? "done" : "FAILED");
        return new JobResult(runId, committed ? ExitCodes.OK : ExitCodes.FAILED, control.stopReason(), null, stats,
                state, committed);
    }

    private List<PartitionStart> resolveStarts(LedgerState state) {
        try (KafkaAdmin admin = new KafkaAdmin(config.kafkaParams(), config.startupTimeout())) {
            admin.checkReachable();
            List<TopicPartition> partitions;
            if (config.topicPattern().isPresent()) {
                partitions = admin.partitionsMatching(config.topicPattern().get());
                if (partitions.isEmpty()) {
                    LOG.warn("No topic matches {} yet; the stream picks topics up as they appear", config.topicPattern().get());
                }
            } else {
                boolean autoCreate = "true".equalsIgnoreCase(
                        String.valueOf(config.kafkaParams().get(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG)));
                List<String> missing = new ArrayList<>();
                partitions = admin.partitions(config.topics(), autoCreate, missing);
                if (!missing.isEmpty()) {
                    LOG.warn("Topics {} do not exist yet; kafka.allow.auto.create.topics=true lets the consumer create "
                            + "them, and they start at their earliest offset", missing);
                }
            }
            return new StartOffsetResolver(admin).resolve(partitions, state.endOffsets(), config.startingPosition());
        }
    }

    private SparkConf sparkConf() throws InvalidConfigException {
        SparkConf conf = new SparkConf();
        config.sparkProperties().forEach(conf::setIfMissing);
        if (!conf.contains("spark.master")) {
            throw new InvalidConfigException("Missing required configuration spark.master: run the job with "
                    + "spark-submit (bin/submit), or set spark.master=local[*] for a local run");
        }
        conf.setIfMissing("spark.app.name", config.jobName());
        if (config.maxRatePerPartition() > 0) {
            conf.setIfMissing("spark.streaming.kafka.maxRatePerPartition", String.valueOf(config.maxRatePerPartition()));
        }
        return conf;
    }

    /** Waits for the end; true when the stop should be graceful (drained, timed out), false after a failure. */
    private boolean awaitEnd(JavaStreamingContext jssc, RunControl control) {
        long deadline = config.maxDuration().isZero() ? Long.MAX_VALUE
                : System.currentTimeMillis() + config.maxDuration().toMillis();
        while (true) {
            try {
                if (jssc.awaitTerminationOrTimeout(200)) {
                    control.requestStop("streaming context terminated");
                    return false;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                control.requestStop("interrupted");
                return true;
            } catch (Exception e) {
                // the batch's error, rethrown by Spark (a SparkException is checked, though Scala does not say so)
                control.fail(e);
                return false;
            }
            if (control.failure() != null) {
                return false;
            }
            if (System.currentTimeMillis() >= deadline) {
                control.requestStop("job.max.duration of " + Durations.human(config.maxDuration()) + " reached");
            }
            if (control.stopReason() != null) {
                return true;
            }
        }
    }

    private void stopQuietly(JavaStreamingContext jssc, boolean graceful) {
        try {
            jssc.stop(true, graceful);
        } catch (RuntimeException e) {
            LOG.warn("Stopping the streaming context: {}", e.toString());
        }
    }

    /** Commits the ledger's ends synchronously; the stream's consumer is closed, so the group is free. */
    private boolean finalCommit(LedgerState state) {
        Map<TopicPartition, Long> ends = state.endOffsets();
        if (ends.isEmpty()) {
            return true;
        }
        try (KafkaAdmin admin = new KafkaAdmin(config.kafkaParams(), config.startupTimeout())) {
            Map<TopicPartition, Long> committed = admin.committed(ends.keySet());
            Map<TopicPartition, Long> behind = new HashMap<>();
            ends.forEach((tp, end) -> {
                if (!end.equals(committed.get(tp))) {
                    behind.put(tp, end);
                }
            });
            admin.commit(behind);
            LOG.info("Final commit: group {} now at the ledger's ends ({} partitions updated)", config.groupId(), behind.size());
            return true;
        } catch (RuntimeException e) {
            LOG.error("Final commit of the ledger's ends to group {} failed: {}. Nothing is lost: the next start "
                    + "resumes from the ledger.", config.groupId(), e.toString());
            return false;
        }
    }

    private String describeSource() {
        return config.topicPattern().map(p -> "topics matching /" + p + "/").orElse("topics " + config.topics());
    }
}
