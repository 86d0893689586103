package io.directstream.guarantee;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import io.directstream.config.JobConfig;
import io.directstream.job.ExitCodes;
import io.directstream.job.StopMainAccess;
import io.directstream.local.SampleProducer;
import io.directstream.testing.JobProcess;
import io.directstream.testing.Jobs;
import io.directstream.testing.SharedServices;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.Test;

/**
 * The S3 server stopped for 30 s, and the Kafka broker restarted, while the job runs and records keep arriving. The
 * job rides through (retries with backoff) or fails cleanly; after a restart that drains the topic the guarantee holds.
 */
public class OutageIT {
    private static final class Run {
        final String topic = SharedServices.unique("outage");
        final Map<String, String> props;
        final JobConfig config;
        final AtomicBoolean producing = new AtomicBoolean(true);
        final Thread producer;
        final JobProcess job;

        Run() {
            SharedServices.kafka().createTopic(topic, 2);
            props = SharedServices.jobConfig(topic, SharedServices.unique("group"), topic);
            props.put("job.stop.after.idle.batches", "0");
            props.put("stream.max.rate.per.partition", "300");
            config = Jobs.config(props);
            producer = new Thread(() -> {
                long n = 0;
                while (producing.get()) {
                    try {
                        SampleProducer.produce(SharedServices.kafka().bootstrapServers(), List.of(topic), n, 200);
                        n += 200;
                        Thread.sleep(200);
                    } catch (RuntimeException e) {
                        // the broker is restarting: the sample producer retries by itself, a failed chunk is skipped
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            });
            producer.start();
            job = JobProcess.start(topic, props, null);
            Jobs.await("two batches", Duration.ofSeconds(60), () -> Jobs.ledger(config).lastSequence() >= 2);
        }

        /** Stops producing, stops the job (gracefully if it still runs), drains, checks the guarantee. */
        String finish() throws Exception {
            try {
                return finishOrFail();
            } finally {
                producing.set(false);
                if (job.isAlive()) {
                    job.kill();
                }
            }
        }

        private String finishOrFail() throws Exception {
            String outcome;
            if (job.isAlive()) {
                long before = Jobs.ledger(config).lastSequence();
                Jobs.await("batches after the outage", Duration.ofSeconds(90),
                        () -> !job.isAlive() || Jobs.ledger(config).lastSequence() > before + 1);
            }
            producing.set(false);
            producer.join();
            if (job.isAlive()) {
                List<String> args = new ArrayList<>();
                props.forEach((k, v) -> args.add(k + "=" + v));
                StopMainAccess.run(args.toArray(new String[0]));
                assertEquals(job.tail(), ExitCodes.OK, job.waitFor(Duration.ofSeconds(120)));
                outcome = "rode through";
            } else {
                assertEquals(job.tail(), ExitCodes.FAILED, job.waitFor(Duration.ofSeconds(5)));
                outcome = "failed cleanly";
            }
            Map<String, String> drain = new HashMap<>(props);
            drain.put("job.stop.after.idle.batches", "1");
            drain.put("stream.max.rate.per.partition", "10000");
            JobProcess last = JobProcess.start(topic + "-drain", drain, null);
            assertEquals(last.tail(), ExitCodes.OK, last.waitFor(Duration.ofSeconds(180)));
            Jobs.assertGuarantee(config, Jobs.partitions(List.of(topic)), Map.of());
            System.out.println("OutageIT " + topic + ": the job " + outcome);
            return outcome;
        }
    }

    @Test
    public void s3StoppedForThirtySeconds() throws Exception {
        Run run = new Run();
        SharedServices.s3().stopProcess();
        Thread.sleep(30_000);
        SharedServices.s3().startProcess();
        assertEquals("S3 retries (about a minute with the defaults) ride through a 30 s outage", "rode through", run.finish());
        assertTrue(run.job.log().contains("batch "));
    }

    @Test
    public void kafkaBrokerRestarted() throws Exception {
        Run run = new Run();
        SharedServices.kafka().stopProcess();
        Thread.sleep(5_000);
        SharedServices.kafka().startProcess();
        String outcome = run.finish();
        assertTrue(outcome, outcome.equals("rode through") || outcome.equals("failed cleanly"));
    }
}
