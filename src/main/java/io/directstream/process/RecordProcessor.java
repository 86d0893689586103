package io.directstream.process;

import java.io.OutputStream;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Turns the records of one Kafka partition in one batch into the bytes of that partition's output object.
 *
 * <p>Runs on the executors. For every (batch, partition) the job creates a fresh instance with the public no-argument
 * constructor, calls {@link #configure} with the {@code processor.*} keys, {@link #open} once, {@link #process} for each
 * record in offset order, then {@link #close}. Whatever {@code process} writes for a record is appended to the object
 * only if it returns normally; if it throws, its bytes are discarded and the record is dead-lettered or fails the batch
 * ({@code process.on.error}). Writing nothing for a record is allowed (a filter).
 *
 * <p>Exactly once: the object's key depends only on (topic, partition, first offset), so a re-run after a crash
 * overwrites it. A processor with side effects of its own (calls to other systems) must make them idempotent too, and
 * derive their keys from the record's coordinates ({@code record.topic()}, {@code partition()}, {@code offset()}).
 */
public interface RecordProcessor {

    /** The {@code processor.*} configuration keys, prefix removed. Called before {@link #open}. */
    default void configure(Map<String, String> properties) {
    }

    /** Called once before the first record of a partition's batch. */
    default void open(PartitionContext context) throws Exception {
    }

    /** Writes this record's output (zero or more bytes) to {@code out}. Must not close {@code out}. */
    void process(ConsumerRecord<byte[], byte[]> record, OutputStream out) throws Exception;

    /** Called after the last record, also when the batch failed. */
    default void close() throws Exception {
    }

    /**
     * True when {@link #process} writes a record's output in one {@code write} call, after the last point where it
     * can throw: then nothing partial can reach the object, and the job hands it the object's stream directly instead
     * of collecting each record's bytes first (one copy less per record). False (the default) is always safe.
     */
    default boolean writesEachRecordAtOnce() {
        return false;
    }

    /** Extension of the output objects, without a dot and without compression: {@code jsonl}, {@code csv}. */
    default String fileExtension() {
        return "jsonl";
    }
}
