package io.directstream.job;

import io.directstream.ledger.LedgerEntry;
import io.directstream.ledger.LedgerRange;
import io.directstream.ledger.LedgerState;
import io.directstream.ledger.LedgerStore;
import io.directstream.ledger.OutputLease;
import io.directstream.sink.OutputSpec;
import io.directstream.sink.PartitionOutput;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.streaming.Time;
import org.apache.spark.streaming.kafka010.CanCommitOffsets;
import org.apache.spark.streaming.kafka010.HasOffsetRanges;
import org.apache.spark.streaming.kafka010.OffsetRange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One batch's life on the driver:
 * <ol>
 *   <li>read the batch's {@link OffsetRange}s from the stream's own RDD and check that each starts where its partition
 *       ended (the ledger's end), so no batch ever skips or repeats offsets;</li>
 *   <li>run one task per Kafka partition on the executors: process the records and stream the output to S3;</li>
 *   <li>after every output is durable, append the batch to the ledger;</li>
 *   <li>queue the Kafka commit with {@code commitAsync}.</li>
 * </ol>
 * A failure anywhere marks the run failed: this batch throws, every later batch refuses to run, and the main thread
 * stops the context with a non-zero exit. The DStream has already moved its offsets past the failed range, so going on
 * would lose it; the restart resumes from the ledger instead.
 */
public final class BatchLifecycle {
    private static final Logger LOG = LoggerFactory.getLogger(BatchLifecycle.class);
    private static volatile BatchLifecycle current;

    private final String runId;
    private final String jobName;
    private final LedgerStore ledger;
    private final LedgerState state;
    private final OutputLease lease;
    private final int snapshotInterval;
    private final OutputSpec outputSpec;
    private final boolean allowOffsetGaps;
    private final int stopAfterIdleBatches;
    private final RunControl control;
    private final CommitTracker commits;
    private final JobStats stats = new JobStats();
    /** Where each partition's next batch must start. */
    private final Map<TopicPartition, Long> expected;
    /** Entries since the last snapshot, to be written as the next ledger segment. */
    private final List<LedgerEntry> sinceSnapshot;
    private int idleInARow;

    public BatchLifecycle(String runId, String jobName, LedgerStore ledger, LedgerState state, OutputLease lease,
                          int snapshotInterval,
                          OutputSpec outputSpec, boolean allowOffsetGaps, int stopAfterIdleBatches,
                          Map<TopicPartition, Long> starts, List<LedgerEntry> sinceSnapshot, RunControl control,
                          CommitTracker commits) {
        this.runId = runId;
        this.jobName = jobName;
        this.ledger = ledger;
        this.state = state;
        this.lease = lease;
        this.snapshotInterval = snapshotInterval;
        this.outputSpec = outputSpec;
        this.allowOffsetGaps = allowOffsetGaps;
        this.stopAfterIdleBatches = stopAfterIdleBatches;
        this.expected = new java.util.concurrent.ConcurrentHashMap<>(starts);
        this.sinceSnapshot = new ArrayList<>(sinceSnapshot);
        this.control = control;
        this.commits = commits;
    }

    /** Makes this the lifecycle that {@link BatchFunction}s call (one streaming job per JVM). */
    public static void install(BatchLifecycle lifecycle) {
        current = lifecycle;
    }

    static BatchLifecycle current() {
        BatchLifecycle l = current;
        if (l == null) {
            throw new IllegalStateException("no batch lifecycle installed: the job was not started by DirectStreamJob");
        }
        return l;
    }

    public JobStats stats() {
        return stats;
    }

    public CommitTracker commits() {
        return commits;
    }

    public LedgerState ledgerState() {
        return state;
    }

    /** Where each partition's next batch starts: the ledger's end (a copy, safe from other threads). */
    public Map<TopicPartition, Long> positions() {
        return new HashMap<>(expected);
    }

    void run(JavaRDD<ConsumerRecord<byte[], byte[]>> rdd, Time time, CanCommitOffsets committer) {
        long startedAt = System.currentTimeMillis();
        OffsetRange[] ranges = ((HasOffsetRanges) rdd.rdd()).offsetRanges();
        if (control.failure() != null) {
            throw new IllegalStateException("batch " + time + " refused: an earlier batch failed ("
                    + control.failure() + "); the job is stopping and will resume from the ledger");
        }
        try {
            if (alreadyRecorded(ranges)) {
                LOG.warn("Batch {} re-runs offsets the ledger already holds ({}): a batch recovered from the checkpoint "
                        + "that completed before the crash; skipped", time, java.util.Arrays.toString(ranges));
                return;
            }
            checkContiguous(ranges);
            long total = 0;
            int withData = 0;
            for (OffsetRange r : ranges) {
                total += r.count();
                withData += r.count() > 0 ? 1 : 0;
            }
            if (total == 0) {
                idle(time, ranges.length, startedAt);
                return;
            }
            idleInARow = 0;
            long ordinal = stats.batches() + 1;
            lease.checkHeld();
            FaultPoints.reach(FaultPoints.Point.BEFORE_PROCESSING, ordinal);
            boolean haltAfterObject = FaultPoints.armed(FaultPoints.Point.AFTER_SOME_OBJECTS, ordinal);
            List<PartitionOutput> outputs = rdd
                    .mapPartitionsWithIndex(new PartitionTask(outputSpec, ranges, time.milliseconds(), haltAfterObject), true)
                    .collect();
            long outputsDone = System.currentTimeMillis();
            FaultPoints.reach(FaultPoints.Point.AFTER_OBJECTS_BEFORE_LEDGER, ordinal);
            List<LedgerRange> recorded = toLedgerRanges(ranges, outputs);
            long sequence = state.lastSequence() + 1;
            LedgerEntry entry = new LedgerEntry(sequence, runId, jobName, time.milliseconds(), startedAt, outputsDone,
                    System.currentTimeMillis(), recorded, commits.drainOutcomes());
            lease.checkHeld();
            ledger.append(entry);
            state.apply(entry);
            FaultPoints.reach(FaultPoints.Point.AFTER_LEDGER_BEFORE_COMMIT, ordinal);
            sinceSnapshot.add(entry);
            if (sinceSnapshot.size() >= snapshotInterval) {
                // compaction: the entries since the last snapshot as one segment, then the snapshot that follows them
                ledger.writeSegment(sinceSnapshot);
                ledger.writeSnapshot(state, System.currentTimeMillis());
                sinceSnapshot.clear();
            }
            Map<TopicPartition, Long> untils = new HashMap<>();
            for (OffsetRange r : ranges) {
                expected.put(r.topicPartition(), r.untilOffset());
                untils.put(r.topicPartition(), r.untilOffset());
            }
            commits.queued(sequence, untils);
            if (FaultPoints.armed(FaultPoints.Point.AFTER_COMMIT, ordinal)) {
                commits.haltWhenConfirmed(sequence);
            }
            committer.commitAsync(ranges, new CommitCallback());
            long ended = System.currentTimeMillis();
            stats.batch(startedAt, ended, entry.records(), entry.bytes(), deadLetters(recorded));
            JobMetrics.get().batch(entry.records(), entry.bytes(), deadLetters(recorded), ended - startedAt, sequence);
            long confirmed = commits.confirmedThrough();
            LOG.info(BatchReport.line(time.milliseconds(), sequence, entry.records(), withData, ranges.length,
                    entry.bytes(), ended - startedAt,
                    "commit=queued confirmed-through=" + (confirmed == 0 ? "-" : "#" + confirmed)));
        } catch (RuntimeException | Error e) {
            control.fail(e);
            LOG.error("Batch {} failed; no later batch will run. The job stops and a restart resumes from the ledger "
                    + "(sequence {}).", time, state.lastSequence(), e);
            throw e;
        }
    }

    private void idle(Time time, int partitions, long startedAt) {
        stats.idle();
        JobMetrics.get().idleBatches.inc();
        idleInARow++;
        LOG.info(BatchReport.line(time.milliseconds(), 0, 0, 0, partitions, 0, System.currentTimeMillis() - startedAt,
                "commit=none"));
        if (stopAfterIdleBatches > 0 && idleInARow >= stopAfterIdleBatches) {
            control.requestStop("input drained (" + idleInARow + " batch" + (idleInARow > 1 ? "es" : "")
                    + " without new records)");
        }
    }

    /** True when the batch has records and every one of them is below where its partition ended. */
    private boolean alreadyRecorded(OffsetRange[] ranges) {
        boolean any = false;
        for (OffsetRange r : ranges) {
            if (r.count() == 0) {
                continue;
            }
            Long end = expected.get(r.topicPartition());
            if (end == null || r.untilOffset() > end) {
                return false;
            }
            any = true;
        }
        return any;
    }

    /** Every range must start exactly where its partition ended; anything else would skip or repeat offsets. */
    private void checkContiguous(OffsetRange[] ranges) {
        for (OffsetRange r : ranges) {
            Long want = expected.get(r.topicPartition());
            if (want == null) {
                LOG.info("New partition {} joins at offset {}", r.topicPartition(), r.fromOffset());
                expected.put(r.topicPartition(), r.fromOffset());
            } else if (r.fromOffset() != want) {
                throw new IllegalStateException("offset range " + r + " does not start where " + r.topicPartition()
                        + " ended (" + want + "): it would " + (r.fromOffset() > want ? "skip offsets " + want + " to "
                        + (r.fromOffset() - 1) : "repeat offsets " + r.fromOffset() + " to " + (want - 1)));
            }
        }
    }

    private List<LedgerRange> toLedgerRanges(OffsetRange[] ranges, List<PartitionOutput> outputs) {
        PartitionOutput[] byIndex = new PartitionOutput[ranges.length];
        for (PartitionOutput o : outputs) {
            if (byIndex[o.index()] != null) {
                throw new IllegalStateException("two outputs for range " + ranges[o.index()]);
            }
            byIndex[o.index()] = o;
        }
        List<LedgerRange> recorded = new ArrayList<>();
        for (int i = 0; i < ranges.length; i++) {
            OffsetRange r = ranges[i];
            PartitionOutput out = byIndex[i];
            LedgerRange o = out == null ? null : out.range();
            if (o == null || !o.topic().equals(r.topic()) || o.partition() != r.partition()
                    || o.fromOffset() != r.fromOffset() || o.untilOffset() != r.untilOffset()) {
                throw new IllegalStateException("no output, or a mismatched one, for range " + r);
            }
            if (r.count() == 0) {
                continue;
            }
            if (o.records() != r.count() && !allowOffsetGaps) {
                throw new IllegalStateException("range " + r + " should hold " + r.count() + " records but "
                        + o.records() + " were read (set spark.streaming.kafka.allowNonConsecutiveOffsets=true for "
                        + "compacted or transactional topics)");
            }
            recorded.add(o);
        }
        return recorded;
    }

    private static long deadLetters(List<LedgerRange> ranges) {
        long n = 0;
        for (LedgerRange r : ranges) {
            n += r.deadLetters();
        }
        return n;
    }
}
