package io.directstream.audit;

/** The cross-check of one object the ledger lists: does it exist, and does it hold the records the ledger says? */
public final class ObjectCheck {
    private final long sequence;
    private final String key;
    private final long expectedLines;
    private final long actualLines;
    private final boolean exists;
    private final boolean lineBased;

    ObjectCheck(long sequence, String key, long expectedLines, long actualLines, boolean exists, boolean lineBased) {
        this.sequence = sequence;
        this.key = key;
        this.expectedLines = expectedLines;
        this.actualLines = actualLines;
        this.exists = exists;
        this.lineBased = lineBased;
    }

    public long sequence() {
        return sequence;
    }

    public String key() {
        return key;
    }

    public long expectedLines() {
        return expectedLines;
    }

    /** Lines counted; -1 when the object is missing or not line-based. */
    public long actualLines() {
        return actualLines;
    }

    public boolean exists() {
        return exists;
    }

    public boolean ok() {
        return exists && (!lineBased || actualLines == expectedLines);
    }

    public String problem() {
        if (!exists) {
            return "missing: the ledger (entry " + sequence + ") lists " + key + " but S3 does not have it";
        }
        return "count mismatch: " + key + " holds " + actualLines + " records, the ledger (entry " + sequence + ") says "
                + expectedLines;
    }
}
