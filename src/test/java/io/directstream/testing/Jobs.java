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
        return verify(config, partitions, Map.of(), Map.of());
    }

    /** The same, for offsets in [from, until) where given. */
    public static ArchiveVerifier.Report verify(JobConfig config, List<TopicPartition> partitions,
                                                Map<TopicPartition, Long> from, Map<TopicPartition, Long> until) {
        return verify(config, partitions, from, until, Map.of());
    }

    /** The same, the job having first started each partition at {@code firstStarts} (0 where not given). */
    public static ArchiveVerifier.Report verify(JobConfig config, List<TopicPartition> partitions,
                                                Map<TopicPartition, Long> from, Map<TopicPartition, Long> until,
                                                Map<TopicPartition, Long> firstStarts) {
        var s3 = SharedServices.s3().client();
        try {
            return ArchiveVerifier.verify(SharedServices.kafka().bootstrapServers(), partitions, from, until,
                    firstStarts, s3, config.output());
        } finally {
            s3.shutdown();
        }
    }

    /** Every entry of the job's ledger, in order (segments, then the entries after them). */
    public static List<io.directstream.ledger.LedgerEntry> entries(JobConfig config) {
        var s3 = SharedServices.s3().client();
        try {
            List<io.directstream.ledger.LedgerEntry> all = new ArrayList<>();
            new io.directstream.ledger.LedgerStore(s3, config.output()).history().forEachRemaining(all::add);
            return all;
        } finally {
            s3.shutdown();
        }
    }

    /** Batch entries in the ledger (seeds, gaps, replays and commits not counted). */
    public static long batches(JobConfig config) {
        return entries(config).stream().filter(e -> e.type() == io.directstream.ledger.LedgerEntry.Type.BATCH).count();
    }

    /** The ledger as it is in S3 now. */
    public static io.directstream.ledger.LedgerState ledger(JobConfig config) {
        var s3 = SharedServices.s3().client();
        try {
            return new io.directstream.ledger.LedgerStore(s3, config.output()).load();
        } finally {
            s3.shutdown();
        }
    }

    /**
     * The guarantee after crashes and a final clean run: every record of the partitions archived exactly once (from
     * {@code from} where given) across data and dead-letter objects, the ledger contiguous from where the job first
     * started (offset 0) to the log end and listing exactly the objects that exist, and the group's committed offsets
     * equal to the ledger's end.
     */
    public static void assertGuarantee(JobConfig config, List<TopicPartition> partitions, Map<TopicPartition, Long> from) {
        assertGuarantee(config, partitions, from, Map.of());
    }

    /** The same, the job having first started each partition at {@code firstStarts} (0 where not given). */
    public static void assertGuarantee(JobConfig config, List<TopicPartition> partitions, Map<TopicPartition, Long> from,
                                       Map<TopicPartition, Long> firstStarts) {
        ArchiveVerifier.Report r = verify(config, partitions, from, Map.of(), firstStarts);
        if (!r.problems().isEmpty()) {
            throw new AssertionError("not exactly once: " + r);
        }
        if (r.expected() != r.archived()) {
            throw new AssertionError("archived " + r.archived() + " records, Kafka has " + r.expected());
        }
        try (KafkaAdmin admin = admin(config.groupId())) {
            Map<TopicPartition, Long> logEnd = admin.latest(partitions);
            Map<TopicPartition, Long> committed = admin.committed(partitions);
            for (TopicPartition tp : partitions) {
                long end = logEnd.get(tp);
                long ledgerEnd = r.ledgerEnds().getOrDefault(tp, end == from.getOrDefault(tp, 0L) ? end : -1L);
                if (ledgerEnd != end) {
                    throw new AssertionError(tp + ": ledger ends at " + ledgerEnd + ", log end " + end);
                }
                if (end > 0 && !Long.valueOf(ledgerEnd).equals(committed.get(tp))) {
                    throw new AssertionError(tp + ": committed " + committed.get(tp) + " != ledger end " + ledgerEnd);
                }
            }
        }
    }
}
