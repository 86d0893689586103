package io.directstream.audit;

import io.directstream.config.Durations;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Optional;

/** The audit's command-line options, parsed and checked. */
public final class AuditOptions {
    /** Output formats. */
    public enum Format { TEXT, CSV, JSON, HTML }

    /** How many recorded objects to read back and count. */
    public enum ObjectMode { NONE, SAMPLE, FULL }

    Instant since;
    Instant until;
    Format format = Format.TEXT;
    Path output;
    ObjectMode objects = ObjectMode.SAMPLE;
    int sampleSize = 20;
    int maxBatches = 1000;
    String csvTable = "partitions";
    long seed = 1;

    public Optional<Instant> since() {
        return Optional.ofNullable(since);
    }

    public Instant until() {
        return until;
    }

    public Format format() {
        return format;
    }

    public Optional<Path> output() {
        return Optional.ofNullable(output);
    }

    public ObjectMode objects() {
        return objects;
    }

    public int sampleSize() {
        return sampleSize;
    }

    public int maxBatches() {
        return maxBatches;
    }

    public String csvTable() {
        return csvTable;
    }

    /**
     * A time: an ISO-8601 instant ({@code 2026-11-20T10:00:00Z}), a UTC date-time or date ({@code 2026-11-20T10:00},
     * {@code 2026-11-20}), or a duration before {@code now} ({@code 24h}, {@code 30m}, {@code 7d}).
     */
    public static Instant parseTime(String text, Instant now) {
        String t = text.trim();
        try {
            return now.minus(Durations.parse(t));
        } catch (IllegalArgumentException notADuration) {
            // not a duration: try the ISO forms
        }
        try {
            return Instant.parse(t);
        } catch (DateTimeParseException e) {
            // next form
        }
        try {
            return LocalDateTime.parse(t).toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException e) {
            // next form
        }
        try {
            return LocalDate.parse(t).atStartOfDay().toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("'" + text + "' is not a time: use an ISO-8601 time (2026-11-20T10:00:00Z,"
                    + " 2026-11-20T10:00 or 2026-11-20, UTC) or a duration before now (24h, 30m, 7d)");
        }
    }

    static Format parseFormat(String s) {
        try {
            return Format.valueOf(s.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--format " + s + ": expected text, csv, json or html");
        }
    }

    static ObjectMode parseObjects(String s) {
        try {
            return ObjectMode.valueOf(s.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--check-objects " + s + ": expected none, sample or full");
        }
    }
}
