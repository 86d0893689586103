package io.directstream.source;

/** Kafka cannot be used as configured: unreachable, a topic missing, offsets gone. Names what. */
public final class SourceUnavailableException extends io.directstream.storage.UnavailableException {
    private static final long serialVersionUID = 1L;

    public SourceUnavailableException(String message) {
        super(message);
    }

    public SourceUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
