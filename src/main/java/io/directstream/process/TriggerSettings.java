package io.directstream.process;

import java.io.Serializable;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;

/**
 * The per-message trigger settings ({@code trigger.*}): which trigger, in which mode, with which bounds. Absent from
 * the configuration when {@code trigger.class} is empty (the job only archives).
 *
 * @param className        the trigger's class
 * @param mode             where and how messages are handed to it
 * @param chunkOn          in {@link Mode#CHUNKED} mode, where chunks run
 * @param chunkSize        messages per chunk in {@link Mode#CHUNKED} mode
 * @param driverThreads    size of the driver's pool
 * @param driverMaxMessages most messages held on the driver at once: a larger batch is brought over in slices
 * @param timeout          longest one unit of work (a message, or a chunk) may take
 * @param properties       the {@code trigger.conf.*} keys, prefix removed
 */
public record TriggerSettings(String className, Mode mode, Where chunkOn, int chunkSize, int driverThreads,
                              int driverMaxMessages, Duration timeout, Map<String, String> properties)
        implements Serializable {

    /** How messages are handed to the trigger. */
    public enum Mode {
        /** One message at a time, on the executors, in the partition's task. */
        EXECUTOR,
        /** The batch's messages copied to the driver (in bounded slices) and run in a thread pool there. */
        DRIVER,
        /** Messages in chunks of {@code trigger.chunk.size}, each chunk one unit of work, where {@code trigger.chunk.on} says. */
        CHUNKED;

        public static Mode parse(String s) {
            return valueOf(s.trim().toUpperCase(Locale.ROOT));
        }

        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** Where work runs: the executors, or the driver (the only place with a SparkSession). */
    public enum Where {
        EXECUTOR, DRIVER;

        public static Where parse(String s) {
            return valueOf(s.trim().toUpperCase(Locale.ROOT));
        }

        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public TriggerSettings {
        properties = Map.copyOf(properties);
    }

    /** Where the trigger's units of work run in this mode. */
    public Where runsOn() {
        return switch (mode) {
            case EXECUTOR -> Where.EXECUTOR;
            case DRIVER -> Where.DRIVER;
            case CHUNKED -> chunkOn;
        };
    }

    /** Messages per unit of work: 1, or the chunk size. */
    public int unitSize() {
        return mode == Mode.CHUNKED ? chunkSize : 1;
    }

    /** The mode as the ledger and the logs name it: executor, driver, chunked-executor, chunked-driver. */
    public String label() {
        return mode == Mode.CHUNKED ? "chunked-" + chunkOn.id() : mode.id();
    }
}
