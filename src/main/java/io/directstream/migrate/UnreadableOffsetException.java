package io.directstream.migrate;

/** A legacy value that cannot be read as an offset without guessing; the message names where it came from and why. */
public final class UnreadableOffsetException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public UnreadableOffsetException(String message) {
        super(message);
    }
}
