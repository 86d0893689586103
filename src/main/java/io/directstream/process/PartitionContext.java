package io.directstream.process;

/** What a processor knows about the partition batch it is about to process. */
public final class PartitionContext {
    private final String topic;
    private final int partition;
    private final long fromOffset;
    private final long untilOffset;
    private final long batchTimeMs;
    private final String objectKey;

    public PartitionContext(String topic, int partition, long fromOffset, long untilOffset, long batchTimeMs, String objectKey) {
        this.topic = topic;
        this.partition = partition;
        this.fromOffset = fromOffset;
        this.untilOffset = untilOffset;
        this.batchTimeMs = batchTimeMs;
        this.objectKey = objectKey;
    }

    public String topic() {
        return topic;
    }

    public int partition() {
        return partition;
    }

    /** First offset of the range (inclusive); the output key is derived from it. */
    public long fromOffset() {
        return fromOffset;
    }

    /** End of the range (exclusive). A re-run after a crash may end elsewhere: never derive keys from it. */
    public long untilOffset() {
        return untilOffset;
    }

    /** The batch's time. A re-run has another one: never derive keys from it. */
    public long batchTimeMs() {
        return batchTimeMs;
    }

    /** Key of the S3 object this partition's output goes to. */
    public String objectKey() {
        return objectKey;
    }
}
