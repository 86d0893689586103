package io.directstream.job;

import java.time.Instant;
import java.util.Locale;

/** The one summary line each batch prints. */
final class BatchReport {
    private BatchReport() {
    }

    static String line(long batchTimeMs, long sequence, long records, int partitionsWithData, int partitions,
                       long bytes, long processingMs, String commit) {
        return String.format(Locale.ROOT, "batch %s %s records=%d partitions=%d/%d bytes=%s processing=%dms %s",
                Instant.ofEpochMilli(batchTimeMs), sequence > 0 ? "#" + sequence : "idle", records, partitionsWithData,
                partitions, bytes(bytes), processingMs, commit);
    }

    static String bytes(long n) {
        if (n < 1024) {
            return n + "B";
        }
        if (n < 1024 * 1024) {
            return String.format(Locale.ROOT, "%.1fKiB", n / 1024.0);
        }
        if (n < 1024L * 1024 * 1024) {
            return String.format(Locale.ROOT, "%.1fMiB", n / (1024.0 * 1024));
        }
        return String.format(Locale.ROOT, "%.2fGiB", n / (1024.0 * 1024 * 1024));
    }
}
