package io.directstream.trigger;

import io.directstream.process.TriggerSettings.Where;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.SparkSession;

/** What a trigger gets besides the message: where it runs, the SparkSession (driver only), its outputs and settings. */
public final class TriggerContext {
    private final Where where;
    private final SparkSession spark;
    private final TriggerOutputs outputs;
    private final Map<String, String> properties;
    private final long batchTimeMs;

    TriggerContext(Where where, SparkSession spark, TriggerOutputs outputs, Map<String, String> properties,
                   long batchTimeMs) {
        this.where = where;
        this.spark = spark;
        this.outputs = outputs;
        this.properties = properties;
        this.batchTimeMs = batchTimeMs;
    }

    public Where where() {
        return where;
    }

    /** The application's SparkSession: present on the driver only (Spark has none on the executors). */
    public Optional<SparkSession> spark() {
        return Optional.ofNullable(spark);
    }

    /** Idempotent S3 outputs keyed by the message's coordinates. */
    public TriggerOutputs outputs() {
        return outputs;
    }

    /** The {@code trigger.conf.*} keys, prefix removed. */
    public Map<String, String> properties() {
        return properties;
    }

    /** Spark's time of the batch these messages belong to. */
    public long batchTimeMs() {
        return batchTimeMs;
    }
}
