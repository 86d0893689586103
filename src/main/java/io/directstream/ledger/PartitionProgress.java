package io.directstream.ledger;

/**
 * What the ledger knows of one partition: the first offset it covers, its exclusive end (where the partition resumes),
 * how many records and batches covered it, and the sequence of the last entry that did.
 */
public record PartitionProgress(long firstOffset, long endOffset, long records, long batches, long lastSequence) {
    /** This progress extended by a range; a gap's range moves the end but is not a batch. */
    PartitionProgress plus(LedgerRange r, long sequence, boolean batch) {
        return new PartitionProgress(firstOffset, Math.max(endOffset, r.untilOffset()), records + r.records(),
                batches + (batch ? 1 : 0), sequence);
    }

    /** A replay: the partition resumes at {@code offset} again. */
    PartitionProgress rewoundTo(long offset, long sequence) {
        return new PartitionProgress(Math.min(firstOffset, offset), offset, records, batches, sequence);
    }

    static PartitionProgress first(LedgerRange r, long sequence, boolean batch) {
        return new PartitionProgress(r.fromOffset(), r.untilOffset(), r.records(), batch ? 1 : 0, sequence);
    }

    @Override
    public String toString() {
        return "[" + firstOffset + "," + endOffset + ") records=" + records + " batches=" + batches;
    }
}
