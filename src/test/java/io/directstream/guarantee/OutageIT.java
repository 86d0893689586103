package io.directstream.guarantee;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import io.directstream.job.ExitCodes;
import io.directstream.testing.Jobs;
import io.directstream.testing.LiveJob;
import io.directstream.testing.SharedServices;
import java.time.Duration;
import org.junit.Test;

/**
 * The S3 server stopped for 30 s, and the Kafka broker restarted, while the job runs and records keep arriving. The
 * job rides through (retries with backoff) or fails cleanly; after a restart that drains the topic the guarantee holds.
 */
public class OutageIT {
    /** Waits to see the job go on after the outage (or end); drains; returns what the job did. */
    private static String outcome(LiveJob live) throws InterruptedException {
        long before = Jobs.ledger(live.config).lastSequence();
        Jobs.await("batches after the outage", Duration.ofSeconds(90),
                () -> !live.job.isAlive() || Jobs.ledger(live.config).lastSequence() > before + 1);
        String outcome;
        if (live.job.isAlive()) {
            outcome = "rode through";
        } else {
            assertEquals(live.job.tail(), ExitCodes.FAILED, live.job.waitFor(Duration.ofSeconds(5)));
            outcome = "failed cleanly";
        }
        live.drainAndCheck();
        System.out.println("OutageIT " + live.topic + ": the job " + outcome);
        return outcome;
    }

    @Test
    public void s3StoppedForThirtySeconds() throws Exception {
        LiveJob live = new LiveJob(2, 2000, true, 300, 2);
        try {
            SharedServices.s3().stopProcess();
            Thread.sleep(30_000);
            SharedServices.s3().startProcess();
            assertEquals("S3 retries (about a minute with the defaults) ride through a 30 s outage", "rode through",
                    outcome(live));
        } finally {
            live.cleanUp();
        }
    }

    @Test
    public void kafkaBrokerRestarted() throws Exception {
        LiveJob live = new LiveJob(2, 2000, true, 300, 2);
        try {
            SharedServices.kafka().stopProcess();
            Thread.sleep(5_000);
            SharedServices.kafka().startProcess();
            String outcome = outcome(live);
            assertTrue(outcome, outcome.equals("rode through") || outcome.equals("failed cleanly"));
        } finally {
            live.cleanUp();
        }
    }
}
