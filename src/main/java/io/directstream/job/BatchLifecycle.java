package io.directstream.job;

import io.directstream.fault.FaultPoints;
import io.directstream.ledger.LedgerEntry;
import io.directstream.ledger.LedgerRange;
import io.directstream.ledger.LedgerState;
import io.directstream.ledger.LedgerWriter;
import io.directstream.ledger.TriggerCounts;
import io.directstream.sink.OutputSpec;
import io.directstream.sink.PartitionOutput;
import io.directstream.task.PartitionTask;
import io.directstream.trigger.DriverTriggers;
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
 * One batch's life on the driver, in four steps:
 * <ol>
 *   <li><b>ranges</b>: read the batch's {@link OffsetRange}s from the stream's own RDD and decide where each really
 *       starts ({@link BatchStarts}: where its partition ended, never skipping or repeating offsets);</li>
 *   <li><b>outputs</b>: one task per Kafka partition on the executors processes the records and streams the output to
 *       S3;</li>
 *   <li><b>record</b>: after every output is durable, append the batch to the ledger ({@link LedgerWriter});</li>
 *   <li><b>commit</b>: queue the Kafka commit with {@code commitAsync}.</li>
 * </ol>
 * A failure anywhere marks the run failed: this batch throws, every later batch refuses to run, and the main thread
 * stops the context with a non-zero exit. The DStream has already moved its offsets past the failed range, so going on
 * would lose it; the restart resumes from the ledger instead.
 */
public final class BatchLifecycle {
    private static final Logger LOG = LoggerFactory.getLogger(BatchLifecycle.class);
    private static volatile BatchLifecycle current;

    private final LedgerWriter ledger;
    private final OutputSpec outputSpec;
    private final boolean allowOffsetGaps;
    private final int stopAfterIdleBatches;
    private final RunControl control;
    private final CommitTracker commits;
    private final BatchStarts starts;
    private final JobStats stats = new JobStats();
    private DriverTriggers driverTriggers;
    private int idleInARow;

