package io.directstream.ledger;

import java.util.Objects;
import java.util.Optional;

/**
 * What became of the Kafka commit of a batch's offsets. {@code commitAsync} only queues the commit; its outcome is
 * known later and is recorded in a later ledger entry.
 */
public final class CommitOutcome {
    private final long sequence;
    private final boolean committed;
    private final String error;
    private final long atMs;

    public CommitOutcome(long sequence, boolean committed, String error, long atMs) {
        this.sequence = sequence;
        this.committed = committed;
        this.error = error;
        this.atMs = atMs;
    }

    /** The ledger sequence of the batch whose offsets were committed. */
    public long sequence() {
        return sequence;
    }

    public boolean committed() {
        return committed;
    }

    public Optional<String> error() {
        return Optional.ofNullable(error);
    }

    public long atMs() {
        return atMs;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof CommitOutcome)) {
            return false;
        }
        CommitOutcome c = (CommitOutcome) o;
        return sequence == c.sequence && committed == c.committed && atMs == c.atMs && Objects.equals(error, c.error);
    }

    @Override
    public int hashCode() {
        return Objects.hash(sequence, committed, atMs);
    }

    @Override
    public String toString() {
        return "commit#" + sequence + (committed ? " ok" : " failed: " + error);
    }
}
