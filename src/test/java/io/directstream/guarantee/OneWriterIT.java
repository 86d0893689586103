package io.directstream.guarantee;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import io.directstream.job.DirectStreamJob;
import io.directstream.job.ExitCodes;
import io.directstream.ledger.LedgerStore;
import io.directstream.storage.ObjectStore;
import io.directstream.storage.S3ObjectStore;
import io.directstream.source.SourceUnavailableException;
import io.directstream.testing.Jobs;
import io.directstream.testing.LiveJob;
import io.directstream.testing.SharedServices;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.Test;

/**
 * One writer per output location and per consumer group: a second instance is refused while the first runs, and an
 * instance whose lease was taken over is fenced (it records nothing more). The output stays exactly once.
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
            SourceUnavailableException e = assertThrows(SourceUnavailableException.class,
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

    @Test
    public void anInstanceWhoseLeaseWasTakenOverIsFenced() throws Exception {
        LiveJob first = first();
        try {
            // what a newer instance does when it takes the lease: replace it with its own run
            var s3 = SharedServices.s3().client();
            try {
                String key = new LedgerStore(s3, first.config.output()).leaseKey();
                new S3ObjectStore(s3, SharedServices.BUCKET).put(key, ("{\"runId\":\"newer-instance\",\"host\":\"elsewhere\","
                        + "\"pid\":1,\"renewedAtMs\":" + System.currentTimeMillis() + ",\"ttlMs\":1,\"released\":false}")
                        .getBytes(StandardCharsets.UTF_8));
            } finally {
                s3.shutdown();
            }
            assertEquals(first.job.tail(), ExitCodes.FAILED, first.job.waitFor(Duration.ofSeconds(90)));
            assertTrue(first.job.tail(), first.job.log().contains("fenced"));
            first.drainAndCheck();
        } finally {
            first.cleanUp();
        }
    }
}