    public BatchLifecycle(LedgerWriter ledger, OutputSpec outputSpec, boolean allowOffsetGaps, int stopAfterIdleBatches,
                          Map<TopicPartition, Long> starts, RunControl control, CommitTracker commits) {
        this.ledger = ledger;
        this.outputSpec = outputSpec;
        this.allowOffsetGaps = allowOffsetGaps;
        this.stopAfterIdleBatches = stopAfterIdleBatches;
        this.starts = new BatchStarts(starts, ledger.state());
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

    /** The trigger runs on the driver: after each batch's outputs, before its ledger entry. */
    void useDriverTriggers(DriverTriggers triggers) {
        this.driverTriggers = triggers;
    }

    /** The streaming context was recovered from a checkpoint: its batches may start below the ledger's end. */
    void recoveredFromCheckpoint() {
        starts.recoveredFromCheckpoint();
    }

    public JobStats stats() {
        return stats;
    }

    public CommitTracker commits() {
        return commits;
    }

    public LedgerState ledgerState() {
        return ledger.state();
    }

    /** Where each partition's next batch starts: the ledger's end (a copy, safe from other threads). */
    public Map<TopicPartition, Long> positions() {
        return starts.positions();
    }

    void run(JavaRDD<ConsumerRecord<byte[], byte[]>> rdd, Time time, CanCommitOffsets committer) {
        long startedAt = System.currentTimeMillis();
        OffsetRange[] ranges = ((HasOffsetRanges) rdd.rdd()).offsetRanges();
        if (control.failure() != null) {
            throw new IllegalStateException("batch " + time + " refused: an earlier batch failed ("
                    + control.failure() + "); the job is stopping and will resume from the ledger");
        }
        try {
            // every batch, idle ones too: a fenced instance notices at once, not at its next batch with records
            ledger.fence().checkHeld();
            OffsetRange[] work = starts.plan(ranges, time);
            long total = 0;
            int withData = 0;
            for (OffsetRange w : work) {
                total += w.count();
                withData += w.count() > 0 ? 1 : 0;
            }
            if (total == 0) {
                starts.advance(ranges);
                if (java.util.Arrays.stream(ranges).anyMatch(r -> r.count() > 0)) {
                    LOG.warn("Batch {} re-runs offsets the ledger already holds ({}): a batch recovered from the "
                            + "checkpoint that completed before the crash; skipped", time, java.util.Arrays.toString(ranges));
                } else {
                    idle(time, ranges.length, startedAt);
                }
                return;
            }
            idleInARow = 0;
            long ordinal = stats.batches() + 1;
            pinNewPartitions(work);
            FaultPoints.reach(FaultPoints.Point.BEFORE_PROCESSING, ordinal);
            boolean haltAfterObject = FaultPoints.armed(FaultPoints.Point.AFTER_SOME_OBJECTS, ordinal);
            List<PartitionOutput> outputs = rdd
                    .mapPartitionsWithIndex(new PartitionTask(outputSpec, ranges, work, time.milliseconds(),
                            haltAfterObject, FaultPoints.armed(FaultPoints.Point.TASK_FAILS_AFTER_OBJECTS, ordinal),
                            FaultPoints.armed(FaultPoints.Point.MID_UPLOAD, ordinal)), true)
                    .collect();
            TriggerCounts triggers = triggers(outputs, work, time);
            long outputsDone = System.currentTimeMillis();
            FaultPoints.reach(FaultPoints.Point.AFTER_OBJECTS_BEFORE_LEDGER, ordinal);
            List<LedgerRange> recorded = toLedgerRanges(work, outputs);
            LedgerEntry entry = ledger.batch(time.milliseconds(), startedAt, outputsDone, recorded,
                    commits.drainOutcomes(), triggers);
            FaultPoints.reach(FaultPoints.Point.AFTER_LEDGER_BEFORE_COMMIT, ordinal);
            commit(ranges, entry.sequence(), committer, ordinal);
            report(time, entry, recorded, withData, ranges.length, startedAt);
        } catch (RuntimeException | Error e) {
            control.fail(e);
            LOG.error("Batch {} failed; no later batch will run. The job stops and a restart resumes from the ledger "
                    + "(sequence {}).", time, ledger.state().lastSequence(), e);
            throw e;
        }
    }

    /**
     * What the per-message trigger did: summed from the tasks when it runs on the executors, or run now on the driver
     * (after the archive, before the ledger entry). Null when no trigger is configured.
     */
    private TriggerCounts triggers(List<PartitionOutput> outputs, OffsetRange[] work, Time time) {
        if (driverTriggers != null) {
            return driverTriggers.run(work, time.milliseconds());
        }
        return outputSpec.executorTriggers().map(t -> outputs.stream().flatMap(o -> o.triggers().stream())
                .reduce(TriggerCounts.none(t.label()), TriggerCounts::plus)).orElse(null);
    }

    /** A partition with records that the ledger does not know yet: its start is recorded before anything is written. */
    private void pinNewPartitions(OffsetRange[] work) {
        List<LedgerRange> seeds = new ArrayList<>();
        for (OffsetRange w : work) {
            TopicPartition tp = w.topicPartition();
            if (w.count() > 0 && ledger.state().endOffset(tp).isEmpty()) {
                seeds.add(LedgerWriter.empty(tp, w.fromOffset()));
            }
        }
        if (!seeds.isEmpty()) {
            ledger.seed("partitions that joined the running stream, pinned at the offset they joined at", seeds);
        }
    }

    private void commit(OffsetRange[] ranges, long sequence, CanCommitOffsets committer, long ordinal) {
        starts.advance(ranges);
        Map<TopicPartition, Long> untils = new HashMap<>();
        for (OffsetRange r : ranges) {
            untils.put(r.topicPartition(), r.untilOffset());
        }
        commits.queued(sequence, untils);
        if (FaultPoints.armed(FaultPoints.Point.AFTER_COMMIT, ordinal)) {
            commits.haltWhenConfirmed(sequence);
        }
        committer.commitAsync(ranges, new CommitCallback());
    }

    private void report(Time time, LedgerEntry entry, List<LedgerRange> recorded, int withData, int partitions,
                        long startedAt) {
        long ended = System.currentTimeMillis();
        long deadLetters = recorded.stream().mapToLong(LedgerRange::deadLetters).sum();
        stats.batch(startedAt, ended, entry.records(), entry.bytes(), deadLetters);
        entry.triggers().ifPresent(stats::triggers);
        JobMetrics.get().batch(entry.records(), entry.bytes(), deadLetters, ended - startedAt, entry.sequence());
        long confirmed = commits.confirmedThrough();
        LOG.info(BatchReport.line(time.milliseconds(), entry.sequence(), entry.records(), withData, partitions,
                entry.bytes(), ended - startedAt,
                "commit=queued confirmed-through=" + (confirmed == 0 ? "-" : "#" + confirmed)
                        + entry.triggers().map(t -> " triggers=" + t.done() + "+" + t.deadLettered() + "dl"
                        + (t.slices() > 1 ? "/" + t.slices() + "slices" : "")).orElse("")));
    }

    private void idle(Time time, int partitions, long startedAt) {
        long tookMs = System.currentTimeMillis() - startedAt;
        stats.idle(tookMs);
        JobMetrics.get().idleBatches.inc();
        idleInARow++;
        LOG.info(BatchReport.line(time.milliseconds(), 0, 0, 0, partitions, 0, tookMs, "commit=none"));
        if (stopAfterIdleBatches > 0 && idleInARow >= stopAfterIdleBatches) {
            control.requestStop(StopReason.Kind.DRAINED, "input drained (" + idleInARow + " batch" + (idleInARow > 1 ? "es" : "")
                    + " without new records)");
        }
    }

    private List<LedgerRange> toLedgerRanges(OffsetRange[] work, List<PartitionOutput> outputs) {
        PartitionOutput[] byIndex = new PartitionOutput[work.length];
        for (PartitionOutput o : outputs) {
            if (byIndex[o.index()] != null) {
                throw new IllegalStateException("two outputs for range " + work[o.index()]);
            }
            byIndex[o.index()] = o;
        }
        List<LedgerRange> recorded = new ArrayList<>();
        for (int i = 0; i < work.length; i++) {
            OffsetRange r = work[i];
            PartitionOutput out = byIndex[i];
            LedgerRange o = out == null ? null : out.range();
            if (o == null || !o.topic().equals(r.topic()) || o.partition() != r.partition()
                    || o.fromOffset() != r.fromOffset() || o.untilOffset() != r.untilOffset()) {
                throw new IllegalStateException("no output, or a mismatched one, for range " + r);
            }
            long count = r.count();
            if (count == 0) {
                continue;
            }
            if (o.records() != count && !allowOffsetGaps) {
                throw new IllegalStateException("range " + r + " should hold " + count
                        + " records but " + o.records() + " were read (set "
                        + "spark.streaming.kafka.allowNonConsecutiveOffsets=true for compacted or transactional topics)");
            }
            recorded.add(o);
        }
        return recorded;
    }
}
