package io.directstream.ledger;

/**
 * A ledger object that cannot be trusted: unreadable, a field missing or of the wrong type, a sequence out of order.
 * Nothing may be decided from such a ledger (a missing number read as 0 would make a partition resume at offset 0 and
 * the orphan sweep delete its archive), so the job and the tools stop and name the object. Restarting does not help;
 * the object must be repaired or restored (S3 versioning) first.
 */
public final class LedgerDamagedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public LedgerDamagedException(String message) {
        super(message);
    }

    public LedgerDamagedException(String message, Throwable cause) {
        super(message, cause);
    }
}
