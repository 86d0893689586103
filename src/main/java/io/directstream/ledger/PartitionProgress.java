package io.directstream.ledger;

/** What the ledger knows of one partition: the offsets covered, and how many records and batches covered them. */
public final class PartitionProgress {
    private final long firstOffset;
    private final long endOffset;
    private final long records;
    private final long batches;
    private final long lastSequence;

    public PartitionProgress(long firstOffset, long endOffset, long records, long batches, long lastSequence) {
        this.firstOffset = firstOffset;
        this.endOffset = endOffset;
        this.records = records;
        this.batches = batches;
        this.lastSequence = lastSequence;
    }

    /** The first offset the ledger covers for this partition. */
    public long firstOffset() {
        return firstOffset;
    }

    /** Exclusive end: where this partition resumes. */
    public long endOffset() {
        return endOffset;
    }

    public long records() {
        return records;
    }

    public long batches() {
        return batches;
    }

    /** Sequence of the last entry that covered this partition. */
    public long lastSequence() {
        return lastSequence;
    }

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
    public boolean equals(Object o) {
        if (!(o instanceof PartitionProgress)) {
            return false;
        }
        PartitionProgress p = (PartitionProgress) o;
        return firstOffset == p.firstOffset && endOffset == p.endOffset && records == p.records
                && batches == p.batches && lastSequence == p.lastSequence;
    }

    @Override
    public int hashCode() {
        return Long.hashCode(endOffset) * 31 + Long.hashCode(lastSequence);
    }

    @Override
    public String toString() {
        return "[" + firstOffset + "," + endOffset + ") records=" + records + " batches=" + batches;
    }
}
