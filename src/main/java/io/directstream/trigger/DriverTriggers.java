package io.directstream.trigger;

import io.directstream.storage.S3Location;
import io.directstream.process.TriggerSettings;
import io.directstream.ledger.TriggerCounts;
import io.directstream.sink.S3Clients;
import io.directstream.sink.S3Settings;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.spark.SparkContext;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.streaming.kafka010.KafkaUtils;
import org.apache.spark.streaming.kafka010.LocationStrategies;
import org.apache.spark.streaming.kafka010.OffsetRange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The trigger on the driver (driver mode, chunked on the driver). After the batch's archive, its messages are read
 * again through {@code KafkaUtils.createRDD} in slices of at most {@code trigger.driver.max.messages} offsets, copied
 * out of the records on the executors, brought to the driver slice by slice (never the whole batch at once), and run in
 * a pool of {@code trigger.driver.threads}. Each pool thread has its own trigger instance; all submit their Spark jobs
 * to the FAIR scheduler pool {@link FairPool}, so the jobs the triggers start run side by side. The call returns when every unit of the batch has
 * returned; the first failure cancels the rest and fails the batch.
 */
public final class DriverTriggers implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DriverTriggers.class);
    /** How much longer than trigger.timeout the batch waits for a unit that ignores its interrupt. */
    private static final long GRACE_MS = 30_000;

    private final TriggerSettings settings;
    private final Map<String, Object> kafkaParams;
    private final TriggerOutputs outputs;
    private final JavaSparkContext jsc;
    private final SparkSession spark;
    private final ThreadPoolExecutor pool;
    private final BlockingQueue<Trigger> instances;
    private final List<Trigger> all = new ArrayList<>();

    /** Built on the driver's main thread, so the pool's threads inherit no batch's local properties. */
    public DriverTriggers(TriggerSettings settings, Map<String, Object> kafkaParams, S3Settings s3, S3Location output,
                          SparkContext sc) {
        this.settings = settings;
        this.kafkaParams = new HashMap<>(kafkaParams);
        this.outputs = new TriggerOutputs(S3Clients.shared(s3), output);
        this.jsc = JavaSparkContext.fromSparkContext(sc);
        this.spark = SparkSession.builder().sparkContext(sc).getOrCreate();
        int threads = settings.driverThreads();
        AtomicInteger n = new AtomicInteger();
        this.pool = new ThreadPoolExecutor(threads, threads, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(), r -> {
            int i = n.getAndIncrement();
            Thread t = new Thread(() -> {
                sc.setLocalProperty("spark.scheduler.pool", FairPool.NAME);
                r.run();
            }, "trigger-" + i);
            t.setDaemon(true);
            return t;
        });
        pool.prestartAllCoreThreads();
        this.instances = new ArrayBlockingQueue<>(threads);
        for (int i = 0; i < threads; i++) {
            Trigger t = Triggers.create(settings);
            all.add(t);
            instances.add(t);
        }
    }

    /** Runs the trigger over the batch's work; returns the counts once every unit returned. */
    public TriggerCounts run(OffsetRange[] work, long batchTimeMs) {
        TriggerContext context = new TriggerContext(TriggerSettings.Where.DRIVER, spark, outputs, settings.properties(),
                batchTimeMs);
        UnitRunner runner = new UnitRunner(settings, outputs);
        List<OffsetRange[]> slices = Slices.of(work, settings.driverMaxMessages());
        open(context);
        boolean ok = false;
        try {
            for (OffsetRange[] slice : slices) {
                List<TriggerMessage> messages = KafkaUtils.<byte[], byte[]>createRDD(jsc, kafkaParams, slice,
                        LocationStrategies.PreferConsistent()).map(TriggerMessage::of).collect();
                runAll(Slices.units(messages, settings.unitSize()), runner, context);
            }
            ok = true;
        } finally {
            close(ok);
        }
        if (slices.size() > 1) {
            LOG.info("Triggers of batch {}: {} slices of at most {} messages (trigger.driver.max.messages)", batchTimeMs,
                    slices.size(), settings.driverMaxMessages());
        }
        return runner.counts(slices.size());
    }

    private void runAll(List<List<TriggerMessage>> units, UnitRunner runner, TriggerContext context) {
        ExecutorCompletionService<Void> done = new ExecutorCompletionService<>(pool);
        List<Future<Void>> futures = new ArrayList<>(units.size());
        for (List<TriggerMessage> unit : units) {
            futures.add(done.submit(() -> {
                Trigger t = instances.take();
                try {
                    runner.run(t, context, unit);
                } finally {
                    instances.add(t);
                }
                return null;
            }));
        }
        try {
            for (int left = units.size(); left > 0; left--) {
                Future<Void> f = done.poll(settings.timeout().toMillis() + GRACE_MS, TimeUnit.MILLISECONDS);
                if (f == null) {
                    throw new TriggerFailedException("no trigger unit finished within trigger.timeout="
                            + settings.timeout() + " plus " + GRACE_MS / 1000 + " s: a trigger ignores its interrupt", null);
                }
                f.get();
            }
        } catch (ExecutionException e) {
            cancel(futures);
            Throwable c = e.getCause();
            throw c instanceof RuntimeException ? (RuntimeException) c : new TriggerFailedException(c.toString(), c);
        } catch (InterruptedException e) {
            cancel(futures);
            Thread.currentThread().interrupt();
            throw new TriggerFailedException("interrupted while waiting for the triggers", e);
        } catch (RuntimeException e) {
            cancel(futures);
            throw e;
        }
    }

    private static void cancel(List<Future<Void>> futures) {
        futures.forEach(f -> f.cancel(true));
    }

    private void open(TriggerContext context) {
        for (Trigger t : all) {
            try {
                t.open(context);
            } catch (Exception e) {
                throw new TriggerFailedException("trigger " + settings.className() + " could not open: " + e, e);
            }
        }
    }

    private void close(boolean ok) {
        if (!ok) {
            return; // units may still be running after a failure; the job is stopping
        }
        for (Trigger t : all) {
            try {
                t.close();
            } catch (Exception e) {
                throw new TriggerFailedException("trigger " + settings.className() + " could not close: " + e, e);
            }
        }
    }

    @Override
    public void close() {
        pool.shutdownNow();
    }
}
