package io.directstream.trigger;

/** A unit of trigger work threw or outlived {@code trigger.timeout}: the batch fails, naming the messages. */
public final class TriggerFailedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    TriggerFailedException(String message, Throwable cause) {
        super(message, cause);
    }
}
