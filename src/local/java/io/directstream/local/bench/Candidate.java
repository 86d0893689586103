package io.directstream.local.bench;

import com.amazonaws.services.s3.AmazonS3;
import com.amazonaws.services.s3.model.ObjectMetadata;
import io.directstream.config.ConfigLoader;
import io.directstream.job.DirectStreamJob;
import io.directstream.job.JobResult;
import io.directstream.ledger.LedgerEntry;
import io.directstream.ledger.LedgerStore;
import io.directstream.sink.S3Clients;
import io.directstream.sink.S3Settings;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.spark.SparkConf;
import org.apache.spark.streaming.api.java.JavaInputDStream;
import org.apache.spark.streaming.api.java.JavaStreamingContext;
import org.apache.spark.streaming.kafka010.CanCommitOffsets;
import org.apache.spark.streaming.kafka010.ConsumerStrategies;
import org.apache.spark.streaming.kafka010.HasOffsetRanges;
import org.apache.spark.streaming.kafka010.KafkaUtils;
import org.apache.spark.streaming.kafka010.LocationStrategies;
import org.apache.spark.streaming.kafka010.OffsetRange;

/**
 * One contestant of {@code bin/benchmark compare}, in a JVM of its own so that its peak RSS is its own. It drains the
 * benchmark topic from its start and prints one line {@code RESULT key=value ...}: records, the processing window
 * (first record read or first batch started, to the last output), the time from the JVM's start, the time to the
 * first output, the peak RSS ({@code VmHWM}) and the S3 requests sent.
 *
 * <pre>
 * Candidate consumer BOOTSTRAP TOPIC RECORDS
 * Candidate job      BOOTSTRAP TOPIC RECORDS S3_ENDPOINT BUCKET PREFIX [key=value ...]
 * Candidate naive    BOOTSTRAP TOPIC RECORDS S3_ENDPOINT BUCKET PREFIX
 * Candidate structured BOOTSTRAP TOPIC RECORDS S3_ENDPOINT BUCKET PREFIX   (see StructuredCandidate)
 * </pre>
 */
public final class Candidate {
    private Candidate() {
    }

    public static void main(String[] args) throws Exception {
        String kind = args[0];
        String bootstrap = args[1];
        String topic = args[2];
        long records = Long.parseLong(args[3]);
        Map<String, Object> result;
        switch (kind) {
            case "consumer": result = consumer(bootstrap, topic, records); break;
            case "job": result = job(bootstrap, topic, records, args[4], args[5], args[6], List.of(args).subList(7, args.length)); break;
            case "naive": result = naive(bootstrap, topic, records, args[4], args[5], args[6]); break;
            case "structured": result = StructuredCandidate.run(bootstrap, topic, records, args[4], args[5], args[6]); break;
            default: throw new IllegalArgumentException("unknown candidate " + kind);
        }
        result.put("peakRssKb", peakRssKb());
        result.put("cpuS", String.format(Locale.ROOT, "%.1f", CompareBenchmark.cpuSeconds(ProcessHandle.current().pid())));
        StringBuilder sb = new StringBuilder("RESULT");
        result.forEach((k, v) -> sb.append(' ').append(k).append('=').append(v));
        System.out.println(sb);
        System.out.flush();
        System.exit(0);
    }

    static long jvmStartMs() {
        return ManagementFactory.getRuntimeMXBean().getStartTime();
    }

    /** The plain poll loop: the ceiling of consuming. */
    static Map<String, Object> consumer(String bootstrap, String topic, long records) {
        Map<String, Object> conf = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false, ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 10_000,
                ConsumerConfig.FETCH_MAX_BYTES_CONFIG, 64 * 1024 * 1024,
                ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 8 * 1024 * 1024);
        long n = 0;
        long bytes = 0;
        long first = 0;
        long last = 0;
        try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(conf, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> tps = new ArrayList<>();
            c.partitionsFor(topic).forEach(p -> tps.add(new TopicPartition(topic, p.partition())));
            c.assign(tps);
            c.seekToBeginning(tps);
            while (n < records) {
                ConsumerRecords<byte[], byte[]> batch = c.poll(Duration.ofMillis(500));
                for (ConsumerRecord<byte[], byte[]> r : batch) {
                    if (first == 0) {
                        first = System.currentTimeMillis();
                    }
                    n++;
                    bytes += r.value() == null ? 0 : r.value().length;
                }
                last = System.currentTimeMillis();
            }
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("records", n);
        m.put("bytes", bytes);
        m.put("windowMs", Math.max(1, last - first));
        m.put("totalMs", last - jvmStartMs());
        m.put("firstOutputMs", first - jvmStartMs());
        m.put("s3Requests", 0);
        return m;
    }

