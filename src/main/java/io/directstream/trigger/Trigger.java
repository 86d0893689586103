package io.directstream.trigger;

import io.directstream.process.TriggerSettings.Where;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Per-message work with side effects of its own: each Kafka message is a trigger (it names a dataset, a request) for
 * work that builds something and stores it — an S3 object, a table row, a call. Runs beside the archive, in the mode
 * that {@code trigger.mode} sets: on the executors one message at a time, on the driver in a bounded thread pool, or in
 * chunks of messages on either side.
 *
 * <p>Life: the job creates instances with the public no-argument constructor, calls {@link #configure} with the
 * {@code trigger.conf.*} keys, {@link #open} before the first unit of a partition's batch (executors) or of a batch
 * (driver: one instance per pool thread, never shared between threads), {@link #handle} (or {@link #handleChunk}) for
 * each unit, then {@link #close}.
 *
 * <p>Exactly once: a batch is recorded in the ledger and committed only after every unit of the batch returned. A unit
 * that throws (or exceeds {@code trigger.timeout}) fails the batch: the job stops and the restart runs the batch again.
 * So the work must be idempotent: write its results under keys derived from the message's coordinates
 * ({@link TriggerContext#outputs()} does), so that a re-run overwrites. A message the trigger cannot handle is
 * dead-lettered by returning {@link TriggerOutcome#deadLetter}: the message and the reason are stored with its
 * coordinates and the batch goes on.
 */
public interface Trigger {

    /** The {@code trigger.conf.*} keys, prefix removed. Called once per instance, before {@link #open}. */
    default void configure(Map<String, String> properties) {
    }

    /**
     * Where this trigger can run. Work that needs {@link TriggerContext#spark()} (a DataFrame) runs only on the driver:
     * Spark has no SparkSession on the executors. The job refuses, before it starts, a mode that runs a trigger where
     * it cannot.
     */
    default Set<Where> runsOn() {
        return EnumSet.allOf(Where.class);
    }

    /** Called before the first unit of a partition's batch (executors) or of a batch (driver). */
    default void open(TriggerContext context) throws Exception {
    }

    /** Does the work of one message. Throw to fail the batch; return {@link TriggerOutcome#deadLetter} to set it aside. */
    TriggerOutcome handle(TriggerMessage message, TriggerContext context) throws Exception;

    /**
     * Does the work of a chunk (chunked mode): messages of one partition, in offset order. Returns one outcome per
     * message, in the same order. The default handles them one by one; override it to batch the work (one request,
     * one DataFrame for the chunk).
     */
    default List<TriggerOutcome> handleChunk(List<TriggerMessage> chunk, TriggerContext context) throws Exception {
        List<TriggerOutcome> outcomes = new ArrayList<>(chunk.size());
        for (TriggerMessage m : chunk) {
            outcomes.add(handle(m, context));
        }
        return outcomes;
    }

    /** Called after the last unit, also when the batch failed. */
    default void close() throws Exception {
    }
}
