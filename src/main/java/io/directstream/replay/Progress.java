package io.directstream.replay;

import java.io.PrintStream;
import java.util.Locale;

/**
 * A progress bar on the terminal (records done of total, rate, ETA), redrawn in place; one line per update when the
 * output is not a terminal (a log file, CI).
 */
final class Progress {
    private final PrintStream out;
    private final long total;
    private final long startNanos = System.nanoTime();
    private final boolean terminal;

    Progress(PrintStream out, long total, boolean terminal) {
        this.out = out;
        this.total = Math.max(1, total);
        this.terminal = terminal;
    }

    void update(long done) {
        String line = line(done, System.nanoTime() - startNanos);
        if (terminal) {
            out.print("\r" + line);
        } else {
            out.println(line);
        }
        out.flush();
    }

    void finish() {
        if (terminal) {
            out.println();
        }
    }

    String line(long done, long elapsedNanos) {
        double fraction = Math.min(1.0, (double) done / total);
        int width = 30;
        int filled = (int) Math.round(fraction * width);
        double seconds = Math.max(1e-3, elapsedNanos / 1e9);
        double rate = done / seconds;
        String eta = done == 0 ? "?" : formatSeconds((total - done) / Math.max(rate, 1e-9));
        return String.format(Locale.ROOT, "[%s%s] %3.0f%% %,d/%,d records  %,.0f rec/s  ETA %s", "#".repeat(filled),
                ".".repeat(width - filled), fraction * 100, done, total, rate, eta);
    }

    static String formatSeconds(double s) {
        long n = Math.round(s);
        return n < 60 ? n + "s" : n < 3600 ? (n / 60) + "m" + String.format(Locale.ROOT, "%02d", n % 60) + "s"
                : (n / 3600) + "h" + String.format(Locale.ROOT, "%02d", (n % 3600) / 60) + "m";
    }
}
