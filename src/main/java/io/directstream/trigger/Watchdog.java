package io.directstream.trigger;

import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Bounds a unit of trigger work: the thread running it is interrupted when the unit outlives its timeout, and the
 * unit counts as timed out even if it then returns. One daemon thread per JVM; the interrupt can never reach the
 * thread after its unit ended (a unit's end and its deadline race for one flag).
 */
final class Watchdog {
    private static final ScheduledThreadPoolExecutor TIMER = timer();

    private Watchdog() {
    }

    /** One unit's watch: {@link #end()} says whether it ended in time. */
    static final class Watch {
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final ScheduledFuture<?> deadline;

        private Watch(Thread worker, Duration timeout) {
            this.deadline = TIMER.schedule(() -> {
                if (running.compareAndSet(true, false)) {
                    worker.interrupt();
                }
            }, timeout.toNanos(), TimeUnit.NANOSECONDS);
        }

        /** Ends the watch; false when the deadline came first (then the interrupt it sent is cleared). */
        boolean end() {
            if (running.compareAndSet(true, false)) {
                deadline.cancel(false);
                return true;
            }
            Thread.interrupted();
            return false;
        }
    }

    /** Starts watching the calling thread. */
    static Watch start(Duration timeout) {
        return new Watch(Thread.currentThread(), timeout);
    }

    private static ScheduledThreadPoolExecutor timer() {
        ScheduledThreadPoolExecutor t = new ScheduledThreadPoolExecutor(1, r -> {
            Thread th = new Thread(r, "trigger-watchdog");
            th.setDaemon(true);
            return th;
        });
        t.setRemoveOnCancelPolicy(true);
        return t;
    }
}
