package io.directstream.guarantee;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import io.directstream.cli.ExitCodes;
import io.directstream.config.JobConfig;
import io.directstream.local.SampleProducer;
import io.directstream.testing.JobProcess;
import io.directstream.testing.Jobs;
import io.directstream.testing.SharedServices;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.common.TopicPartition;
import org.junit.Test;

/**
 * At least 200,000 records, produced while the job runs; the job's JVM is killed with SIGKILL 10 times and restarted
 * each time: one kill in four at a random moment of start-up, the others at a random moment after the run's first
 * batch (batches, commits, idle time alike); what the job was doing at each kill is printed, and at least half must
 * land while batches run. A last run drains the topic. The guarantee must hold at the end. The seed is printed:
 * {@code -Dkill.seed=N} replays the same delays (not the same moments of the job's life, which depend on timing);
 * {@code -Dkill.count=N} and {@code -Dkill.records=N} make a larger run.
 */
public class RandomKillIT {
    private static final java.util.regex.Pattern BATCH_LINE = java.util.regex.Pattern.compile(
            "BatchLifecycle: batch \\S+ (#\\d+|idle) ");

    /** What the job was doing, from its log: start-up, waiting for its first batch, or running batches. */
    private static String phase(String log) {
        java.util.regex.Matcher m = BATCH_LINE.matcher(log);
        String last = null;
        int n = 0;
        while (m.find()) {
            last = m.group(1);
            n++;
        }
        if (last != null) {
            return "batches (" + n + " so far, the last " + last + ")";
        }
        return log.contains("Starting positions") ? "start-up, after the start table" : "start-up";
    }

    @Test
    public void theGuaranteeHoldsAfterRandomKills() throws Exception {
        long seed = Long.getLong("kill.seed", System.nanoTime());
        int kills = Integer.getInteger("kill.count", 10);
        long records = Long.getLong("kill.records", 200_000);
        System.out.println("RandomKillIT seed=" + seed + " kills=" + kills + " records=" + records
                + " (replay: -Dkill.seed=" + seed + ")");
        Random random = new Random(seed);

        String topic = SharedServices.unique("kill");
        SharedServices.kafka().createTopic(topic, 4);
        Map<String, String> props = SharedServices.jobConfig(topic, SharedServices.unique("group"), topic);
        props.put("job.stop.after.idle.batches", "0");
        props.put("stream.max.rate.per.partition", "1500");
        JobConfig config = Jobs.config(props);

        AtomicLong produced = new AtomicLong();
        Thread producer = new Thread(() -> {
            long chunk = 2000;
            while (produced.get() < records) {
                long n = Math.min(chunk, records - produced.get());
                SampleProducer.produce(SharedServices.kafka().bootstrapServers(), List.of(topic), produced.get(), n);
                produced.addAndGet(n);
                try {
                    Thread.sleep(900);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "kill-test-producer");
        producer.start();

        int done = 0;
        int duringBatches = 0;
        long[] recordedAtKill = new long[kills];
        while (done < kills) {
            JobProcess job = JobProcess.start(topic + "-" + done, props, null);
            // one kill in four aims at start-up (a delay from the JVM's start); the others at the running stream (a
            // delay after its first batch line), so that most kills land while batches are being processed
            boolean aimAtStartup = done % 4 == 0;
            long delayMs = aimAtStartup ? 1000 + random.nextInt(7000) : random.nextInt(8000);
            if (!aimAtStartup) {
                int run = done;
                Jobs.await("the first batch of run " + run, Duration.ofSeconds(120), () -> {
                    if (!job.isAlive()) {
                        throw new AssertionError("the job died by itself before kill " + run + ":\n" + job.tail());
                    }
                    return BATCH_LINE.matcher(job.log()).find();
                });
            }
            Thread.sleep(delayMs);
            if (!job.isAlive()) {
                throw new AssertionError("the job died by itself before kill " + done + ":\n" + job.tail());
            }
            String phase = phase(job.log());
            job.kill();
            duringBatches += phase.startsWith("batches") ? 1 : 0;
            recordedAtKill[done] = Jobs.ledger(config).records();
            System.out.printf("kill %d, %.1f s after %s, during %s: %d records produced, %d recorded in the ledger%n",
                    done + 1, delayMs / 1000.0, aimAtStartup ? "the JVM's start" : "the first batch", phase,
                    produced.get(), recordedAtKill[done]);
            done++;
        }
        assertTrue("at least half the kills landed while batches ran (" + duringBatches + " of " + kills + ")",
                duringBatches >= kills / 2);
        producer.join();

        Map<String, String> last = new java.util.HashMap<>(props);
        last.put("job.stop.after.idle.batches", "2");
        last.put("stream.max.rate.per.partition", "20000");
        JobProcess finalRun = JobProcess.start(topic + "-final", last, null);
        assertEquals(finalRun.tail(), ExitCodes.OK, finalRun.waitFor(Duration.ofMinutes(5)));

        List<TopicPartition> partitions = Jobs.partitions(List.of(topic));
        Jobs.assertGuarantee(config, partitions, Map.of());
        assertEquals(records, Jobs.ledger(config).records());
        assertTrue("the kills happened while the job was making progress: " + java.util.Arrays.toString(recordedAtKill),
                recordedAtKill[kills - 1] > recordedAtKill[0]);
        System.out.println("RandomKillIT: " + kills + " kills survived, " + records + " records verified exactly once (seed "
                + seed + ")");
    }
}
