package io.directstream.guarantee;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import io.directstream.config.JobConfig;
import io.directstream.job.DirectStreamJob;
import io.directstream.job.ExitCodes;
import io.directstream.job.StopMainAccess;
import io.directstream.ledger.LedgerStore;
import io.directstream.local.SampleProducer;
import io.directstream.sink.S3Objects;
import io.directstream.source.SourceUnavailableException;
import io.directstream.testing.JobProcess;
import io.directstream.testing.Jobs;
import io.directstream.testing.SharedServices;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.Test;

/**
 * One writer per output location and per consumer group: a second instance is refused while the first runs, and an
 * instance whose lease was taken over is fenced (it records nothing more). The output stays exactly once.
 */
public class OneWriterIT {
    private static final class First {
        final String topic = SharedServices.unique("writer");
        final Map<String, String> props;
        final JobConfig config;
        final JobProcess job;

        First() {
            SharedServices.kafka().createTopic(topic, 2);
            SampleProducer.produce(SharedServices.kafka().bootstrapServers(), List.of(topic), 0, 3000);
            props = SharedServices.jobConfig(topic, SharedServices.unique("group"), topic);
            props.put("job.stop.after.idle.batches", "0");
            props.put("stream.max.rate.per.partition", "100");
            config = Jobs.config(props);
            job = JobProcess.start(topic, props, null);
            Jobs.await("a batch", Duration.ofSeconds(60), () -> Jobs.ledger(config).lastSequence() >= 1);
        }

        void stopAndCheck() {
            if (job.isAlive()) {
                List<String> args = new ArrayList<>();
                props.forEach((k, v) -> args.add(k + "=" + v));
                StopMainAccess.run(args.toArray(new String[0]));
                assertEquals(job.tail(), ExitCodes.OK, job.waitFor(Duration.ofSeconds(120)));
            }
            Map<String, String> drain = new HashMap<>(props);
            drain.put("job.stop.after.idle.batches", "1");
            drain.put("stream.max.rate.per.partition", "10000");
            assertEquals(ExitCodes.OK, Jobs.run(drain).exitCode());
            Jobs.assertGuarantee(config, Jobs.partitions(List.of(topic)), Map.of());
        }
    }

    @Test
    public void aSecondInstanceOnTheSameOutputIsRefused() {
        First first = new First();
        Map<String, String> second = new HashMap<>(first.props);
        second.put("job.lease.wait", "3s");
        second.put("kafka.group.id", SharedServices.unique("other-group"));
        SourceUnavailableException e = assertThrows(SourceUnavailableException.class,
                () -> new DirectStreamJob(Jobs.config(second)).run());
        assertTrue(e.getMessage(), e.getMessage().startsWith("Another instance of the job holds the output location: run "));
        assertTrue("the first runs on", first.job.isAlive());
        first.stopAndCheck();
    }

    @Test
    public void aSecondInstanceOnTheSameGroupIsRefused() {
        First first = new First();
        Map<String, String> second = new HashMap<>(first.props);
        second.put("output.location", "s3://" + SharedServices.BUCKET + "/" + SharedServices.unique("elsewhere"));
        SourceUnavailableException e = assertThrows(SourceUnavailableException.class,
                () -> new DirectStreamJob(Jobs.config(second)).run());
        assertTrue(e.getMessage(), e.getMessage().contains("still has active members"));
        assertTrue("the first runs on", first.job.isAlive());
        first.stopAndCheck();
    }

    @Test
    public void anInstanceWhoseLeaseWasTakenOverIsFenced() {
        First first = new First();
        // what a newer instance does when it takes the lease: overwrite it with its own run
        var s3 = SharedServices.s3().client();
        try {
            String key = new LedgerStore(s3, first.config.output()).leaseKey();
            new S3Objects(s3, SharedServices.BUCKET).put(key, ("{\"runId\":\"newer-instance\",\"host\":\"elsewhere\","
                    + "\"pid\":1,\"renewedAtMs\":" + System.currentTimeMillis() + ",\"ttlMs\":1,\"released\":false}")
                    .getBytes(StandardCharsets.UTF_8));
        } finally {
            s3.shutdown();
        }
        assertEquals(first.job.tail(), ExitCodes.FAILED, first.job.waitFor(Duration.ofSeconds(90)));
        assertTrue(first.job.tail(), first.job.log().contains("fenced"));
        first.stopAndCheck();
    }
}
