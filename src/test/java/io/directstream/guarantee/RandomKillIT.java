package io.directstream.guarantee;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import io.directstream.config.JobConfig;
import io.directstream.job.ExitCodes;
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
 * At least 200,000 records, produced while the job runs; the job's JVM is killed with SIGKILL at random moments
 * (start-up, batches, commits, idle time alike) at least 10 times and restarted each time; a last run drains the
 * topic. The guarantee must hold at the end. The seed is printed: {@code -Dkill.seed=N} replays the same kill times,
 * {@code -Dkill.count=N} and {@code -Dkill.records=N} make a larger run.
 */
public class RandomKillIT {
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
        long[] recordedAtKill = new long[kills];
        while (done < kills) {
            JobProcess job = JobProcess.start(topic + "-" + done, props, null);
            long lifeMs = 3000 + random.nextInt(15_000);
            Thread.sleep(lifeMs);
            if (!job.isAlive()) {
                throw new AssertionError("the job died by itself before kill " + done + ":\n" + job.tail());
            }
            job.kill();
            recordedAtKill[done] = Jobs.ledger(config).records();
            System.out.printf("kill %d after %.1f s: %d records produced, %d recorded in the ledger%n", done + 1,
                    lifeMs / 1000.0, produced.get(), recordedAtKill[done]);
            done++;
        }
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
