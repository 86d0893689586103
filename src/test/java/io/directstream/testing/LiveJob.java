package io.directstream.testing;

import io.directstream.cli.ExitCodes;
import io.directstream.config.JobConfig;
import io.directstream.job.StopMainAccess;
import io.directstream.local.SampleProducer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A job running in its own JVM on a fresh topic, with records optionally arriving all the time, for tests that stop,
 * disturb or race it: start it, act, then stop it (gracefully, through bin/stop's marker), drain and check.
 */
public final class LiveJob {
    public final String topic = SharedServices.unique("live");
    public final Map<String, String> props;
    public final JobConfig config;
    public final JobProcess job;
    private final AtomicBoolean producing = new AtomicBoolean(true);
    private final java.util.concurrent.atomic.AtomicLong produced = new java.util.concurrent.atomic.AtomicLong();
    private final java.util.concurrent.atomic.AtomicLong producerFailures = new java.util.concurrent.atomic.AtomicLong();
    private final Thread producer;

    /**
     * Creates the topic, produces {@code initialRecords}, then (if {@code keepProducing}) 200 more every 200 ms, and
     * starts the job at {@code ratePerPartition}; returns once {@code batches} batches are in the ledger.
     */
    public LiveJob(int partitions, long initialRecords, boolean keepProducing, int ratePerPartition, int batches) {
        this(partitions, initialRecords, keepProducing, ratePerPartition, batches, Map.of());
    }

    /** The same, with {@code extra} job settings. */
    public LiveJob(int partitions, long initialRecords, boolean keepProducing, int ratePerPartition, int batches,
                   Map<String, String> extra) {
        SharedServices.kafka().createTopic(topic, partitions);
        String bootstrap = SharedServices.kafka().bootstrapServers();
        SampleProducer.produce(bootstrap, List.of(topic), 0, initialRecords);
        props = SharedServices.jobConfig(topic, SharedServices.unique("group"), topic);
        props.put("job.stop.after.idle.batches", "0");
        props.put("stream.max.rate.per.partition", String.valueOf(ratePerPartition));
        props.putAll(extra);
        config = Jobs.config(props);
        produced.set(initialRecords);
        producer = new Thread(() -> {
            long n = initialRecords;
            while (keepProducing && producing.get()) {
                try {
                    SampleProducer.produce(bootstrap, List.of(topic), n, 200);
                    n += 200;
                    produced.set(n);
                    Thread.sleep(200);
                } catch (RuntimeException e) {
                    // the broker is being restarted by the test: counted, and the same chunk sent again
                    producerFailures.incrementAndGet();
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "live-job-producer");
        producer.start();
        job = JobProcess.start(topic, props, null);
        Jobs.await(batches + " batches in the ledger", Duration.ofSeconds(90), () -> {
            if (!job.isAlive()) {
                throw new AssertionError("the job exited:\n" + job.tail());
            }
            return Jobs.batches(config) >= batches;
        });
    }

    /** Records produced so far (the chunks the broker acknowledged). */
    public long produced() {
        return produced.get();
    }

    /** Chunks the broker refused (while a test had stopped it). */
    public long producerFailures() {
        return producerFailures.get();
    }

    public void stopProducing() throws InterruptedException {
        producing.set(false);
        producer.join();
    }

    /** bin/stop with {@code --wait}: returns its exit code. */
    public int requestStop() {
        List<String> args = new ArrayList<>();
        props.forEach((k, v) -> args.add(k + "=" + v));
        args.add("--wait");
        args.add("--timeout");
        args.add("90s");
        return StopMainAccess.run(args.toArray(new String[0]));
    }

    /** Stops producing and the job (if it still runs), drains the topic with a fresh run, checks the guarantee. */
    public void drainAndCheck() throws InterruptedException {
        stopProducing();
        if (job.isAlive()) {
            requestStop();
            int code = job.waitFor(Duration.ofSeconds(120));
            if (code != ExitCodes.OK) {
                throw new AssertionError("graceful stop ended with " + code + ":\n" + job.tail());
            }
        }
        Map<String, String> drain = new HashMap<>(props);
        drain.put("job.stop.after.idle.batches", "1");
        drain.put("stream.max.rate.per.partition", "10000");
        JobProcess last = JobProcess.start(topic + "-drain", drain, null);
        int code = last.waitFor(Duration.ofSeconds(180));
        if (code != ExitCodes.OK) {
            throw new AssertionError("the draining run ended with " + code + ":\n" + last.tail());
        }
        Jobs.assertGuarantee(config, Jobs.partitions(List.of(topic)), Map.of());
    }

    /** Kills the job if a failed test left it running. */
    public void cleanUp() {
        producing.set(false);
        if (job.isAlive()) {
            job.kill();
        }
    }
}
