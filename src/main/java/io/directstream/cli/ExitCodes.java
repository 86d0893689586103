package io.directstream.cli;

import io.directstream.config.InvalidConfigException;
import io.directstream.ledger.LedgerDamagedException;
import io.directstream.storage.UnavailableException;

/**
 * Exit codes of the job and its tools, and the one mapping from a failure to its code and message ({@link #of}):
 * usage 2, Kafka, S3 or ZooKeeper unavailable 3 (one line naming the setting and the endpoint), a damaged ledger 4,
 * anything else a bug: 1 with its stack trace.
 */
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

    /**
     * Prints what {@code failure} means for {@code tool} and returns its exit code: bad configuration or arguments
     * {@link #CONFIG} (with the usage), Kafka or S3 unavailable {@link #UNAVAILABLE}, a damaged ledger
     * {@link #DAMAGED}; anything else is a bug, printed with its stack trace, {@link #FAILED}.
     */
    public static int of(String tool, String usage, Throwable failure) {
        if (failure instanceof InvalidConfigException) {
            return invalidConfig(tool, (InvalidConfigException) failure);
        }
        if (failure instanceof LedgerDamagedException) {
            return damaged(tool, (LedgerDamagedException) failure);
        }
        if (failure instanceof IllegalArgumentException) {
            return usageError(tool, (IllegalArgumentException) failure, usage);
        }
        if (failure instanceof UnavailableException) {
            return unavailable(tool, failure.getMessage());
        }
        if (failure instanceof com.amazonaws.AmazonClientException) {
            return unavailable(tool, "S3 failed: " + failure.getMessage());
        }
        return bug(tool, failure);
    }

    /** Prints {@code tool: unexpected failure} and the stack trace; returns {@link #FAILED}. */
    public static int bug(String tool, Throwable failure) {
        System.err.println(tool + ": unexpected failure (a bug; please report it with this trace): " + failure);
        failure.printStackTrace();
        return FAILED;
    }

    /** Prints {@code tool: message}; returns {@link #UNAVAILABLE}. */
    public static int unavailable(String tool, String message) {
        System.err.println(tool + ": " + message);
        return UNAVAILABLE;
    }
}
