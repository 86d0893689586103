package io.directstream.job;

/**
 * Shared between the batch thread and the main thread: a request to stop gracefully (input drained, time up) or a
 * failure that must stop the job at once. The main thread polls it; the batch thread never stops the context itself
 * (stopping from inside a batch would wait for that same batch).
 */
public final class RunControl {
    private volatile StopReason stopReason;
    private volatile Throwable failure;

    public void requestStop(StopReason.Kind kind, String detail) {
        requestStop(new StopReason(kind, detail));
    }

    public void requestStop(StopReason reason) {
        if (stopReason == null) {
            stopReason = reason;
        }
    }

    public void fail(Throwable t) {
        if (failure == null) {
            failure = t;
        }
    }

    /** Why a graceful stop was requested, or null. */
    public StopReason stopReason() {
        return stopReason;
    }

    /** The first batch failure, or null. */
    public Throwable failure() {
        return failure;
    }
}
