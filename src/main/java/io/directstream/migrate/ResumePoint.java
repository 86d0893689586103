package io.directstream.migrate;

import java.util.Optional;

/**
 * The user's reading of what the old pipeline saved. A bare number is the next offset to read (what
 * {@code KafkaCluster.setConsumerOffsets} and {@code ZkUtils} code wrote; {@code --offsets-are next}, the default) or
 * the last processed one ({@code --offsets-are last}: plus one). A saved range says nothing by itself about whether
 * its batch was written: saved after the output, resume at {@code untilOffset} ({@code --resume-at until}); saved
 * before it (in {@code transform}, before {@code foreachRDD} ran), resume at {@code fromOffset}
 * ({@code --resume-at from}). There is no default for ranges: the wrong one silently skips or repeats a batch.
 */
public final class ResumePoint {
    /** Which end of a saved range to resume at. */
    public enum At { FROM, UNTIL }

    private final boolean numbersAreLast;
    private final At at;

    public ResumePoint(boolean numbersAreLast, At at) {
        this.numbersAreLast = numbersAreLast;
        this.at = at;
    }

    public static ResumePoint defaults() {
        return new ResumePoint(false, null);
    }

    public boolean numbersAreLast() {
        return numbersAreLast;
    }

    public Optional<At> at() {
        return Optional.ofNullable(at);
    }

    /** Where to resume for {@code saved}, and how that was read; an error message when the choice is not given. */
    public Resolution resolve(SavedOffset saved) {
        if (!saved.isRange()) {
            long n = saved.number().get();
            return numbersAreLast ? Resolution.of(n + 1, "last processed + 1 (--offsets-are last)")
                    : Resolution.of(n, "next offset to read (--offsets-are next)");
        }
        if (at == null) {
            return Resolution.error("a saved range (" + saved.describe() + "): say where to resume with --resume-at "
                    + "until (saved after the output) or --resume-at from (saved before it)");
        }
        Optional<Long> v = at == At.FROM ? saved.from() : saved.until();
        if (v.isEmpty()) {
            return Resolution.error("--resume-at " + (at == At.FROM ? "from" : "until") + " but the value has no "
                    + (at == At.FROM ? "fromOffset" : "untilOffset") + " (" + saved.describe() + ")");
        }
        return Resolution.of(v.get(), at == At.FROM ? "fromOffset (--resume-at from)" : "untilOffset (--resume-at until)");
    }

    /** A resume offset and how it was read, or why there is none. */
    public static final class Resolution {
        private final Long offset;
        private final String how;

        private Resolution(Long offset, String how) {
            this.offset = offset;
            this.how = how;
        }

        static Resolution of(long offset, String how) {
            return new Resolution(offset, how);
        }

        static Resolution error(String why) {
            return new Resolution(null, why);
        }

        public Optional<Long> offset() {
            return Optional.ofNullable(offset);
        }

        /** How the offset was read, or the error. */
        public String how() {
            return how;
        }
    }
}
