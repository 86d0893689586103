package io.directstream.job;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.function.VoidFunction2;
import org.apache.spark.streaming.Time;
import org.apache.spark.streaming.dstream.InputDStream;
import org.apache.spark.streaming.kafka010.CanCommitOffsets;

/**
 * The {@code foreachRDD} function. It holds only the input stream (part of the DStream graph, so it survives
 * checkpointing) and hands each batch to the driver's installed {@link BatchLifecycle}.
 */
final class BatchFunction implements VoidFunction2<JavaRDD<ConsumerRecord<byte[], byte[]>>, Time> {
    private static final long serialVersionUID = 1L;

    private final InputDStream<ConsumerRecord<byte[], byte[]>> input;

    BatchFunction(InputDStream<ConsumerRecord<byte[], byte[]>> input) {
        this.input = input;
    }

    @Override
    public void call(JavaRDD<ConsumerRecord<byte[], byte[]>> rdd, Time time) {
        BatchLifecycle.current().run(rdd, time, (CanCommitOffsets) input);
    }
}
