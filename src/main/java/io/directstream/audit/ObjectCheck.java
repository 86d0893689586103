package io.directstream.audit;

/**
 * The cross-check of one object the ledger lists: does it exist, and does it hold the records the ledger says?
 * {@code actualLines} is -1 when the object is missing or not line-based.
 */
public record ObjectCheck(long sequence, String key, long expectedLines, long actualLines, boolean exists,
                          boolean lineBased) {
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
