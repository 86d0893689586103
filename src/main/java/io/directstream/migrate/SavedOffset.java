package io.directstream.migrate;

import java.util.Optional;

/**
 * What a legacy pipeline saved for one partition, as it saved it: a bare number, or named fields (a topic, a partition,
 * a {@code fromOffset} and/or an {@code untilOffset}). Topic and partition are absent when the value does not name them
 * (a bare number in {@code .../<topic>/<partition>}: the path names them).
 */
public final class SavedOffset {
    private final String topic;
    private final Integer partition;
    private final Long number;
    private final Long from;
    private final Long until;

    private SavedOffset(String topic, Integer partition, Long number, Long from, Long until) {
        this.topic = topic;
        this.partition = partition;
        this.number = number;
        this.from = from;
        this.until = until;
    }

    /** A bare number (or a field named {@code offset}): next or last offset, as {@code --offsets-are} says. */
    public static SavedOffset number(String topic, Integer partition, long offset) {
        return new SavedOffset(topic, partition, offset, null, null);
    }

    /** An offset range, either end possibly absent (never both). */
    public static SavedOffset range(String topic, Integer partition, Long from, Long until) {
        if (from == null && until == null) {
            throw new IllegalArgumentException("a range needs fromOffset or untilOffset");
        }
        return new SavedOffset(topic, partition, null, from, until);
    }

    public Optional<String> topic() {
        return Optional.ofNullable(topic);
    }

    public Optional<Integer> partition() {
        return Optional.ofNullable(partition);
    }

    public boolean isRange() {
        return number == null;
    }

    public Optional<Long> number() {
        return Optional.ofNullable(number);
    }

    public Optional<Long> from() {
        return Optional.ofNullable(from);
    }

    public Optional<Long> until() {
        return Optional.ofNullable(until);
    }

    /** The value as the plan shows it: {@code 1200}, {@code from 310 until 655}. */
    public String describe() {
        if (!isRange()) {
            return String.valueOf(number);
        }
        return (from == null ? "" : "from " + from) + (from != null && until != null ? " " : "")
                + (until == null ? "" : "until " + until);
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof SavedOffset)) {
            return false;
        }
        SavedOffset s = (SavedOffset) o;
        return java.util.Objects.equals(topic, s.topic) && java.util.Objects.equals(partition, s.partition)
                && java.util.Objects.equals(number, s.number) && java.util.Objects.equals(from, s.from)
                && java.util.Objects.equals(until, s.until);
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(topic, partition, number, from, until);
    }

    @Override
    public String toString() {
        return (topic == null ? "?" : topic) + "-" + (partition == null ? "?" : partition) + " " + describe();
    }
}
