package io.directstream.job;

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

    private ExitCodes() {
    }
}
