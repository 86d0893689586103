package io.directstream.sink;

import io.directstream.ledger.LedgerRange;
import io.directstream.ledger.TriggerCounts;
import java.io.Serializable;

/**
 * What one partition task wrote for one batch, sent from the executor to the driver: the range as the ledger will
 * record it (offsets, counts, object keys) and which Spark partition produced it.
 */
public final class PartitionOutput implements Serializable {
    private static final long serialVersionUID = 3L;

    private final int index;
    private final LedgerRange range;
    private final long millis;
    private final TriggerCounts triggers;

    public PartitionOutput(int index, LedgerRange range, long millis) {
        this(index, range, millis, null);
    }

    private PartitionOutput(int index, LedgerRange range, long millis, TriggerCounts triggers) {
        this.index = index;
        this.range = range;
        this.millis = millis;
        this.triggers = triggers;
    }

    /** The same output, with what the per-message trigger did in the task. */
    public PartitionOutput withTriggers(TriggerCounts counts) {
        return new PartitionOutput(index, range, millis, counts);
    }

    /** What the per-message trigger did in this task; absent when it does not run on the executors. */
    public java.util.Optional<TriggerCounts> triggers() {
        return java.util.Optional.ofNullable(triggers);
    }

    /** An empty range: nothing read, nothing written. */
    public static PartitionOutput empty(int index, String topic, int partition, long offset) {
        return new PartitionOutput(index, new LedgerRange(topic, partition, offset, offset, 0, 0, 0, 0, null, null), 0);
    }

    /** The Spark partition index, which is the index of the batch's offset range. */
    public int index() {
        return index;
    }

    /** What was read and written, ready for the ledger. */
    public LedgerRange range() {
        return range;
    }

    public long millis() {
        return millis;
    }
}
