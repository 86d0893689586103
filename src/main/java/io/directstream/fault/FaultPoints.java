package io.directstream.fault;

import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Test-only crash points in the batch lifecycle. Off unless the system property {@code directstream.fault} or the
 * environment variable {@code DIRECTSTREAM_FAULT} names a point, optionally with the ordinal of the batch (counting
 * batches with records in this run, from 1): {@code after-ledger-before-commit@3}. An armed point halts the JVM at once
 * ({@link Runtime#halt}: no shutdown hooks, no graceful anything), as {@code kill -9} would.
 */
public final class FaultPoints {
    /** Exit status of a halt at a fault point, so a test can tell it from other deaths. */
    public static final int HALT_STATUS = 99;
    private static final Logger LOG = LoggerFactory.getLogger(FaultPoints.class);

    /** Where in a batch's life the driver can be made to die. */
    public enum Point {
        /** Ranges known, nothing written yet. */
        BEFORE_PROCESSING("before-processing"),
        /** Some partitions' objects are complete, others in flight (halts in the first task that finishes). */
        AFTER_SOME_OBJECTS("after-some-objects"),
        /** A multipart upload has sent its first part and is not complete (halts in the task). */
        MID_UPLOAD("mid-upload"),
        /** Every object written, the ledger entry not. */
        AFTER_OBJECTS_BEFORE_LEDGER("after-objects-before-ledger"),
        /** The ledger entry written, the Kafka commit not queued. */
        AFTER_LEDGER_BEFORE_COMMIT("after-ledger-before-commit"),
        /** Kafka confirmed the batch's commit (its callback ran). */
        AFTER_COMMIT("after-commit"),
        /**
         * Not a halt: the first attempt of every task of the batch fails after its objects are complete (as when an
         * executor is lost after writing), so Spark retries it ({@code local[N,maxFailures]} with maxFailures > 1).
         */
        TASK_FAILS_AFTER_OBJECTS("task-fails-after-objects");

        private final String id;

        Point(String id) {
            this.id = id;
        }

        public String id() {
            return id;
        }

        static Point parse(String text) {
            for (Point p : values()) {
                if (p.id.equals(text.trim().toLowerCase(Locale.ROOT))) {
                    return p;
                }
            }
            throw new IllegalArgumentException("unknown fault point '" + text + "'");
        }
    }

    private static final Point ARMED;
    private static final int BATCH;

    static {
        String spec = System.getProperty("directstream.fault", System.getenv("DIRECTSTREAM_FAULT"));
        Point point = null;
        int batch = 1;
        if (spec != null && !spec.isBlank()) {
            int at = spec.indexOf('@');
            point = Point.parse(at < 0 ? spec : spec.substring(0, at));
            batch = at < 0 ? 1 : Integer.parseInt(spec.substring(at + 1).trim());
            LOG.warn("FAULT POINT ARMED: the JVM halts at {} of batch {} of this run (test use only)", point.id(), batch);
        }
        ARMED = point;
        BATCH = batch;
    }

    private FaultPoints() {
    }

    /** True when {@code point} is armed for the run's {@code batchOrdinal}-th batch with records. */
    public static boolean armed(Point point, long batchOrdinal) {
        return ARMED == point && BATCH == batchOrdinal;
    }

    /** Halts the JVM if {@code point} is armed for this batch. */
    public static void reach(Point point, long batchOrdinal) {
        if (armed(point, batchOrdinal)) {
            halt(point);
        }
    }

    public static void halt(Point point) {
        System.err.println("FAULT POINT " + point.id() + " reached: halting the JVM");
        System.err.flush();
        Runtime.getRuntime().halt(HALT_STATUS);
    }
}
