package io.directstream.job;

import com.codahale.metrics.Counter;
import com.codahale.metrics.Gauge;
import com.codahale.metrics.MetricRegistry;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The job's batch metrics, kept by the driver and exposed through Spark's metrics system by {@link JobMetricsPlugin}
 * (so the Spark UI's REST API, JMX or a Prometheus servlet sink show them). One instance per JVM: the running job's.
 */
public final class JobMetrics {
    private static final JobMetrics INSTANCE = new JobMetrics();

    final Counter batches = new Counter();
    final Counter idleBatches = new Counter();
    final Counter records = new Counter();
    final Counter bytes = new Counter();
    final Counter deadLetters = new Counter();
    final Counter commitFailures = new Counter();
    final AtomicLong lastBatchRecords = new AtomicLong();
    final AtomicLong lastBatchProcessingMs = new AtomicLong();
    final AtomicLong schedulingDelayMs = new AtomicLong();
    final AtomicLong processingDelayMs = new AtomicLong();
    final AtomicLong totalDelayMs = new AtomicLong();
    final AtomicLong lag = new AtomicLong(-1);
    final AtomicLong ledgerSequence = new AtomicLong();
    final AtomicLong commitConfirmedThrough = new AtomicLong();

    private JobMetrics() {
    }

    public static JobMetrics get() {
        return INSTANCE;
    }

    /** Registers every metric under its name in Spark's registry for the plugin's source. */
    void register(MetricRegistry r) {
        r.register("batches", batches);
        r.register("idleBatches", idleBatches);
        r.register("records", records);
        r.register("bytes", bytes);
        r.register("deadLetters", deadLetters);
        r.register("commitFailures", commitFailures);
        r.register("lastBatchRecords", (Gauge<Long>) lastBatchRecords::get);
        r.register("lastBatchProcessingMs", (Gauge<Long>) lastBatchProcessingMs::get);
        r.register("schedulingDelayMs", (Gauge<Long>) schedulingDelayMs::get);
        r.register("processingDelayMs", (Gauge<Long>) processingDelayMs::get);
        r.register("totalDelayMs", (Gauge<Long>) totalDelayMs::get);
        r.register("lag", (Gauge<Long>) lag::get);
        r.register("ledgerSequence", (Gauge<Long>) ledgerSequence::get);
        r.register("commitConfirmedThrough", (Gauge<Long>) commitConfirmedThrough::get);
    }

    void batch(long recordCount, long byteCount, long dead, long processingMs, long sequence) {
        batches.inc();
        records.inc(recordCount);
        bytes.inc(byteCount);
        deadLetters.inc(dead);
        lastBatchRecords.set(recordCount);
        lastBatchProcessingMs.set(processingMs);
        ledgerSequence.set(sequence);
    }

    /** Records in Kafka not yet in the ledger, summed over the partitions; -1 until first measured. */
    public long lag() {
        return lag.get();
    }

    public long records() {
        return records.getCount();
    }
}
