package io.directstream.migrate;

import java.util.Optional;
import org.apache.kafka.common.TopicPartition;

/**
 * One partition's legacy value and where it came from: the znode (path and version) or the file line, how its bytes
 * were decoded, and what it says; or why it could not be read.
 */
public final class LegacyValue {
    private final TopicPartition partition;
    private final String origin;
    private final String decoding;
    private final SavedOffset saved;
    private final String error;

    private LegacyValue(TopicPartition partition, String origin, String decoding, SavedOffset saved, String error) {
        this.partition = partition;
        this.origin = origin;
        this.decoding = decoding;
        this.saved = saved;
        this.error = error;
    }

    public static LegacyValue read(TopicPartition partition, String origin, String decoding, SavedOffset saved) {
        return new LegacyValue(partition, origin, decoding, saved, null);
    }

    public static LegacyValue unreadable(TopicPartition partition, String origin, String error) {
        return new LegacyValue(partition, origin, "-", null, error);
    }

    public TopicPartition partition() {
        return partition;
    }

    /** {@code /consumers/g/offsets/t/0 (version 3)}, {@code offsets.csv line 4}. */
    public String origin() {
        return origin;
    }

    /** {@code UTF-8 text, number}; {@code -} when unreadable. */
    public String decoding() {
        return decoding;
    }

    public Optional<SavedOffset> saved() {
        return Optional.ofNullable(saved);
    }

    public Optional<String> error() {
        return Optional.ofNullable(error);
    }

    /** The same value made unreadable, for one given twice. */
    LegacyValue withError(String why) {
        return new LegacyValue(partition, origin, decoding, saved, why);
    }
}
