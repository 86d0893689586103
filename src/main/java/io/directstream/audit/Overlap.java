package io.directstream.audit;

import java.util.List;
import org.apache.kafka.common.TopicPartition;

/**
 * Offsets [from, until) of a partition covered by more than one batch, and the ledger sequences of those batches.
 * Should never happen.
 */
public record Overlap(TopicPartition partition, long from, long until, List<Long> sequences) {
    public Overlap {
        sequences = List.copyOf(sequences);
    }

    @Override
    public String toString() {
        return partition + " [" + from + "," + until + ") batches " + sequences;
    }
}
