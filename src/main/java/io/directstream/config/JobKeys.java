package io.directstream.config;

import io.directstream.process.JsonArchiveProcessor;
import io.directstream.process.RecordProcessor;
import io.directstream.source.StartSpec;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.ValidString;
import org.apache.kafka.common.config.ConfigDef.Width;

/**
 * Every key of the job, defined once: name, type, default, check and documentation.
 * The configuration table of docs/configuration.md and {@code conf/job.properties.template} are generated from these definitions
 * ({@link ConfigDocs}) and a test keeps them in step.
 *
 * <p>Besides these keys, three prefixes pass through: {@code kafka.*} (Kafka consumer settings), {@code spark.*}
 * (Spark settings) and {@code processor.*} (handed to the record processor's {@code configure}).
 */
public final class JobKeys {
    public static final String KAFKA_PREFIX = "kafka.";
    public static final String SPARK_PREFIX = "spark.";
    public static final String PROCESSOR_PREFIX = "processor.";
    public static final String TRIGGER_PREFIX = "trigger.conf.";

    public static final String GROUP_SOURCE = "source";
    public static final String GROUP_STREAM = "stream";
    public static final String GROUP_PROCESS = "process";
    public static final String GROUP_TRIGGER = "trigger";
    public static final String GROUP_OUTPUT = "output";
    public static final String GROUP_LEDGER = "ledger";
    public static final String GROUP_S3 = "s3";
    public static final String GROUP_JOB = "job";
    /** Groups in the order of a batch's life; the documentation follows it. */
    public static final List<String> GROUPS = List.of(
            GROUP_SOURCE, GROUP_STREAM, GROUP_PROCESS, GROUP_TRIGGER, GROUP_OUTPUT, GROUP_LEDGER, GROUP_S3, GROUP_JOB);

    public static final String SOURCE_TOPICS = "source.topics";
    public static final String SOURCE_TOPIC_PATTERN = "source.topic.pattern";
    public static final String SOURCE_STARTING_POSITION = "source.starting.position";
    public static final String SOURCE_ON_DATA_LOSS = "source.on.data.loss";
    public static final String SOURCE_STARTING_OFFSETS = "source.starting.offsets";
    public static final String SOURCE_STARTING_TIMESTAMP = "source.starting.timestamp";
    public static final String SOURCE_STARTING_OFFSETS_BY_TIMESTAMP = "source.starting.offsets.by.timestamp";
    public static final String SOURCE_STARTING_TIMESTAMP_STRATEGY = "source.starting.timestamp.strategy";
    public static final String SOURCE_REPLAY = "source.replay";

    public static final String STREAM_BATCH_INTERVAL = "stream.batch.interval";
    public static final String STREAM_MAX_RATE_PER_PARTITION = "stream.max.rate.per.partition";
    public static final String STREAM_INITIAL_RATE = "stream.initial.rate";
    public static final String STREAM_CHECKPOINT_LOCATION = "stream.checkpoint.location";

    public static final String PROCESS_CLASS = "process.class";
    public static final String PROCESS_ON_ERROR = "process.on.error";

    public static final String TRIGGER_CLASS = "trigger.class";
    public static final String TRIGGER_MODE = "trigger.mode";
    public static final String TRIGGER_CHUNK_SIZE = "trigger.chunk.size";
    public static final String TRIGGER_CHUNK_ON = "trigger.chunk.on";
    public static final String TRIGGER_DRIVER_THREADS = "trigger.driver.threads";
    public static final String TRIGGER_DRIVER_MAX_MESSAGES = "trigger.driver.max.messages";
    public static final String TRIGGER_TIMEOUT = "trigger.timeout";

    public static final String OUTPUT_LOCATION = "output.location";
    public static final String OUTPUT_COMPRESSION = "output.compression";
    public static final String OUTPUT_PART_SIZE = "output.part.size";

    public static final String LEDGER_SNAPSHOT_INTERVAL = "ledger.snapshot.interval";

