package io.directstream.audit;

import java.util.Locale;

/**
 * One thing the audit found. Errors make the audit exit 1; warnings and notes do not. {@code kind}: gap, overlap,
 * object, ledger, commit, committed-beyond-ledger.
 */
public record Finding(Severity severity, String kind, String message) {
    /** How bad. */
    public enum Severity {
        /** Data not processed exactly once, or the ledger and S3 disagree. */
        ERROR,
        /** Worth a look; the data is fine (a failed commit that a later one superseded, a lagging commit). */
        WARNING,
        /** Explained and expected (offsets without records on a compacted topic). */
        NOTE;

        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    @Override
    public String toString() {
        return severity.id().toUpperCase(Locale.ROOT) + " " + kind + ": " + message;
    }
}
