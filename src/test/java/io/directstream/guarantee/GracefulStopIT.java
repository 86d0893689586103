package io.directstream.guarantee;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import io.directstream.config.JobConfig;
import io.directstream.job.ExitCodes;
import io.directstream.ledger.LedgerState;
import io.directstream.local.SampleProducer;
import io.directstream.testing.JobProcess;
import io.directstream.testing.Jobs;
import io.directstream.testing.SharedServices;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.common.TopicPartition;
import org.junit.Test;

/**
 * A graceful stop, by bin/stop's marker or by SIGTERM, while records keep arriving: the running batch finishes, is
 * recorded, and the group's committed offsets equal the ledger's end right after the exit (the integration alone would
 * leave the last batch uncommitted: SPARK-20050).
 */
public class GracefulStopIT {
    private static final class Running {
        final String topic = SharedServices.unique("stop");
        final Map<String, String> props;
        final JobConfig config;
        final AtomicBoolean producing = new AtomicBoolean(true);
        final Thread producer;
        final JobProcess job;

        Running() {
            SharedServices.kafka().createTopic(topic, 3);
            props = SharedServices.jobConfig(topic, SharedServices.unique("group"), topic);
            props.put("job.stop.after.idle.batches", "0");
            props.put("stream.max.rate.per.partition", "400");
            config = Jobs.config(props);
            producer = new Thread(() -> {
                long n = 0;
                while (producing.get()) {
                    SampleProducer.produce(SharedServices.kafka().bootstrapServers(), List.of(topic), n, 500);
                    n += 500;
                }
            });
            producer.start();
            job = JobProcess.start(topic, props, null);
            job.awaitLog("batch ", Duration.ofSeconds(60));
            Jobs.await("three batches recorded", Duration.ofSeconds(60), () -> Jobs.ledger(config).lastSequence() >= 3);
        }

        /** After the exit: committed == ledger end, and what the ledger covers is archived exactly once. */
        void check() throws InterruptedException {
            List<TopicPartition> partitions = Jobs.partitions(List.of(topic));
            LedgerState ledger = Jobs.ledger(config);
            try (var admin = Jobs.admin(config.groupId())) {
                Map<TopicPartition, Long> committed = admin.committed(partitions);
                assertEquals("committed offsets equal the ledger's end right after the exit", ledger.endOffsets(), committed);
            }
            producing.set(false);
            producer.join();
            var report = Jobs.verify(config, partitions, Map.of(), ledger.endOffsets());
            assertTrue(report.toString(), report.problems().isEmpty());
            assertEquals(report.expected(), report.archived());
            assertEquals(ledger.records(), report.archived());
            assertEquals(io.directstream.ledger.LedgerEntry.Type.COMMIT, lastEntryType());
        }

        io.directstream.ledger.LedgerEntry.Type lastEntryType() {
            var s3 = SharedServices.s3().client();
            try {
                List<io.directstream.ledger.LedgerEntry> all = new ArrayList<>();
                new io.directstream.ledger.LedgerStore(s3, config.output()).entries(0).forEachRemaining(all::add);
                return all.get(all.size() - 1).type();
            } finally {
                s3.shutdown();
            }
        }
    }

    @Test
    public void stopMarkerFromBinStop() throws Exception {
        Running r = new Running();
        List<String> args = new ArrayList<>();
        r.props.forEach((k, v) -> args.add(k + "=" + v));
        args.add("--wait");
        args.add("--timeout");
        args.add("90s");
        assertEquals(ExitCodes.OK, io.directstream.job.StopMainAccess.run(args.toArray(new String[0])));
        assertEquals(r.job.tail(), ExitCodes.OK, r.job.waitFor(Duration.ofSeconds(60)));
        assertTrue(r.job.log().contains("Stopping gracefully (stop marker"));
        r.check();
    }

    @Test
    public void sigterm() throws Exception {
        Running r = new Running();
        int code = r.job.terminate(Duration.ofSeconds(120));
        assertEquals("the JVM exits as a SIGTERM'd JVM does\n" + r.job.tail(), 143, code);
        assertTrue(r.job.tail(), r.job.log().contains("Stopping gracefully (SIGTERM"));
        assertTrue(r.job.tail(), r.job.log().contains("Final commit: group"));
        r.check();
    }
}
