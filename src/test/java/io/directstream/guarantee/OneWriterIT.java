package io.directstream.guarantee;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import io.directstream.cli.ExitCodes;
import io.directstream.job.DirectStreamJob;
import io.directstream.ledger.LedgerStore;
import io.directstream.ledger.OutputLease;
import io.directstream.local.SampleProducer;
import io.directstream.source.SourceUnavailableException;
import io.directstream.storage.S3ObjectStore;
import io.directstream.storage.UnavailableException;
import io.directstream.testing.Jobs;
import io.directstream.testing.LiveJob;
import io.directstream.testing.SharedServices;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.Test;

/**
 * One writer per output location and per consumer group: a second instance is refused while the first runs, and an
 * instance that paused until its lease expired and was taken over writes nothing more when it resumes. The output
 * stays exactly once.
 */
public class OneWriterIT {
    private static LiveJob first() {
        return new LiveJob(2, 3000, false, 100, 1);
    }

    @Test
    public void aSecondInstanceOnTheSameOutputIsRefused() throws Exception {
        LiveJob first = first();
        try {
            Map<String, String> second = new HashMap<>(first.props);
            second.put("job.lease.wait", "3s");
            second.put("kafka.group.id", SharedServices.unique("other-group"));
            UnavailableException e = assertThrows(UnavailableException.class,
                    () -> new DirectStreamJob(Jobs.config(second)).run());
            assertTrue(e.getMessage(), e.getMessage().startsWith("Another instance of the job holds the output location: run "));
            assertTrue("the first runs on", first.job.isAlive());
            first.drainAndCheck();
        } finally {
            first.cleanUp();
        }
    }

    @Test
    public void aSecondInstanceOnTheSameGroupIsRefused() throws Exception {
        LiveJob first = first();
        try {
            Map<String, String> second = new HashMap<>(first.props);
            second.put("output.location", "s3://" + SharedServices.BUCKET + "/" + SharedServices.unique("elsewhere"));
            SourceUnavailableException e = assertThrows(SourceUnavailableException.class,
                    () -> new DirectStreamJob(Jobs.config(second)).run());
            assertTrue(e.getMessage(), e.getMessage().contains("still has active members"));
            assertTrue("the first runs on", first.job.isAlive());
            first.drainAndCheck();
        } finally {
            first.cleanUp();
        }
    }

    /** {@code kill -STOP} or {@code -CONT}: a driver that pauses (a long GC, a frozen VM) and resumes. */
    private static void signal(long pid, String sig) throws Exception {
        Process p = new ProcessBuilder("kill", "-" + sig, String.valueOf(pid)).inheritIO().start();
        assertEquals(0, p.waitFor());
    }

    private static Map<String, String> objects(LiveJob live) {
        var s3 = SharedServices.s3().client();
        try {
            Map<String, String> m = new java.util.TreeMap<>();
            String prefix = live.config.output().key("");
            for (var o : s3.listObjectsV2(live.config.output().bucket(), prefix).getObjectSummaries()) {
                if (!o.getKey().startsWith(prefix + "_ledger/lease")) {
                    m.put(o.getKey(), o.getETag());
                }
            }
            return m;
        } finally {
            s3.shutdown();
        }
    }

    @Test
    public void aPausedInstanceWhoseLeaseExpiredAndWasTakenOverWritesNothingMore() throws Exception {
        // the holder gives up 20/2 - 2 = 8 s after its last renewal; others may take over 20 s after it
        LiveJob first = new LiveJob(2, 3000, false, 1000, 1, Map.of("job.lease.timeout", "20s", "s3.retry.budget", "2s"));
        try {
            Jobs.await("the first records archived", Duration.ofSeconds(60),
                    () -> Jobs.ledger(first.config).records() == 3000);
            Map<String, String> before = objects(first);
            long sequence = Jobs.ledger(first.config).lastSequence();
            var s3 = SharedServices.s3().client();
            OutputLease newer;
            try {
                LedgerStore store = new LedgerStore(s3, first.config.output());
                signal(first.job.pid(), "STOP");
                // a newer instance takes the lease once it has expired, as it would after the driver froze
                newer = new OutputLease(new S3ObjectStore(s3, SharedServices.BUCKET), store.leaseKey(), "newer-instance",
                        "test", Duration.ofSeconds(20), Duration.ofSeconds(2));
                assertTrue("taken over from the paused holder", newer.acquire(Duration.ofSeconds(60)).isPresent());
                SampleProducer.produce(SharedServices.kafka().bootstrapServers(), List.of(first.topic), 3000, 500);
                signal(first.job.pid(), "CONT");
                assertEquals(first.job.tail(), ExitCodes.FAILED, first.job.waitFor(Duration.ofSeconds(90)));
                assertTrue(first.job.tail(), first.job.log().contains("gives up after 8 s")
                        || first.job.log().contains("fenced"));
                assertEquals("the paused instance recorded nothing after the takeover", sequence,
                        Jobs.ledger(first.config).lastSequence());
                assertEquals("and wrote no object", before, objects(first));
                newer.release();
            } finally {
                s3.shutdown();
            }
            first.drainAndCheck();
        } finally {
            first.cleanUp();
        }
    }
}