    public static final String S3_ENDPOINT = "s3.endpoint";
    public static final String S3_REGION = "s3.region";
    public static final String S3_PATH_STYLE_ACCESS = "s3.path.style.access";
    public static final String S3_ACCESS_KEY = "s3.access.key";
    public static final String S3_SECRET_KEY = "s3.secret.key";
    public static final String S3_SESSION_TOKEN = "s3.session.token";
    public static final String S3_RETRY_BUDGET = "s3.retry.budget";
    public static final String S3_CONNECT_TIMEOUT = "s3.connect.timeout";
    public static final String S3_SOCKET_TIMEOUT = "s3.socket.timeout";
    public static final String S3_RETRY_BASE_DELAY = "s3.retry.base.delay";
    public static final String S3_RETRY_MAX_DELAY = "s3.retry.max.delay";
    public static final String S3_SSE = "s3.sse";
    public static final String S3_SSE_KMS_KEY_ID = "s3.sse.kms.key.id";

    public static final String JOB_NAME = "job.name";
    public static final String JOB_STARTUP_TIMEOUT = "job.startup.timeout";
    public static final String JOB_STOP_AFTER_IDLE_BATCHES = "job.stop.after.idle.batches";
    public static final String JOB_MAX_DURATION = "job.max.duration";
    public static final String JOB_STOP_TIMEOUT = "job.stop.timeout";
    public static final String JOB_STOP_MARKER_POLL_INTERVAL = "job.stop.marker.poll.interval";
    public static final String JOB_LEASE_TIMEOUT = "job.lease.timeout";
    public static final String JOB_LEASE_WAIT = "job.lease.wait";

    private static final long MIB = 1024L * 1024L;
    private static final ConfigDef DEFINITION = build();

    private JobKeys() {
    }

    /** The definitions, in the order of a batch's life. */
    public static ConfigDef definition() {
        return DEFINITION;
    }

