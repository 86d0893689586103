package io.directstream.local.bench;

import io.directstream.local.LocalS3;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.StorageStatistics;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.streaming.StreamingQueryListener;
import org.apache.spark.sql.streaming.Trigger;

/**
 * The Structured Streaming contestant of {@code bin/benchmark compare}: Spark's Kafka source ({@code
 * spark-sql-kafka-0-10}) reading the topic from its start with {@code Trigger.AvailableNow}, writing each record's
 * coordinates, timestamp, key and value as JSON lines to the same S3 server through Hadoop's S3A, with its checkpoint
 * there too (as the job keeps its ledger in S3). The jars it needs are on its classpath only
 * ({@code target/local/structured}, see the pom). The window runs from the start of its first batch to the end of its last (from the query's progress
 * events), as the job's runs from its first batch's start to its last ledger entry;
 * S3 requests are S3A's own count ({@code store_io_request}).
 */
final class StructuredCandidate {
    private StructuredCandidate() {
    }

    static Map<String, Object> run(String bootstrap, String topic, long records, String endpoint, String bucket,
                                   String prefix) throws Exception {
        SparkSession spark = SparkSession.builder().master("local[2]").appName("structured")
                .config("spark.ui.enabled", "false")
                .config("spark.driver.host", "127.0.0.1").config("spark.driver.bindAddress", "127.0.0.1")
                .config("spark.sql.shuffle.partitions", "2")
                .config("spark.hadoop.fs.s3a.endpoint", endpoint)
                .config("spark.hadoop.fs.s3a.path.style.access", "true")
                .config("spark.hadoop.fs.s3a.connection.ssl.enabled", "false")
                .config("spark.hadoop.fs.s3a.access.key", LocalS3.ACCESS_KEY)
                .config("spark.hadoop.fs.s3a.secret.key", LocalS3.SECRET_KEY)
                .config("spark.hadoop.fs.s3a.aws.credentials.provider",
                        "org.apache.hadoop.fs.s3a.SimpleAWSCredentialsProvider")
                .config("spark.hadoop.fs.s3a.change.detection.version.required", "false")
                .getOrCreate();
        AtomicLong rows = new AtomicLong();
        AtomicLong firstStart = new AtomicLong();
        AtomicLong firstOutput = new AtomicLong();
        AtomicLong lastEnd = new AtomicLong();
        AtomicLong batches = new AtomicLong();
        spark.streams().addListener(new StreamingQueryListener() {
            @Override
            public void onQueryStarted(QueryStartedEvent event) {
            }

            @Override
            public void onQueryProgress(QueryProgressEvent event) {
                long n = event.progress().numInputRows();
                if (n > 0) {
                    // a batch's progress: when its trigger began, and how long it took up to its commit log entry
                    long start = java.time.Instant.parse(event.progress().timestamp()).toEpochMilli();
                    long end = start + event.progress().durationMs().getOrDefault("triggerExecution", 0L);
                    rows.addAndGet(n);
                    batches.incrementAndGet();
                    firstStart.compareAndSet(0, start);
                    firstOutput.compareAndSet(0, end);
                    lastEnd.accumulateAndGet(end, Math::max);
                }
            }

            @Override
            public void onQueryTerminated(QueryTerminatedEvent event) {
            }
        });
        String base = "s3a://" + bucket + "/" + prefix;
        Dataset<Row> in = spark.readStream().format("kafka")
                .option("kafka.bootstrap.servers", bootstrap)
                .option("subscribe", topic)
                .option("startingOffsets", "earliest")
                .load();
        StreamingQuery query = in.selectExpr("topic", "partition", "offset", "timestamp",
                        "CAST(key AS STRING) AS key", "CAST(value AS STRING) AS value")
                .writeStream().format("json")
                .option("path", base + "/data")
                .option("checkpointLocation", base + "/_checkpoint")
                .trigger(Trigger.AvailableNow())
                .start();
        query.awaitTermination();
        // the listener's events arrive asynchronously: the last progress may follow awaitTermination
        for (int i = 0; i < 100 && rows.get() < records; i++) {
            Thread.sleep(100);
        }
        long requests = s3aRequests();
        spark.stop();
        if (rows.get() != records) {
            throw new IllegalStateException("Structured Streaming read " + rows.get() + " records, the topic has "
                    + records);
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("records", rows.get());
        m.put("bytes", 0);
        m.put("windowMs", Math.max(1, lastEnd.get() - firstStart.get()));
        m.put("totalMs", lastEnd.get() - Candidate.jvmStartMs());
        m.put("firstOutputMs", firstOutput.get() - Candidate.jvmStartMs());
        m.put("s3Requests", requests);
        m.put("batches", batches.get());
        return m;
    }

    /** S3A's count of the requests it sent ({@code store_io_request}), over every S3A file system of this JVM. */
    static long s3aRequests() {
        StorageStatistics stats = FileSystem.getGlobalStorageStatistics().get("S3AStorageStatistics");
        if (stats == null) {
            return 0;
        }
        Long n = stats.getLong("store_io_request");
        if (n != null && n > 0) {
            return n;
        }
        long sum = 0;
        for (Iterator<StorageStatistics.LongStatistic> it = stats.getLongStatistics(); it.hasNext(); ) {
            StorageStatistics.LongStatistic s = it.next();
            if (s.getName().startsWith("object_") && s.getName().endsWith("_request")) {
                sum += s.getValue();
            }
        }
        return sum;
    }
}
