package io.directstream.audit;

import java.util.List;
import org.apache.kafka.common.TopicPartition;

/** Offsets [from, until) of a partition covered by more than one batch: which batches. Should never happen. */
public final class Overlap {
    private final TopicPartition partition;
    private final long from;
    private final long until;
    private final List<Long> sequences;

    public Overlap(TopicPartition partition, long from, long until, List<Long> sequences) {
        this.partition = partition;
        this.from = from;
        this.until = until;
        this.sequences = List.copyOf(sequences);
    }

    public TopicPartition partition() {
        return partition;
    }

    public long from() {
        return from;
    }

    public long until() {
        return until;
    }

    /** The ledger sequences of the batches that covered these offsets. */
    public List<Long> sequences() {
        return sequences;
    }

    @Override
    public String toString() {
        return partition + " [" + from + "," + until + ") batches " + sequences;
    }
}