    private static ConfigDef build() {
        ConfigDef d = new ConfigDef();
        int o = 0;
        define(d, SOURCE_TOPICS, Type.LIST, "", null, GROUP_SOURCE, ++o,
                "Topics to read, comma-separated (ConsumerStrategies.Subscribe). Exactly one of source.topics and "
                        + "source.topic.pattern is set.");
        define(d, SOURCE_TOPIC_PATTERN, Type.STRING, "", Validators.regex(), GROUP_SOURCE, ++o,
                "Regular expression of the topics to read (ConsumerStrategies.SubscribePattern); topics created later "
                        + "that match are picked up and start at their earliest offset.");
        define(d, SOURCE_STARTING_POSITION, Type.STRING, "earliest", ValidString.in("earliest", "latest"), GROUP_SOURCE, ++o,
                "Where a partition starts when neither the ledger nor the group's committed offset knows it: "
                        + "earliest or latest.");
        define(d, SOURCE_STARTING_OFFSETS, Type.STRING, "", Validators.parsed(StartSpec::parseOffsets,
                "empty, earliest, latest, committed, or JSON {\"topic\":{\"0\":23,\"1\":-2}}"), GROUP_SOURCE, ++o,
                "An explicit start for every partition, overriding the ledger (as Structured Streaming's startingOffsets): "
                        + "earliest, latest, committed (the group's committed offsets), or JSON naming every partition "
                        + "read (-2 = earliest, -1 = latest). Empty: each partition resumes from the ledger.");
        define(d, SOURCE_STARTING_TIMESTAMP, Type.STRING, "", Validators.parsed(StartSpec::parseTime,
                "epoch milliseconds or ISO-8601"), GROUP_SOURCE, ++o,
                "An explicit start for every partition at the first record at or after this time (epoch ms or "
                        + "ISO-8601), through Kafka's offsetsForTimes (as Structured Streaming's startingTimestamp).");
        define(d, SOURCE_STARTING_OFFSETS_BY_TIMESTAMP, Type.STRING, "", Validators.parsed(
                v -> StartSpec.parsePartitionJson(v, "timestamps"), "JSON {\"topic\":{\"0\":1700000000000}}"),
                GROUP_SOURCE, ++o,
                "An explicit start per partition at the first record at or after each time (as Structured Streaming's "
                        + "startingOffsetsByTimestamp); the JSON names every partition read.");
        define(d, SOURCE_STARTING_TIMESTAMP_STRATEGY, Type.STRING, "error", ValidString.in("error", "latest"),
                GROUP_SOURCE, ++o,
                "For a timestamp start, a partition with no record at or after the time: error (refuse to start, "
                        + "naming it) or latest (start at its log end), as Structured Streaming's "
                        + "startingOffsetsByTimestampStrategy.");
        define(d, SOURCE_REPLAY, Type.BOOLEAN, false, null, GROUP_SOURCE, ++o,
                "Allow an explicit start to move a partition away from the ledger's end: back (a replay: the offsets "
                        + "are processed again, their earlier objects replaced, and a replay entry records it) or "
                        + "forward (the offsets skipped are recorded as a gap). Without it such a start is refused.");
        define(d, SOURCE_ON_DATA_LOSS, Type.STRING, "fail", ValidString.in("fail", "skip"), GROUP_SOURCE, ++o,
                "When offsets the job must read next no longer exist in Kafka (retention deleted them): fail (exit 3, "
                        + "naming the partition, the missing range and the earliest offset) or skip (start at the "
                        + "earliest offset and record the gap in the ledger as a gap entry, which the audit shows).");

        define(d, STREAM_BATCH_INTERVAL, Type.STRING, "5s", Validators.duration(Duration.ofMillis(100)), GROUP_STREAM, ++o,
                "Batch interval of the streaming context.");
        define(d, STREAM_MAX_RATE_PER_PARTITION, Type.LONG, 0L, Range.atLeast(0), GROUP_STREAM, ++o,
                "A fixed cap on the records per second read from each partition "
                        + "(spark.streaming.kafka.maxRatePerPartition). 0 (the default) = no fixed cap: each batch is "
                        + "sized by Spark's backpressure (spark.streaming.backpressure.enabled, on unless set "
                        + "otherwise) to about what the job processed in one batch interval, so a backlog is caught up "
                        + "as fast as the machine allows while each batch stays about one interval long.");
        define(d, STREAM_INITIAL_RATE, Type.LONG, 100_000L, Range.atLeast(1), GROUP_STREAM, ++o,
                "Records per second, over all partitions, for the first batch, before backpressure has measured "
                        + "anything (spark.streaming.backpressure.initialRate): bounds the first batch after a long "
                        + "stop to this times the batch interval.");
        define(d, STREAM_CHECKPOINT_LOCATION, Type.STRING, "", null, GROUP_STREAM, ++o,
                "Spark Streaming metadata checkpointing into this directory (hdfs://, s3a://, file: or a local path; "
                        + "StreamingContext.getOrCreate). Empty: off. A checkpoint is used only by the code that wrote "
                        + "it: after an upgrade the job sets it aside and resumes from the ledger, which stays the "
                        + "truth of what is done either way.");

        define(d, PROCESS_CLASS, Type.STRING, JsonArchiveProcessor.class.getName(),
                Validators.subclassOf(RecordProcessor.class), GROUP_PROCESS, ++o,
                "The RecordProcessor that turns each record into output bytes (runs on the executors). The default "
                        + "archives every record as one JSON line.");
        define(d, PROCESS_ON_ERROR, Type.STRING, "dead-letter", ValidString.in("dead-letter", "fail"), GROUP_PROCESS, ++o,
                "When the processor throws on a record: dead-letter (the record and the error go to the _dead-letter/ "
                        + "prefix with their coordinates and the batch goes on) or fail (the batch fails and the job stops).");

        define(d, TRIGGER_CLASS, Type.STRING, "", null, GROUP_TRIGGER, ++o,
                "A Trigger (io.directstream.trigger.Trigger) run for each message, beside the archive: work with side "
                        + "effects of its own (an S3 object under _triggers/, a table, a call). Empty: no trigger. Its "
                        + "settings are the trigger.conf.* keys, prefix removed.");
        define(d, TRIGGER_MODE, Type.STRING, "executor", ValidString.in("executor", "driver", "chunked"), GROUP_TRIGGER,
                ++o, "Where and how messages reach the trigger: executor (one at a time in each partition's task), "
                        + "driver (copied to the driver in slices of at most trigger.driver.max.messages and run in a "
                        + "pool of trigger.driver.threads; the only mode with a SparkSession) or chunked (chunks of "
                        + "trigger.chunk.size messages, each one unit of work, on trigger.chunk.on).");
        define(d, TRIGGER_CHUNK_SIZE, Type.INT, 100, Range.atLeast(1), GROUP_TRIGGER, ++o,
                "Messages per chunk in chunked mode (a chunk never spans two partitions).");
        define(d, TRIGGER_CHUNK_ON, Type.STRING, "executor", ValidString.in("executor", "driver"), GROUP_TRIGGER, ++o,
                "Where chunks run in chunked mode: executor (in the partition's task) or driver (in the driver's pool).");
        define(d, TRIGGER_DRIVER_THREADS, Type.INT, 4, Range.between(1, 256), GROUP_TRIGGER, ++o,
                "Threads of the driver's pool (driver mode, chunked on the driver). The Spark jobs they start run "
                        + "side by side in FAIR scheduler pools.");
        define(d, TRIGGER_DRIVER_MAX_MESSAGES, Type.INT, 10_000, Range.atLeast(1), GROUP_TRIGGER, ++o,
                "Most messages copied to the driver at once: a larger batch is read and run in slices of this many, "
                        + "one after the other, so the driver's memory is bounded whatever the batch's size.");
        define(d, TRIGGER_TIMEOUT, Type.STRING, "5m", Validators.duration(Duration.ofMillis(10)), GROUP_TRIGGER, ++o,
                "Longest one unit of work (a message, or a chunk) may take: the trigger's thread is interrupted and "
                        + "the batch fails (the job stops; the restart runs the batch again).");

        define(d, OUTPUT_LOCATION, Type.STRING, ConfigDef.NO_DEFAULT_VALUE, Validators.s3Location(false), GROUP_OUTPUT, ++o,
                "Where the output goes: s3://bucket/prefix. Objects, the ledger (_ledger/) and dead letters "
                        + "(_dead-letter/) all live under it.");
        define(d, OUTPUT_COMPRESSION, Type.STRING, "none", ValidString.in("none", "gzip"), GROUP_OUTPUT, ++o,
                "Compression of the output objects: none or gzip (adds .gz to the key).");
        define(d, OUTPUT_PART_SIZE, Type.STRING, "8MiB", Validators.size(5 * MIB, 5L * 1024 * MIB), GROUP_OUTPUT, ++o,
                "Part size of the streaming (multipart) upload, and so the most a partition's writer buffers. "
                        + "An object smaller than one part is sent with a single PUT.");

        define(d, LEDGER_SNAPSHOT_INTERVAL, Type.INT, 100, Range.atLeast(1), GROUP_LEDGER, ++o,
                "Every this many ledger entries, compact them into one segment (_ledger/segments/) and write a "
                        + "snapshot of the ledger's ends, so that a restart reads the snapshot and the entries after it, "
                        + "and the audit reads segments, not the whole history object by object.");

        define(d, S3_ENDPOINT, Type.STRING, "", null, GROUP_S3, ++o,
                "S3 endpoint URL for S3-compatible servers (http://127.0.0.1:9000); empty for AWS S3 in s3.region.");
        define(d, S3_REGION, Type.STRING, "us-east-1", null, GROUP_S3, ++o, "S3 region (signing region with an endpoint).");
        define(d, S3_PATH_STYLE_ACCESS, Type.BOOLEAN, false, null, GROUP_S3, ++o,
                "Use path-style requests (http://host/bucket/key), as most S3-compatible servers need.");
        define(d, S3_ACCESS_KEY, Type.STRING, "", null, GROUP_S3, ++o,
                "Access key; empty to use the AWS default credential chain (environment, profile, instance role).");
        define(d, S3_SECRET_KEY, Type.PASSWORD, "", null, GROUP_S3, ++o, "Secret key, with s3.access.key.");
        define(d, S3_SESSION_TOKEN, Type.PASSWORD, "", null, GROUP_S3, ++o,
                "Session token of temporary credentials (STS), with s3.access.key and s3.secret.key. Without any of "
                + "the three, the AWS SDK's default provider chain is used (environment, profile, instance role).");
        define(d, S3_RETRY_BUDGET, Type.STRING, "1m", Validators.duration(Duration.ofSeconds(1)), GROUP_S3, ++o,
                "How long a failing S3 request is retried, with the AWS SDK's own retry condition and jittered "
                        + "exponential backoff (from s3.retry.base.delay doubling up to s3.retry.max.delay), counted "
                        + "from the request's start: an outage shorter than this is ridden through; after it the batch "
                        + "fails and the job stops (a restart resumes from the ledger). The last try may take up to "
                        + "s3.socket.timeout more.");
        define(d, S3_CONNECT_TIMEOUT, Type.STRING, "10s", Validators.duration(Duration.ofMillis(100)), GROUP_S3, ++o,
                "Timeout to open a connection to S3.");
        define(d, S3_SOCKET_TIMEOUT, Type.STRING, "60s", Validators.duration(Duration.ofMillis(100)), GROUP_S3, ++o,
                "Timeout waiting for data on an open S3 connection.");
        define(d, S3_RETRY_BASE_DELAY, Type.STRING, "200ms", Validators.duration(Duration.ofMillis(1)), GROUP_S3, ++o,
                "Delay before the first retry of a failed S3 request.");
        define(d, S3_RETRY_MAX_DELAY, Type.STRING, "10s", Validators.duration(Duration.ofMillis(1)), GROUP_S3, ++o,
                "Longest delay between two retries of a failed S3 request.");
        define(d, S3_SSE, Type.STRING, "none", ValidString.in("none", "AES256", "aws:kms"), GROUP_S3, ++o,
                "Server-side encryption requested on every object the job and its tools write (data, dead letters, "
                + "ledger entries, segments, lease, markers, multipart uploads): none (the bucket's default applies), "
                + "AES256 (SSE-S3) or aws:kms (SSE-KMS, with s3.sse.kms.key.id).");
        define(d, S3_SSE_KMS_KEY_ID, Type.STRING, "", null, GROUP_S3, ++o,
                "With s3.sse=aws:kms: the KMS key (id, ARN or alias); empty: the account's AWS-managed key for S3.");

        define(d, JOB_NAME, Type.STRING, "direct-stream-job", null, GROUP_JOB, ++o,
                "Spark application name; also written into the ledger.");
        define(d, JOB_STARTUP_TIMEOUT, Type.STRING, "30s", Validators.duration(Duration.ofSeconds(1)), GROUP_JOB, ++o,
                "How long the start-up checks may take to reach Kafka and S3 before the job fails naming the endpoint.");
        define(d, JOB_STOP_AFTER_IDLE_BATCHES, Type.INT, 0, Range.atLeast(0), GROUP_JOB, ++o,
                "Stop gracefully after this many consecutive batches that found no new record (the input is drained). "
                        + "0 = run until stopped.");
        define(d, JOB_MAX_DURATION, Type.STRING, "0s", Validators.duration(Duration.ZERO), GROUP_JOB, ++o,
                "Stop gracefully after running this long. 0s = run until stopped.");
        define(d, JOB_STOP_TIMEOUT, Type.STRING, "2m", Validators.duration(Duration.ofSeconds(1)), GROUP_JOB, ++o,
                "Longest a graceful stop (bin/stop, SIGTERM, drained, max duration) may take to finish the running "
                        + "batch, write its ledger entry and commit synchronously; also Spark's "
                        + "spark.streaming.gracefulStopTimeout unless set.");
        define(d, JOB_STOP_MARKER_POLL_INTERVAL, Type.STRING, "5s", Validators.duration(Duration.ofMillis(100)), GROUP_JOB, ++o,
                "How often the driver looks for the stop marker that bin/stop writes (_control/stop under "
                        + "output.location).");
        define(d, JOB_LEASE_TIMEOUT, Type.STRING, "5m", Validators.duration(Duration.ofSeconds(2)), GROUP_JOB, ++o,
                "The lease on the output location (_ledger/lease.json): a lease not renewed for this long is expired "
                        + "and another instance may take over. The holder gives up earlier, at half of this minus "
                        + "s3.retry.budget (so its last write lands before anyone may take over), and renews every "
                        + "third of that; so this must be at least twice s3.retry.budget plus 6 s, and well above the "
                        + "longest pause of the driver.");
        define(d, JOB_LEASE_WAIT, Type.STRING, "6m", Validators.duration(Duration.ZERO), GROUP_JOB, ++o,
                "How long a starting job waits for another instance's lease to be released or to expire before it "
                        + "refuses to start (exit 3). Above job.lease.timeout by default, so that a YARN attempt that "
                        + "follows one killed on another host (its lease cannot be seen to be dead) outwaits the lease.");
        return d;
    }

    private static void define(ConfigDef d, String name, Type type, Object dflt, ConfigDef.Validator validator,
                               String group, int order, String doc) {
        d.define(name, type, dflt, validator, Importance.HIGH, doc, group, order, Width.MEDIUM, name);
    }
}
