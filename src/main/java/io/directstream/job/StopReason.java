package io.directstream.job;

/**
 * Why a run stops gracefully: the kind decides what the stop does (a stop marker is removed afterwards), the detail
 * is for people (logs, the ledger's commit note, the run's summary).
 */
public record StopReason(Kind kind, String detail) {

    /** What asked for the stop. */
    public enum Kind {
        /** {@code job.stop.after.idle.batches} batches in a row found no new record. */
        DRAINED,
        /** {@code job.max.duration} reached. */
        MAX_DURATION,
        /** {@code bin/stop} wrote the stop marker. */
        STOP_MARKER,
        /** SIGTERM: the JVM is shutting down (YARN stopping the application, kill). */
        SIGTERM,
        /** The main thread was interrupted. */
        INTERRUPTED,
        /** The streaming context ended by itself. */
        CONTEXT_TERMINATED,
        /** The embedding program asked ({@link DirectStreamJob#requestStop}). */
        REQUESTED
    }

    @Override
    public String toString() {
        return detail;
    }
}
