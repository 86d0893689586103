package io.directstream.source;

/**
 * Where one partition of an offsets start begins: an offset, or the partition's earliest or latest offset. The JSON
 * form writes them as the offset, {@code -2} and {@code -1} (Structured Streaming's marks); those numbers are read and
 * written here only, never compared elsewhere.
 */
public sealed interface PartitionOffset permits PartitionOffset.At, PartitionOffset.Earliest, PartitionOffset.Latest {
    /** {@code -2} in an offsets JSON: the earliest offset, as in Structured Streaming. */
    long EARLIEST_MARK = -2;
    /** {@code -1} in an offsets JSON: the latest offset. */
    long LATEST_MARK = -1;

    PartitionOffset EARLIEST = new Earliest();
    PartitionOffset LATEST = new Latest();

    /** A given offset. */
    record At(long offset) implements PartitionOffset {
        public At {
            if (offset < 0) {
                throw new IllegalArgumentException("offset " + offset + " is not an offset (use " + EARLIEST_MARK
                        + " for earliest, " + LATEST_MARK + " for latest)");
            }
        }

        @Override
        public long resolve(long earliest, long logEnd) {
            return offset;
        }

        @Override
        public long json() {
            return offset;
        }
    }

    /** The partition's earliest offset still in Kafka. */
    record Earliest() implements PartitionOffset {
        @Override
        public long resolve(long earliest, long logEnd) {
            return earliest;
        }

        @Override
        public long json() {
            return EARLIEST_MARK;
        }
    }

    /** The partition's log end: only records produced from now on. */
    record Latest() implements PartitionOffset {
        @Override
        public long resolve(long earliest, long logEnd) {
            return logEnd;
        }

        @Override
        public long json() {
            return LATEST_MARK;
        }
    }

    /** The offset this position names, given the partition's earliest offset and log end. */
    long resolve(long earliest, long logEnd);

    /** The number the JSON form writes: the offset, -2 or -1. */
    long json();

    /** Reads a number of the JSON form. */
    static PartitionOffset ofJson(long value) {
        if (value == EARLIEST_MARK) {
            return EARLIEST;
        }
        if (value == LATEST_MARK) {
            return LATEST;
        }
        return new At(value);
    }
}
