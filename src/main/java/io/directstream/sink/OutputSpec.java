package io.directstream.sink;

import io.directstream.storage.S3Location;
import io.directstream.process.TriggerSettings;
import io.directstream.process.OnError;
import java.io.Serializable;
import java.util.HashMap;
import java.util.Map;

/** Everything a partition task needs to process and write its records; built on the driver, shipped to executors. */
public final class OutputSpec implements Serializable {
    private static final long serialVersionUID = 1L;

    private final S3Settings s3;
    private final S3Location root;
    private final Compression compression;
    private final long partSize;
    private final String processorClass;
    private final HashMap<String, String> processorProperties;
    private final OnError onError;
    private final TriggerSettings triggers;

    public OutputSpec(S3Settings s3, S3Location root, Compression compression, long partSize, String processorClass,
                      Map<String, String> processorProperties, OnError onError) {
        this(s3, root, compression, partSize, processorClass, processorProperties, onError, null);
    }

    /** With the per-message trigger ({@code triggers} null when none is configured). */
    public OutputSpec(S3Settings s3, S3Location root, Compression compression, long partSize, String processorClass,
                      Map<String, String> processorProperties, OnError onError, TriggerSettings triggers) {
        this.triggers = triggers;
        this.s3 = s3;
        this.root = root;
        this.compression = compression;
        this.partSize = partSize;
        this.processorClass = processorClass;
        this.processorProperties = new HashMap<>(processorProperties);
        this.onError = onError;
    }

    public S3Settings s3() {
        return s3;
    }

    public S3Location root() {
        return root;
    }

    public Compression compression() {
        return compression;
    }

    public long partSize() {
        return partSize;
    }

    public String processorClass() {
        return processorClass;
    }

    public Map<String, String> processorProperties() {
        return processorProperties;
    }

    /** The trigger the executors run in their tasks (executor mode, chunked on the executors); absent otherwise. */
    public java.util.Optional<TriggerSettings> executorTriggers() {
        return java.util.Optional.ofNullable(triggers).filter(t -> t.runsOn() == TriggerSettings.Where.EXECUTOR);
    }

    public OnError onError() {
        return onError;
    }
}
