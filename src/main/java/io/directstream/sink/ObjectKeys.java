package io.directstream.sink;

import io.directstream.storage.S3Location;
import java.io.Serializable;

/**
 * Names output objects. A key is a pure function of (topic, partition, first offset), so that a batch re-run after a
 * crash, which starts each partition at the same offset, overwrites its object instead of adding a second copy. It must
 * not depend on the range's end or the batch time: a re-run may end elsewhere.
 *
 * <pre>{prefix}/topic={topic}/partition={partition}/{topic}+{partition}+{fromOffset, 20 digits}.{ext}[.gz]</pre>
 * Hive-style folders let Spark, Athena or Trino read the archive as a table partitioned by topic and partition;
 * zero-padding makes the keys of a partition sort by offset.
 */
public final class ObjectKeys implements Serializable {
    private static final long serialVersionUID = 1L;
    public static final String DEAD_LETTER_DIR = "_dead-letter";
    /** Where per-message triggers keep their results and dead letters, one object per message. */
    public static final String TRIGGER_DIR = "_triggers";

    private final S3Location root;
    private final String extension;
    private final Compression compression;

    public ObjectKeys(S3Location root, String extension, Compression compression) {
        this.root = root;
        this.extension = extension;
        this.compression = compression;
    }

    /** Key of the output object of the range of {@code topic}-{@code partition} that starts at {@code fromOffset}. */
    public String dataKey(String topic, int partition, long fromOffset) {
        return root.key(relative(topic, partition, fromOffset, extension));
    }

    /** Key of the dead letters of the same range: JSON lines, whatever the processor writes. */
    public String deadLetterKey(String topic, int partition, long fromOffset) {
        return root.key(DEAD_LETTER_DIR + "/" + relative(topic, partition, fromOffset, "jsonl"));
    }

    private String relative(String topic, int partition, long fromOffset, String ext) {
        if (fromOffset < 0) {
            throw new IllegalArgumentException("negative offset " + fromOffset + " for " + topic + "-" + partition);
        }
        return "topic=" + topic + "/partition=" + partition + "/" + topic + "+" + partition + "+"
                + String.format("%020d", fromOffset) + "." + ext + compression.extension();
    }

    public S3Location root() {
        return root;
    }

    public Compression compression() {
        return compression;
    }
}
