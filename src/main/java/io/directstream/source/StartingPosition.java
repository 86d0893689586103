package io.directstream.source;

import java.util.Locale;

/**
 * Where a partition starts when neither the ledger nor the group's committed offset knows it
 * ({@code source.starting.position}).
 */
public enum StartingPosition {
    EARLIEST, LATEST;

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

    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
