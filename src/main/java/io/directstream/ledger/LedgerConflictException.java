package io.directstream.ledger;

/** Another writer recorded the same ledger sequence, or took the output location's lease: this instance is fenced. */
public final class LedgerConflictException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public LedgerConflictException(String message) {
        super(message);
    }
}
