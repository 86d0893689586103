package io.directstream.guarantee;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import io.directstream.cli.ExitCodes;
import io.directstream.testing.Jobs;
import io.directstream.testing.LiveJob;
import io.directstream.testing.SharedServices;
import java.time.Duration;
import java.util.Map;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;

/**
 * S3 and Kafka going away while the job runs and records keep arriving. Each outage has its settings pinned so that it
 * has one expected outcome: the job rides through an outage shorter than its retry budget and timeouts, and fails
 * cleanly (exit 1, nothing lost) on one longer than them; after a restart that drains the topic the guarantee holds.
 *
 * <p>These tests stop and freeze the broker and the S3 server, so they run against services of their own: a slow
 * restart cannot break the test classes that run after them.
 */
public class OutageIT {
    @BeforeClass
    public static void ownServices() {
        SharedServices.useOwnServices("outage");
    }

    @AfterClass
    public static void sharedServices() {
        SharedServices.restoreShared();
    }

    /** Waits for two more batches in the ledger; the job must still run. */
    private static void ridesThrough(LiveJob live, String what) {
        long before = Jobs.batches(live.config);
        Jobs.await("two batches after " + what, Duration.ofSeconds(120), () -> {
            if (!live.job.isAlive()) {
                throw new AssertionError("the job did not ride through " + what + ":\n" + live.job.tail());
            }
            return Jobs.batches(live.config) >= before + 2;
        });
    }

    private static void freeze(long pid, boolean frozen) throws Exception {
        Process p = new ProcessBuilder("kill", frozen ? "-STOP" : "-CONT", String.valueOf(pid)).inheritIO().start();
        assertEquals(0, p.waitFor());
    }

    @Test
    public void s3StoppedForThirtySecondsIsRiddenThrough() throws Exception {
        // a 2 minute retry budget covers the outage (30 s) plus the S3 server's restart, however slow; the lease gives
        // a holder 10/2 - 2 = 3 minutes, so it is still held when S3 is back
        LiveJob live = new LiveJob(2, 2000, true, 300, 2,
                Map.of("s3.retry.budget", "2m", "job.lease.timeout", "10m"));
        try {
            long produced = live.produced();
            SharedServices.s3().stopProcess();
            Thread.sleep(30_000); // the outage itself: a set length, not a condition
            SharedServices.s3().startProcess();
            ridesThrough(live, "the S3 outage");
            assertTrue("records kept arriving during the outage", live.produced() > produced + 1000);
            live.drainAndCheck();
        } finally {
            live.cleanUp();
        }
    }

    @Test
    public void kafkaBrokerRestartedIsRiddenThrough() throws Exception {
        // with the defaults, the executors poll for up to spark.network.timeout (120 s) and the driver waits up to
        // default.api.timeout.ms (60 s): a broker back within seconds is ridden through
        LiveJob live = new LiveJob(2, 2000, true, 300, 2);
        try {
            SharedServices.kafka().stopProcess();
            Thread.sleep(5_000); // the outage itself
            SharedServices.kafka().startProcess();
            ridesThrough(live, "the broker restart");
            long produced = live.produced();
            Jobs.await("records arriving again", Duration.ofSeconds(60), () -> live.produced() > produced);
            live.drainAndCheck();
        } finally {
            live.cleanUp();
        }
    }

    @Test
    public void kafkaBrokerFrozenLongerThanTheTimeoutsFailsCleanly() throws Exception {
        // the executors give up polling after 1 s and the driver after 5 s; the broker stays frozen until one of them
        // has failed the job
        LiveJob live = new LiveJob(2, 2000, true, 300, 2,
                Map.of("spark.streaming.kafka.consumer.poll.ms", "1000", "kafka.default.api.timeout.ms", "5000"));
        try {
            freeze(SharedServices.kafka().pid(), true);
            try {
                // the failure itself: an executor's poll or the driver's offset lookup gives up while the broker is
                // frozen (stopping the job may then wait for the broker, so it is thawed before the exit is awaited)
                Jobs.await("the batch failure", Duration.ofSeconds(90), () -> {
                    String log = live.job.log();
                    return log.contains("failed; no later batch will run") || log.contains("Error generating jobs");
                });
            } finally {
                freeze(SharedServices.kafka().pid(), false);
            }
            assertEquals(live.job.tail(), ExitCodes.FAILED, live.job.waitFor(Duration.ofSeconds(120)));
            assertTrue(live.job.tail(), live.job.log().contains("Restart the job: it resumes from the ledger"));
            live.drainAndCheck();
        } finally {
            live.cleanUp();
        }
    }
}
