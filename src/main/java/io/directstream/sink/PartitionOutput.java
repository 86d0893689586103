package io.directstream.sink;

import java.io.Serializable;

/** What one partition task wrote for one batch: counts and the objects. Sent from the executor to the driver. */
public final class PartitionOutput implements Serializable {
    private static final long serialVersionUID = 1L;

    private final int index;
    private final String topic;
    private final int partition;
    private final long fromOffset;
    private final long untilOffset;
    private final long records;
    private final long outputRecords;
    private final long deadLetters;
    private final long bytes;
    private final String objectKey;
    private final String deadLetterKey;
    private final long millis;

    public PartitionOutput(int index, String topic, int partition, long fromOffset, long untilOffset, long records,
                           long outputRecords, long deadLetters, long bytes, String objectKey, String deadLetterKey,
                           long millis) {
        this.index = index;
        this.topic = topic;
        this.partition = partition;
        this.fromOffset = fromOffset;
        this.untilOffset = untilOffset;
        this.records = records;
        this.outputRecords = outputRecords;
        this.deadLetters = deadLetters;
        this.bytes = bytes;
        this.objectKey = objectKey;
        this.deadLetterKey = deadLetterKey;
        this.millis = millis;
    }

    /** The Spark partition index, which is the index of the batch's offset range. */
    public int index() {
        return index;
    }

    public String topic() {
        return topic;
    }

    public int partition() {
        return partition;
    }

    public long fromOffset() {
        return fromOffset;
    }

    public long untilOffset() {
        return untilOffset;
    }

    public long records() {
        return records;
    }

    public long outputRecords() {
        return outputRecords;
    }

    public long deadLetters() {
        return deadLetters;
    }

    public long bytes() {
        return bytes;
    }

    /** Null when the processor wrote nothing. */
    public String objectKey() {
        return objectKey;
    }

    /** Null when no record was dead-lettered. */
    public String deadLetterKey() {
        return deadLetterKey;
    }

    public long millis() {
        return millis;
    }
}
