package io.directstream.audit;

/** A Kafka commit of a batch's offsets that failed (a later commit usually carries the offsets). */
public final class CommitFailure {
    private final long sequence;
    private final String error;
    private final long atMs;

    CommitFailure(long sequence, String error, long atMs) {
        this.sequence = sequence;
        this.error = error;
        this.atMs = atMs;
    }

    public long sequence() {
        return sequence;
    }

    public String error() {
        return error;
    }

    public long atMs() {
        return atMs;
    }
}
