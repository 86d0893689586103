package io.directstream.ledger;

/** Whatever guards a writer's right to write under an output location: checked before every destructive step. */
@FunctionalInterface
public interface Fence {
    /** Throws {@link LedgerConflictException} unless this writer may still write. */
    void checkHeld();
}
