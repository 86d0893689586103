package io.directstream.process;

import java.util.Locale;

/** What happens to a record its processor throws on. Neither choice loses the record. */
public enum OnError {
    /** The record and the error go to the {@code _dead-letter/} prefix with their coordinates; the batch goes on. */
    DEAD_LETTER,
    /** The batch fails and the job stops; the restart re-reads the record. */
    FAIL;

    public static OnError parse(String text) {
        return valueOf(text.trim().toUpperCase(Locale.ROOT).replace('-', '_'));
    }

    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
