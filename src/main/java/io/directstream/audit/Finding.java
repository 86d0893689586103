package io.directstream.audit;

import java.util.Locale;

/** One thing the audit found. Errors make the audit exit 1; warnings and notes do not. */
public final class Finding {
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

    private final Severity severity;
    private final String kind;
    private final String message;

    Finding(Severity severity, String kind, String message) {
        this.severity = severity;
        this.kind = kind;
        this.message = message;
    }

    public Severity severity() {
        return severity;
    }

    /** gap, overlap, object, ledger, commit, committed-beyond-ledger. */
    public String kind() {
        return kind;
    }

    public String message() {
        return message;
    }

    @Override
    public String toString() {
        return severity.id().toUpperCase(Locale.ROOT) + " " + kind + ": " + message;
    }
}
