package io.directstream.source;

import java.util.Locale;

/**
 * Where a partition starts when neither the ledger nor the group's committed offset knows it.
 * A value you can pass, print and test, in the manner of Flink's {@code OffsetsInitializer}.
 */
public final class StartingPosition {
    /** The kinds of starting position. */
    public enum Kind { EARLIEST, LATEST }

    private static final StartingPosition EARLIEST = new StartingPosition(Kind.EARLIEST);
    private static final StartingPosition LATEST = new StartingPosition(Kind.LATEST);

    private final Kind kind;

    private StartingPosition(Kind kind) {
        this.kind = kind;
    }

    public static StartingPosition earliest() {
        return EARLIEST;
    }

    public static StartingPosition latest() {
        return LATEST;
    }

    /** Parses {@code earliest} or {@code latest}. */
    public static StartingPosition parse(String text) {
        switch (text.trim().toLowerCase(Locale.ROOT)) {
            case "earliest": return EARLIEST;
            case "latest": return LATEST;
            default: throw new IllegalArgumentException("expected earliest or latest");
        }
    }

    public Kind kind() {
        return kind;
    }

    @Override
    public String toString() {
        return kind.name().toLowerCase(Locale.ROOT);
    }
}
