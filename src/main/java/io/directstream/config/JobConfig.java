package io.directstream.config;

import io.directstream.process.OnError;
import io.directstream.process.TriggerSettings;
import io.directstream.sink.Compression;
import io.directstream.sink.S3Settings;
import io.directstream.source.DataLossPolicy;
import io.directstream.source.StartSpec;
import io.directstream.source.StartingPosition;
import io.directstream.storage.S3Location;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/** The job's validated configuration as values; built only by {@link ConfigLoader}. */
public final class JobConfig {
    private final String jobName;
    private final List<String> topics;
    private final Pattern topicPattern;
    private final StartingPosition startingPosition;
    private final DataLossPolicy onDataLoss;
    private final StartSpec startSpec;
    private final boolean replayAllowed;
    private final Duration batchInterval;
    private final long maxRatePerPartition;
    private final long initialRate;
    private final String checkpointLocation;
    private final String processorClass;
    private final OnError onError;
    private final Map<String, String> processorProperties;
    private final S3Location output;
    private final Compression compression;
    private final long partSize;
    private final int snapshotInterval;
    private final S3Settings s3;
    private final Duration startupTimeout;
    private final int stopAfterIdleBatches;
    private final Duration maxDuration;
    private final Duration stopTimeout;
    private final Duration stopMarkerPollInterval;
    private final Duration leaseTimeout;
    private final Duration leaseWait;
    private final Map<String, Object> kafkaParams;
    private final Map<String, String> sparkProperties;
    private final Map<String, String> sources;
    private final List<String> legacyWarnings;
    private final TriggerSettings triggers;

    JobConfig(Builder b) {
        this.jobName = b.jobName;
        this.topics = List.copyOf(b.topics);
        this.topicPattern = b.topicPattern;
        this.startingPosition = b.startingPosition;
        this.onDataLoss = b.onDataLoss;
        this.startSpec = b.startSpec;
        this.replayAllowed = b.replayAllowed;
        this.batchInterval = b.batchInterval;
        this.maxRatePerPartition = b.maxRatePerPartition;
        this.initialRate = b.initialRate;
        this.checkpointLocation = b.checkpointLocation;
        this.processorClass = b.processorClass;
        this.onError = b.onError;
        this.processorProperties = Collections.unmodifiableMap(b.processorProperties);
        this.triggers = b.triggers;
        this.output = b.output;
        this.compression = b.compression;
        this.partSize = b.partSize;
        this.snapshotInterval = b.snapshotInterval;
        this.s3 = b.s3;
        this.startupTimeout = b.startupTimeout;
        this.stopAfterIdleBatches = b.stopAfterIdleBatches;
        this.maxDuration = b.maxDuration;
        this.stopTimeout = b.stopTimeout;
        this.stopMarkerPollInterval = b.stopMarkerPollInterval;
        this.leaseTimeout = b.leaseTimeout;
        this.leaseWait = b.leaseWait;
        this.kafkaParams = Collections.unmodifiableMap(b.kafkaParams);
        this.sparkProperties = Collections.unmodifiableMap(b.sparkProperties);
        this.sources = Collections.unmodifiableMap(b.sources);
        this.legacyWarnings = List.copyOf(b.legacyWarnings);
    }

    /** What the translation of legacy (Spark 1.6) keys did, one line per key; empty for a current configuration. */
    /** The per-message trigger, when {@code trigger.class} is set. */
    public Optional<TriggerSettings> triggers() {
        return Optional.ofNullable(triggers);
    }

    public List<String> legacyWarnings() {
        return legacyWarnings;
    }

    public String jobName() {
        return jobName;
    }

    /** The topic list; empty when {@link #topicPattern()} is used. */
    public List<String> topics() {
        return topics;
    }

    public Optional<Pattern> topicPattern() {
        return Optional.ofNullable(topicPattern);
    }

    public StartingPosition startingPosition() {
        return startingPosition;
    }

    /** The explicit start, or {@link StartSpec#resume()} (the default: from the ledger). */
    public StartSpec startSpec() {
        return startSpec;
    }

    /** Whether an explicit start may move partitions away from the ledger's end. */
    public boolean replayAllowed() {
        return replayAllowed;
    }

    public DataLossPolicy onDataLoss() {
        return onDataLoss;
    }

    public Duration batchInterval() {
        return batchInterval;
    }

    /** Records per second per partition; 0 = no limit. */
    public long maxRatePerPartition() {
        return maxRatePerPartition;
    }

    /** Records per second over all partitions for the first batch (backpressure's initial rate). */
    public long initialRate() {
        return initialRate;
    }

    /** The metadata checkpoint directory, if checkpointing is on. */
    public Optional<String> checkpointLocation() {
        return checkpointLocation.isBlank() ? Optional.empty() : Optional.of(checkpointLocation.trim());
    }

    public String processorClass() {
        return processorClass;
    }

    public OnError onError() {
        return onError;
    }

    /** The {@code processor.*} keys, prefix removed. */
    public Map<String, String> processorProperties() {
        return processorProperties;
    }

    public S3Location output() {
        return output;
    }

    public Compression compression() {
        return compression;
    }

    public long partSize() {
        return partSize;
    }

    public int snapshotInterval() {
        return snapshotInterval;
    }

    public S3Settings s3() {
        return s3;
    }

    public Duration startupTimeout() {
        return startupTimeout;
    }

    /** 0 = never stop for idleness. */
    public int stopAfterIdleBatches() {
        return stopAfterIdleBatches;
    }

    /** {@link Duration#ZERO} = no limit. */
    public Duration maxDuration() {
        return maxDuration;
    }

    public Duration stopTimeout() {
        return stopTimeout;
    }

    public Duration stopMarkerPollInterval() {
        return stopMarkerPollInterval;
    }

    public Duration leaseTimeout() {
        return leaseTimeout;
    }

    public Duration leaseWait() {
        return leaseWait;
    }

    /** The consumer's parameters: the {@code kafka.*} keys (prefix removed) over the job's forced settings. */
    public Map<String, Object> kafkaParams() {
        return kafkaParams;
    }

    public String groupId() {
        return String.valueOf(kafkaParams.get("group.id"));
    }

    public String bootstrapServers() {
        return String.valueOf(kafkaParams.get("bootstrap.servers"));
    }

    /** The {@code spark.*} keys, applied to the SparkConf where spark-submit did not set them. */
    public Map<String, String> sparkProperties() {
        return sparkProperties;
    }

    /** Every key as given (file and command line), for printing; secrets are masked. */
    public Map<String, String> sources() {
        return sources;
    }

    static final class Builder {
        String jobName;
        List<String> topics = List.of();
        Pattern topicPattern;
        StartingPosition startingPosition;
        DataLossPolicy onDataLoss;
        StartSpec startSpec = StartSpec.resume();
        boolean replayAllowed;
        Duration batchInterval;
        long maxRatePerPartition;
        long initialRate;
        String checkpointLocation = "";
        String processorClass;
        OnError onError;
        Map<String, String> processorProperties = Map.of();
        TriggerSettings triggers;
        S3Location output;
        Compression compression;
        long partSize;
        int snapshotInterval;
        S3Settings s3;
        Duration startupTimeout;
        int stopAfterIdleBatches;
        Duration maxDuration;
        Duration stopTimeout;
        Duration stopMarkerPollInterval;
        Duration leaseTimeout;
        Duration leaseWait;
        Map<String, Object> kafkaParams = Map.of();
        Map<String, String> sparkProperties = Map.of();
        Map<String, String> sources = Map.of();
        List<String> legacyWarnings = List.of();
    }
}
