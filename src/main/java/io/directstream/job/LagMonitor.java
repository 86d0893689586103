package io.directstream.job;

import io.directstream.source.KafkaAdmin;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Every few seconds, the records in Kafka beyond where the job's partitions stand, into {@link JobMetrics#lag()}. */
final class LagMonitor implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LagMonitor.class);

    private final KafkaAdmin admin;
    private final Supplier<Map<TopicPartition, Long>> positions;
    private final ScheduledExecutorService timer;

    LagMonitor(Map<String, Object> kafkaParams, Duration timeout, Supplier<Map<TopicPartition, Long>> positions,
               Duration every) {
        this.admin = new KafkaAdmin(kafkaParams, timeout);
        this.positions = positions;
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "lag-monitor");
            t.setDaemon(true);
            return t;
        });
        timer.scheduleWithFixedDelay(this::measure, 0, every.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void measure() {
        try {
            Map<TopicPartition, Long> at = positions.get();
            if (at.isEmpty()) {
                return;
            }
            long lag = 0;
            for (Map.Entry<TopicPartition, Long> e : admin.latest(at.keySet()).entrySet()) {
                lag += Math.max(0, e.getValue() - at.get(e.getKey()));
            }
            JobMetrics.get().lag.set(lag);
        } catch (RuntimeException e) {
            LOG.debug("lag not measured: {}", e.toString());
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
        admin.close();
    }
}
