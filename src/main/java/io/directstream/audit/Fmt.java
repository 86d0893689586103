package io.directstream.audit;

import java.time.Instant;
import java.util.Locale;
import java.util.Optional;

/** Formatting shared by the renderers: "-" for a missing value, as kafka-consumer-groups prints it. */
final class Fmt {
    static final String NONE = "-";

    private Fmt() {
    }

    static String opt(Optional<?> v) {
        return v.map(String::valueOf).orElse(NONE);
    }

    static String time(long ms) {
        return Instant.ofEpochMilli(ms).toString();
    }

    /** 850ms, 12s, 3m05s, 2h10m, 4d03h. */
    static String age(Optional<Long> ms) {
        if (ms.isEmpty()) {
            return NONE;
        }
        long s = ms.get() / 1000;
        if (ms.get() < 1000) {
            return ms.get() + "ms";
        }
        if (s < 60) {
            return s + "s";
        }
        if (s < 3600) {
            return String.format(Locale.ROOT, "%dm%02ds", s / 60, s % 60);
        }
        if (s < 86400) {
            return String.format(Locale.ROOT, "%dh%02dm", s / 3600, (s % 3600) / 60);
        }
        return String.format(Locale.ROOT, "%dd%02dh", s / 86400, (s % 86400) / 3600);
    }

    static String window(PartitionRow p) {
        return p.windowFrom().isEmpty() ? NONE : "[" + p.windowFrom().get() + "," + p.windowUntil().get() + ")";
    }

    static String windowProcessed(PartitionRow p) {
        return p.windowProcessed().map(b -> b ? "yes" : "no").orElse(NONE);
    }
}
