package io.directstream.testing;

import io.directstream.config.ConfigLoader;
import io.directstream.config.JobConfig;
import io.directstream.job.DirectStreamJob;
import io.directstream.job.JobResult;
import io.directstream.local.ArchiveVerifier;
import io.directstream.source.KafkaAdmin;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.BooleanSupplier;
import org.apache.kafka.common.TopicPartition;

/** Runs the job in this JVM (Spark local mode) and reads back what it did. */
public final class Jobs {
    private Jobs() {
    }

    public static JobConfig config(Map<String, String> props) {
        try {
            return ConfigLoader.fromMap(props);
        } catch (Exception e) {
            throw new AssertionError("test configuration invalid: " + e.getMessage(), e);
        }
    }

    /** Runs until the job stops by itself. */
    public static JobResult run(Map<String, String> props) {
        try {
            return new DirectStreamJob(config(props)).run();
        } catch (Exception e) {
            throw new AssertionError("job did not start: " + e.getMessage(), e);
        }
    }

    /** A job running in a background thread. */
    public static final class Running {
        public final DirectStreamJob job;
        public final CompletableFuture<JobResult> result;

        Running(DirectStreamJob job, CompletableFuture<JobResult> result) {
            this.job = job;
            this.result = result;
        }

        public JobResult stop() {
            job.requestStop("test");
            return result.join();
        }
    }

    public static Running start(Map<String, String> props) {
        DirectStreamJob job = new DirectStreamJob(config(props));
        CompletableFuture<JobResult> f = CompletableFuture.supplyAsync(() -> {
            try {
                return job.run();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        return new Running(job, f);
    }

    /** Waits for {@code condition}, failing the test after {@code timeout}. */
    public static void await(String what, Duration timeout, BooleanSupplier condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + timeout.toSeconds() + " s waiting for " + what);
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted");
            }
        }
    }

    /** All partitions of the topics. */
    public static List<TopicPartition> partitions(List<String> topics) {
        try (KafkaAdmin admin = admin("none")) {
            return admin.partitions(topics, false, new ArrayList<>());
        }
    }

    public static KafkaAdmin admin(String group) {
        return new KafkaAdmin(Map.of("bootstrap.servers", SharedServices.kafka().bootstrapServers(), "group.id", group),
                Duration.ofSeconds(20));
    }

    /** Compares Kafka with the archive and the ledger under the job's output location. */
    public static ArchiveVerifier.Report verify(JobConfig config, List<TopicPartition> partitions) {
        var s3 = SharedServices.s3().client();
        try {
            return ArchiveVerifier.verify(SharedServices.kafka().bootstrapServers(), partitions, Map.of(), s3, config.output());
        } finally {
            s3.shutdown();
        }
    }
}
