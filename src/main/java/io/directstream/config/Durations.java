package io.directstream.config;

import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parses the human durations and sizes used in the job's configuration ({@code 500ms}, {@code 5s}, {@code 8MiB}). */
public final class Durations {
    private static final Pattern DURATION = Pattern.compile("(\\d+)\\s*(ms|s|m|h|d)");
    private static final Pattern SIZE = Pattern.compile("(\\d+)\\s*(b|kb|kib|mb|mib|gb|gib)?");

    private Durations() {
    }

    /** Parses {@code 500ms}, {@code 5s}, {@code 2m}, {@code 1h}, {@code 1d}; a unit is required so that nobody guesses. */
    public static Duration parse(String text) {
        Matcher m = DURATION.matcher(text.trim().toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw new IllegalArgumentException("expected a duration such as 500ms, 5s, 2m, 1h or 1d");
        }
        long n = Long.parseLong(m.group(1));
        switch (m.group(2)) {
            case "ms": return Duration.ofMillis(n);
            case "s": return Duration.ofSeconds(n);
            case "m": return Duration.ofMinutes(n);
            case "h": return Duration.ofHours(n);
            default: return Duration.ofDays(n);
        }
    }

    /** Parses a byte size: {@code 1048576}, {@code 512KiB}, {@code 8MiB}, {@code 1GB} (KB/MB/GB are decimal, KiB/MiB/GiB binary). */
    public static long parseSize(String text) {
        Matcher m = SIZE.matcher(text.trim().toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw new IllegalArgumentException("expected a size such as 5242880, 512KiB, 8MiB or 1GiB");
        }
        long n = Long.parseLong(m.group(1));
        String unit = m.group(2) == null ? "b" : m.group(2);
        switch (unit) {
            case "kb": return n * 1000L;
            case "kib": return n * 1024L;
            case "mb": return n * 1000_000L;
            case "mib": return n * 1024L * 1024L;
            case "gb": return n * 1000_000_000L;
            case "gib": return n * 1024L * 1024L * 1024L;
            default: return n;
        }
    }

    /** Short human form of a duration for tables and logs: {@code 1.2 s}, {@code 850 ms}. */
    public static String human(Duration d) {
        long ms = d.toMillis();
        if (ms < 1000) {
            return ms + " ms";
        }
        if (ms < 120_000) {
            return String.format(Locale.ROOT, "%.1f s", ms / 1000.0);
        }
        return String.format(Locale.ROOT, "%.1f min", ms / 60_000.0);
    }
}
