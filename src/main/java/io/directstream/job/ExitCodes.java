package io.directstream.job;

import io.directstream.config.InvalidConfigException;
import io.directstream.ledger.LedgerDamagedException;

/** Exit codes of the job and its tools. */
public final class ExitCodes {
    /** Ran and stopped as asked. */
    public static final int OK = 0;
    /** A batch failed: the job stopped; a restart resumes from the ledger. */
    public static final int FAILED = 1;
    /** Bad arguments or configuration; nothing was started. */
    public static final int CONFIG = 2;
    /** Kafka or S3 unreachable, a topic or bucket missing, offsets gone; nothing was started. */
    public static final int UNAVAILABLE = 3;
    /** The ledger is damaged (an object unreadable, a field missing, an entry missing): a restart does not help. */
    public static final int DAMAGED = 4;

    private ExitCodes() {
    }

    /** Prints each problem as {@code tool: invalid configuration: ...}; returns {@link #CONFIG}. */
    public static int invalidConfig(String tool, InvalidConfigException e) {
        e.problems().forEach(p -> System.err.println(tool + ": invalid configuration: " + p));
        return CONFIG;
    }

    /** Prints {@code tool: message} and the tool's usage; returns {@link #CONFIG}. */
    public static int usageError(String tool, IllegalArgumentException e, String usage) {
        System.err.println(tool + ": " + e.getMessage() + "\n" + usage);
        return CONFIG;
    }

    /** Prints what is damaged and what to do; returns {@link #DAMAGED}. */
    public static int damaged(String tool, LedgerDamagedException e) {
        System.err.println(tool + ": the ledger is damaged: " + e.getMessage());
        System.err.println(tool + ": nothing was decided from it. Restarting does not help: restore the object (from S3 "
                + "versioning or a backup) or repair it, then start again; bin/offset-audit shows the ledger's state.");
        return DAMAGED;
    }

    /** Prints {@code tool: message}; returns {@link #UNAVAILABLE}. */
    public static int unavailable(String tool, String message) {
        System.err.println(tool + ": " + message);
        return UNAVAILABLE;
    }
}
