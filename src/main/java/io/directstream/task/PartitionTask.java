package io.directstream.task;

import io.directstream.config.InvalidConfigException;
import io.directstream.fault.FaultPoints;
import io.directstream.process.Processors;
import io.directstream.process.RecordProcessor;
import io.directstream.sink.OutputSpec;
import io.directstream.sink.PartitionOutput;
import io.directstream.sink.PartitionWriter;
import io.directstream.sink.S3Clients;
import io.directstream.trigger.ExecutorTriggers;
import java.util.Collections;
import java.util.Iterator;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.spark.SparkConf;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.Function2;
import org.apache.spark.streaming.kafka010.OffsetRange;

/**
 * The executor side of a batch: Spark partition i of a KafkaRDD is the batch's offset range i, so the task knows its
 * topic, partition and offsets without looking at a record. It returns exactly one {@link PartitionOutput}, also for an
 * empty range, so the driver can check that every range was handled. Records are never collected or shuffled.
 */
public final class PartitionTask implements Function2<Integer, Iterator<ConsumerRecord<byte[], byte[]>>, Iterator<PartitionOutput>> {
    private static final long serialVersionUID = 1L;

    private final OutputSpec spec;
    /** What Spark partition i reads. */
    private final OffsetRange[] ranges;
    /** What task i processes: {@code ranges[i]}, or its part from the first offset the ledger does not hold yet. */
    private final OffsetRange[] work;
    private final long batchTimeMs;
    private final boolean haltAfterObject;
    private final boolean failFirstAttempt;
    private final boolean haltMidUpload;

    /** A task for the batch's ranges (Spark partition i processes {@code ranges[i]}). */
    public PartitionTask(OutputSpec spec, OffsetRange[] ranges, long batchTimeMs) {
        this(spec, ranges, ranges, batchTimeMs, false, false, false);
    }

    /**
     * A task for the batch's work with the test-only fault points armed or not. {@code work[i]} may start above
     * {@code ranges[i]} (records below it are already recorded: a batch recovered from a checkpoint older than the
     * ledger); only then are records filtered, the others pass straight through.
     */
    public PartitionTask(OutputSpec spec, OffsetRange[] ranges, OffsetRange[] work, long batchTimeMs,
                         boolean haltAfterObject, boolean failFirstAttempt, boolean haltMidUpload) {
        this.spec = spec;
        this.ranges = ranges;
        this.work = work;
        this.batchTimeMs = batchTimeMs;
        this.haltAfterObject = haltAfterObject;
        this.failFirstAttempt = failFirstAttempt;
        this.haltMidUpload = haltMidUpload;
    }

    /**
     * Speculative execution runs a second attempt of a slow task beside the first: both write the same object keys at
     * once, and the one the ledger does not describe may land last. Refused wherever it was set (spark-defaults.conf
     * included), before anything starts.
     */
    public static void refuseSpeculation(SparkConf conf) throws InvalidConfigException {
        if (conf.getBoolean("spark.speculation", false)) {
            throw new InvalidConfigException("Invalid value true for configuration spark.speculation: speculative task "
                    + "attempts would write the same S3 objects as the original attempt, concurrently, and the one the "
                    + "ledger does not describe could land last. Set spark.speculation=false (the default) for this job.");
        }
    }

    @Override
    public Iterator<PartitionOutput> call(Integer index, Iterator<ConsumerRecord<byte[], byte[]>> records) throws Exception {
        OffsetRange r = work[index];
        long start = r.fromOffset();
        if (start == r.untilOffset()) {
            return Collections.singletonList(PartitionOutput.empty(index, r.topic(), r.partition(), start)).iterator();
        }
        RecordProcessor processor = Processors.create(spec.processorClass(), spec.processorProperties());
        PartitionWriter writer = new PartitionWriter(S3Clients.shared(spec.s3()), spec, processor.fileExtension());
        if (haltMidUpload) {
            writer.afterEachPart(() -> FaultPoints.halt(FaultPoints.Point.MID_UPLOAD));
        }
        Iterator<ConsumerRecord<byte[], byte[]>> input = start == ranges[index].fromOffset() ? records
                : from(records, start);
        PartitionOutput out;
        if (spec.executorTriggers().isPresent()) {
            try (ExecutorTriggers triggers = ExecutorTriggers.around(spec.executorTriggers().get(), spec.s3(),
                    spec.root(), r.topicPartition(), start, r.untilOffset(), batchTimeMs, isRetry(), input)) {
                out = writer.write(index, r.topic(), r.partition(), start, r.untilOffset(), batchTimeMs, processor,
                        triggers, isRetry()).withTriggers(triggers.counts());
            }
        } else {
            out = writer.write(index, r.topic(), r.partition(), start, r.untilOffset(), batchTimeMs, processor, input,
                    isRetry());
        }
        if (haltAfterObject) {
            // test-only fault point: this partition's object is complete, others may still be in flight
            FaultPoints.halt(FaultPoints.Point.AFTER_SOME_OBJECTS);
        }
        if (failFirstAttempt && !isRetry()) {
            // test-only fault point: the objects are complete but the attempt fails (an executor lost after writing)
            throw new IllegalStateException("FAULT POINT " + FaultPoints.Point.TASK_FAILS_AFTER_OBJECTS.id()
                    + " reached: failing the first attempt of the task of " + r);
        }
        return Collections.singletonList(out).iterator();
    }

    /**
     * Whether an earlier attempt of this task may have run: a task retry, or a re-run of the whole stage. Such an
     * attempt may have left objects this one will not write (a record dead-lettered then, archived now): the writer
     * then removes them, so every attempt ends with exactly the keys the ledger will list.
     */
    private static boolean isRetry() {
        TaskContext ctx = TaskContext.get();
        return ctx != null && (ctx.attemptNumber() > 0 || ctx.stageAttemptNumber() > 0);
    }

    private static Iterator<ConsumerRecord<byte[], byte[]>> from(Iterator<ConsumerRecord<byte[], byte[]>> records,
                                                                 long start) {
        return new Iterator<>() {
            private ConsumerRecord<byte[], byte[]> next;

            @Override
            public boolean hasNext() {
                while (next == null && records.hasNext()) {
                    ConsumerRecord<byte[], byte[]> r = records.next();
                    if (r.offset() >= start) {
                        next = r;
                    }
                }
                return next != null;
            }

            @Override
            public ConsumerRecord<byte[], byte[]> next() {
                if (!hasNext()) {
                    throw new java.util.NoSuchElementException();
                }
                ConsumerRecord<byte[], byte[]> r = next;
                next = null;
                return r;
            }
        };
    }
}
