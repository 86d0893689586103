package io.directstream.storage;

/**
 * Something the job needs cannot be used as configured: S3 unreachable or a bucket missing, the output location held by
 * another instance, and (as {@code source.SourceUnavailableException}) Kafka unreachable, a topic missing, offsets gone.
 * The message names what and where; the commands exit with code 3. In {@code storage} because every package may
 * depend on it.
 */
public class UnavailableException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public UnavailableException(String message) {
        super(message);
    }

    public UnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
