package io.directstream.job;

import io.directstream.config.JobConfig;
import io.directstream.source.StreamFactory;
import org.apache.hadoop.conf.Configuration;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.function.Function0;
import org.apache.spark.streaming.Duration;
import org.apache.spark.streaming.api.java.JavaInputDStream;
import org.apache.spark.streaming.api.java.JavaStreamingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The streaming context: a new one with the direct stream, or, with checkpointing on, the one recovered from a
 * checkpoint this code wrote for this configuration. A checkpoint holds the stream's topics, group and Kafka settings
 * as they were, and a recovered context silently uses those: so a checkpoint written under other settings is set aside
 * with a report of what changed ({@link CheckpointSettings}), as is one from other code or one that cannot be read.
 * A recovered context may also be older than the ledger; its batches are then trimmed to what the ledger lacks
 * ({@link BatchStarts}), and if it fails anyway on a range that does not fit the ledger it is set aside, so the next
 * start does not fail the same way again.
 */
final class StreamingContexts {
    private static final Logger LOG = LoggerFactory.getLogger(StreamingContexts.class);

    private final JobConfig config;
    private final StartPlan plan;
    private Checkpoints checkpoints;
    private boolean recovered;

    StreamingContexts(JobConfig config, StartPlan plan) {
        this.config = config;
        this.plan = plan;
    }

    /** True when the context came from a checkpoint. */
    boolean recovered() {
        return recovered;
    }

    JavaStreamingContext create(SparkConf conf) {
        boolean[] created = {false};
        Function0<JavaStreamingContext> create = () -> {
            created[0] = true;
            JavaStreamingContext c = new JavaStreamingContext(conf, new Duration(config.batchInterval().toMillis()));
            config.checkpointLocation().ifPresent(c::checkpoint);
            JavaInputDStream<ConsumerRecord<byte[], byte[]>> stream = StreamFactory.create(c, config.kafkaParams(),
                    config.topics(), config.topicPattern(), plan.starts(), plan.explicitStart());
            stream.foreachRDD(new BatchFunction(stream.inputDStream()));
            return c;
        };
        try {
            if (config.checkpointLocation().isEmpty()) {
                return create.call();
            }
            String location = config.checkpointLocation().get();
            Configuration hadoop = new Configuration();
            for (scala.Tuple2<String, String> kv : conf.getAllWithPrefix("spark.hadoop.")) {
                hadoop.set(kv._1(), kv._2());
            }
            checkpoints = new Checkpoints(location, hadoop);
            String settings = CheckpointSettings.of(config);
            boolean usable = checkpoints.usable(Checkpoints.codeId(), settings);
            if (usable && plan.explicitStart()) {
                checkpoints.setAside("an explicit starting position is in force", settings);
                usable = false;
            }
            if (!usable) {
                return create.call();
            }
            JavaStreamingContext jssc;
            try {
                jssc = JavaStreamingContext.getOrCreate(location, create, hadoop);
            } catch (Exception e) {
                checkpoints.setAside("it cannot be read (" + e + ")", settings);
                created[0] = false;
                jssc = create.call();
            }
            if (!created[0]) {
                recovered = true;
                LOG.info("Recovered from the checkpoint at {}: its pending batches run again (what the ledger already "
                        + "holds is skipped); new batches continue from the checkpoint's offsets", location);
            }
            return jssc;
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException("cannot create the streaming context: " + e, e);
        }
    }

    /**
     * After a failed run: a recovered context whose batches did not fit the ledger would fail the same way at every
     * restart (a crash loop), so its checkpoint is set aside; the next start resumes from the ledger.
     */
    void afterFailure(Throwable failure) {
        if (!recovered || checkpoints == null) {
            return;
        }
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof BatchStarts.ContiguityException) {
                try {
                    checkpoints.setAside("its batches do not fit the ledger (" + t.getMessage() + ")",
                            CheckpointSettings.of(config));
                } catch (RuntimeException e) {
                    LOG.warn("Could not set the checkpoint aside: {}", e.toString());
                }
                return;
            }
        }
    }
}
