package io.directstream.guarantee;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import io.directstream.cli.ExitCodes;
import io.directstream.ledger.LedgerEntry;
import io.directstream.ledger.LedgerState;
import io.directstream.ledger.LedgerStore;
import io.directstream.testing.Jobs;
import io.directstream.testing.LiveJob;
import io.directstream.testing.SharedServices;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;
import org.junit.Test;

/**
 * A graceful stop, by bin/stop's marker or by SIGTERM, while records keep arriving: the running batch finishes, is
 * recorded, and the group's committed offsets equal the ledger's end right after the exit (the integration alone would
 * leave the last batch uncommitted: SPARK-20050).
 */
public class GracefulStopIT {
    /** After the exit: committed == ledger end, a commit entry closes the ledger, the ledger's ranges exactly once. */
    private static void check(LiveJob live) throws InterruptedException {
        List<TopicPartition> partitions = Jobs.partitions(List.of(live.topic));
        LedgerState ledger = Jobs.ledger(live.config);
        try (var admin = Jobs.admin(live.config.groupId())) {
            assertEquals("committed offsets equal the ledger's end right after the exit", ledger.endOffsets(),
                    admin.committed(partitions));
        }
        List<LedgerEntry> entries = Jobs.entries(live.config);
        assertEquals(LedgerEntry.Type.COMMIT, entries.get(entries.size() - 1).type());
        live.stopProducing();
        var report = Jobs.verify(live.config, partitions, Map.of(), ledger.endOffsets());
        assertTrue(report.toString(), report.problems().isEmpty());
        assertEquals(ledger.records(), report.expected());
        assertEquals(ledger.records(), report.archived());
    }

    @Test
    public void stopMarkerFromBinStop() throws Exception {
        LiveJob live = new LiveJob(3, 0, true, 400, 3);
        try {
            assertEquals(ExitCodes.OK, live.requestStop());
            assertEquals(live.job.tail(), ExitCodes.OK, live.job.waitFor(Duration.ofSeconds(60)));
            assertTrue(live.job.log().contains("Stopping gracefully (stop marker"));
            check(live);
            // asked again once the job has stopped: it says so, and leaves no marker that would stop the next start
            List<String> args = new java.util.ArrayList<>();
            live.props.forEach((k, v) -> args.add(k + "=" + v));
            args.add("--wait");
            Object[] again = io.directstream.testing.Capture.stdout(
                    () -> io.directstream.job.StopMainAccess.run(args.toArray(new String[0])));
            assertEquals(ExitCodes.OK, again[0]);
            assertTrue((String) again[1], ((String) again[1]).contains("no job is running at " + live.config.output()
                    + " (its lease was released: it stopped): nothing to stop"));
            var s3 = SharedServices.s3().client();
            try {
                assertTrue("no stop marker left", !s3.doesObjectExist(live.config.output().bucket(),
                        live.config.output().key("_control/stop")));
            } finally {
                s3.shutdown();
            }
        } finally {
            live.cleanUp();
        }
    }

    @Test
    public void sigterm() throws Exception {
        LiveJob live = new LiveJob(3, 0, true, 400, 3);
        try {
            int code = live.job.terminate(Duration.ofSeconds(120));
            assertEquals("the JVM exits as a SIGTERM'd JVM does\n" + live.job.tail(), 143, code);
            assertTrue(live.job.tail(), live.job.log().contains("Stopping gracefully (SIGTERM"));
            assertTrue(live.job.tail(), live.job.log().contains("Final commit: group"));
            check(live);
        } finally {
            live.cleanUp();
        }
    }
}
