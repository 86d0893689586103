package io.directstream.source;

/** Kafka or S3 cannot be used as configured: unreachable, a topic or bucket missing, offsets gone. Names what. */
public final class SourceUnavailableException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public SourceUnavailableException(String message) {
        super(message);
    }

    public SourceUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
