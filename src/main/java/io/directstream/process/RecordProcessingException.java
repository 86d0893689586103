package io.directstream.process;

/** A processor failed on a record; the message carries the record's coordinates. */
public final class RecordProcessingException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public RecordProcessingException(String topic, int partition, long offset, Throwable cause) {
        super("processor failed on " + topic + "-" + partition + " offset " + offset + ": " + cause, cause);
    }
}
