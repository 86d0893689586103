package io.directstream.source;

import java.util.Locale;

/** What to do when the offsets the job must read next no longer exist in Kafka (retention deleted them). */
public enum DataLossPolicy {
    /** Refuse to start, naming the partition, the missing range and the earliest offset still there. */
    FAIL,
    /** Start at the earliest offset and record the missing range in the ledger as a gap. */
    SKIP;

    public static DataLossPolicy parse(String text) {
        return valueOf(text.trim().toUpperCase(Locale.ROOT));
    }

    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