    /** The job with its default archive processor, ledger and commits, from a fresh group to the log end. */
    static Map<String, Object> job(String bootstrap, String topic, long records, String endpoint, String bucket,
                                   String prefix, List<String> overrides) throws Exception {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("kafka.bootstrap.servers", bootstrap);
        p.put("kafka.group.id", "bench-" + prefix);
        p.put("source.topics", topic);
        p.put("output.location", "s3://" + bucket + "/" + prefix);
        p.put("s3.endpoint", endpoint);
        p.put("s3.path.style.access", "true");
        p.put("s3.access.key", io.directstream.local.LocalS3.ACCESS_KEY);
        p.put("s3.secret.key", io.directstream.local.LocalS3.SECRET_KEY);
        p.put("job.stop.after.idle.batches", "1");
        p.put("spark.master", "local[2]");
        p.put("spark.ui.enabled", "false");
        p.put("spark.driver.host", "127.0.0.1");
        p.put("spark.driver.bindAddress", "127.0.0.1");
        for (String o : overrides) {
            int eq = o.indexOf('=');
            p.put(o.substring(0, eq), o.substring(eq + 1));
        }
        JobResult r = new DirectStreamJob(ConfigLoader.fromMap(p)).run();
        if (r.exitCode() != 0) {
            throw new IllegalStateException("the job ended with " + r.exitCode() + ": " + r.failure().orElse(null));
        }
        long first = Long.MAX_VALUE;
        long firstOutput = Long.MAX_VALUE;
        long last = 0;
        long n = 0;
        long bytes = 0;
        AmazonS3 s3 = S3Clients.create(new S3Settings(endpoint, "us-east-1", true, io.directstream.local.LocalS3.ACCESS_KEY,
                io.directstream.local.LocalS3.SECRET_KEY, Duration.ofSeconds(30), Duration.ofSeconds(5), Duration.ofSeconds(30)));
        long requests = requests();
        List<Long> batchMs = new ArrayList<>();
        long triggered = 0;
        try {
            LedgerStore store = new LedgerStore(s3, io.directstream.storage.S3Location.parse("s3://" + bucket + "/" + prefix));
            long past = Long.getLong(LedgerHistory.PROPERTY, 0);
            for (Iterator<LedgerEntry> it = past > 0 ? store.entries(past) : store.history(); it.hasNext(); ) {
                LedgerEntry e = it.next();
                if (e.type() != LedgerEntry.Type.BATCH || e.runId().equals(LedgerHistory.RUN_ID)) {
                    continue;
                }
                first = Math.min(first, e.startedAtMs());
                firstOutput = Math.min(firstOutput, e.recordedAtMs());
                last = Math.max(last, e.recordedAtMs());
                n += e.records();
                bytes += e.bytes();
                batchMs.add(e.recordedAtMs() - e.startedAtMs());
                triggered += e.triggers().map(t -> t.messages()).orElse(0L);
            }
        } finally {
            s3.shutdown();
        }
        if (n != records) {
            throw new IllegalStateException("the job archived " + n + " records, the topic has " + records);
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("records", n);
        m.put("bytes", bytes);
        m.put("windowMs", Math.max(1, last - first));
        m.put("totalMs", last - jvmStartMs());
        m.put("firstOutputMs", firstOutput - jvmStartMs());
        m.put("s3Requests", requests);
        m.put("batches", r.stats().batches());
        batchMs.sort(null);
        m.put("batchMsMedian", batchMs.isEmpty() ? 0 : batchMs.get(batchMs.size() / 2));
        m.put("batchMsMax", batchMs.isEmpty() ? 0 : batchMs.get(batchMs.size() - 1));
        m.put("triggered", triggered);
        m.put("peakHeapMb", peakHeapMb());
        m.put("startMs", first - jvmStartMs());
        m.put("idleBatches", r.stats().idleBatches());
        m.put("idleMsMean", r.stats().idleBatches() == 0 ? 0 : r.stats().idleMs() / r.stats().idleBatches());
        m.put("idleMsMax", r.stats().idleMaxMs());
        return m;
    }

    /**
     * A naive DStream job, as a 1.6 pipeline might be written: each partition's values of a batch joined by newlines
     * in memory and sent as one S3 object, then the offsets committed. No coordinates, no JSON, no ledger, no lease.
     */
    static Map<String, Object> naive(String bootstrap, String topic, long records, String endpoint, String bucket,
                                     String prefix) throws Exception {
        SparkConf conf = new SparkConf().setMaster("local[2]").setAppName("naive").set("spark.ui.enabled", "false")
                .set("spark.driver.host", "127.0.0.1").set("spark.driver.bindAddress", "127.0.0.1")
                .set("spark.streaming.kafka.maxRatePerPartition", "1000000");
        JavaStreamingContext jssc = new JavaStreamingContext(conf, new org.apache.spark.streaming.Duration(1000));
        Map<String, Object> params = new HashMap<>();
        params.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        params.put(ConsumerConfig.GROUP_ID_CONFIG, "bench-" + prefix);
        params.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        params.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        params.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        params.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        JavaInputDStream<ConsumerRecord<byte[], byte[]>> stream = KafkaUtils.createDirectStream(jssc,
                LocationStrategies.PreferConsistent(), ConsumerStrategies.Subscribe(List.of(topic), params));
        AtomicLong done = new AtomicLong();
        AtomicLong first = new AtomicLong();
        AtomicLong firstOutput = new AtomicLong();
        AtomicLong last = new AtomicLong();
        S3Settings settings = new S3Settings(endpoint, "us-east-1", true, io.directstream.local.LocalS3.ACCESS_KEY,
                io.directstream.local.LocalS3.SECRET_KEY, Duration.ofSeconds(30), Duration.ofSeconds(5), Duration.ofSeconds(30));
        stream.foreachRDD(rdd -> {
            OffsetRange[] ranges = ((HasOffsetRanges) rdd.rdd()).offsetRanges();
            long count = 0;
            for (OffsetRange r : ranges) {
                count += r.count();
            }
            if (count == 0) {
                return;
            }
            first.compareAndSet(0, System.currentTimeMillis());
            rdd.foreachPartition(it -> {
                ByteArrayOutputStream buf = new ByteArrayOutputStream();
                String key = null;
                while (it.hasNext()) {
                    ConsumerRecord<byte[], byte[]> rec = it.next();
                    if (key == null) {
                        key = prefix + "/" + rec.topic() + "/" + rec.partition() + "/" + rec.offset() + ".txt";
                    }
                    if (rec.value() != null) {
                        buf.write(rec.value());
                    }
                    buf.write('\n');
                }
                if (key != null) {
                    byte[] body = buf.toByteArray();
                    ObjectMetadata md = new ObjectMetadata();
                    md.setContentLength(body.length);
                    S3Clients.shared(settings).putObject(bucket, key, new ByteArrayInputStream(body), md);
                }
            });
            ((CanCommitOffsets) stream.inputDStream()).commitAsync(ranges);
            long now = System.currentTimeMillis();
            firstOutput.compareAndSet(0, now);
            last.set(now);
            done.addAndGet(count);
        });
        jssc.start();
        while (done.get() < records) {
            Thread.sleep(100);
        }
        jssc.stop(true, false);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("records", done.get());
        m.put("bytes", 0);
        m.put("windowMs", Math.max(1, last.get() - first.get()));
        m.put("totalMs", last.get() - jvmStartMs());
        m.put("firstOutputMs", firstOutput.get() - jvmStartMs());
        m.put("s3Requests", requests());
        return m;
    }

    /** S3 requests sent by this JVM; 0 for a baseline build that does not count them. */
    static long requests() {
        try {
            return S3Clients.requests();
        } catch (NoSuchMethodError e) {
            return 0;
        }
    }

    /** The heap's high-water mark: the sum of the heap pools' peak usage, in MiB. */
    static long peakHeapMb() {
        long peak = 0;
        for (java.lang.management.MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
            if (p.getType() == java.lang.management.MemoryType.HEAP) {
                peak += p.getPeakUsage().getUsed();
            }
        }
        return peak / (1024 * 1024);
    }

    /** The process's peak resident set ({@code VmHWM}), in KiB; 0 where {@code /proc} is not available. */
    static long peakRssKb() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"), StandardCharsets.US_ASCII)) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException | RuntimeException e) {
            return 0;
        }
        return 0;
    }

    static String fmt(double x) {
        return String.format(Locale.ROOT, "%,.0f", x);
    }
}
