package io.directstream.job;

import io.directstream.process.Processors;
import io.directstream.process.RecordProcessor;
import io.directstream.sink.OutputSpec;
import io.directstream.sink.PartitionOutput;
import io.directstream.sink.PartitionWriter;
import io.directstream.sink.S3Clients;
import java.util.Collections;
import java.util.Iterator;
import org.apache.kafka.clients.consumer.ConsumerRecord;
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
    private final OffsetRange[] ranges;
    private final long batchTimeMs;
    private final boolean haltAfterObject;

    /** A task for the batch's ranges (Spark partition i processes {@code ranges[i]}). */
    public PartitionTask(OutputSpec spec, OffsetRange[] ranges, long batchTimeMs) {
        this(spec, ranges, batchTimeMs, false);
    }

    PartitionTask(OutputSpec spec, OffsetRange[] ranges, long batchTimeMs, boolean haltAfterObject) {
        this.spec = spec;
        this.ranges = ranges;
        this.batchTimeMs = batchTimeMs;
        this.haltAfterObject = haltAfterObject;
    }

    @Override
    public Iterator<PartitionOutput> call(Integer index, Iterator<ConsumerRecord<byte[], byte[]>> records) throws Exception {
        OffsetRange r = ranges[index];
        if (r.fromOffset() == r.untilOffset()) {
            return Collections.singletonList(PartitionOutput.empty(index, r.topic(), r.partition(), r.fromOffset())).iterator();
        }
        RecordProcessor processor = Processors.create(spec.processorClass(), spec.processorProperties());
        PartitionWriter writer = new PartitionWriter(S3Clients.shared(spec.s3()), spec, processor.fileExtension());
        PartitionOutput out = writer.write(index, r.topic(), r.partition(), r.fromOffset(), r.untilOffset(), batchTimeMs,
                processor, records);
        if (haltAfterObject) {
            // test-only fault point: this partition's object is complete, others may still be in flight
            FaultPoints.halt(FaultPoints.Point.AFTER_SOME_OBJECTS);
        }
        return Collections.singletonList(out).iterator();
    }
}
