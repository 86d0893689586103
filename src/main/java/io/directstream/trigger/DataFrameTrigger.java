package io.directstream.trigger;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;

import com.amazonaws.services.s3.model.AmazonS3Exception;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.directstream.process.TriggerSettings.Where;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.apache.spark.sql.AnalysisException;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The worked example of a trigger that needs Spark: each message is a JSON request naming an input and an
 * aggregation; the driver builds a DataFrame for it, adds a column, aggregates, and stores the (small) result as JSON
 * lines under the message's coordinates ({@code _triggers/topic=t/partition=p/t+p+offset.json}).
 * <pre>
 * {"input": "s3://bucket/sales/2026-11-30.csv", "format": "csv", "groupBy": "region", "value": "amount", "factor": 1.2}
 * {"range": 100000, "buckets": 8, "factor": 2}
 * </pre>
 * An {@code s3://} input is read with the job's own S3 settings (CSV with a header line, or JSON lines); any other
 * URI ({@code s3a://}, {@code hdfs://}, {@code file:}) and Parquet go through Spark's own readers, so they need a
 * file system Spark can reach. A {@code range} input is generated: columns {@code id}, {@code bucket = id % buckets},
 * {@code amount = id}. The result has one line per group: the group, {@code rows} and {@code total} (the sum of
 * {@code value × factor}).
 *
 * <p>A request that cannot be served (not JSON, a field missing, an input that does not exist, a column it does not
 * have) is dead-lettered with the reason; any other failure (S3 unreachable) fails the batch, which runs again after
 * the restart.
 */
public final class DataFrameTrigger implements Trigger {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Override
    public Set<Where> runsOn() {
        return EnumSet.of(Where.DRIVER);
    }

    @Override
    public TriggerOutcome handle(TriggerMessage message, TriggerContext context) throws Exception {
        SparkSession spark = context.spark().orElseThrow(() -> new IllegalStateException("no SparkSession here"));
        JsonNode request;
        try {
            request = JSON.readTree(message.value());
        } catch (IOException e) {
            return TriggerOutcome.deadLetter("not a JSON request: " + e.getMessage().lines().findFirst().orElse(""));
        }
        if (request == null || !request.isObject()) {
            return TriggerOutcome.deadLetter("not a JSON object");
        }
        Dataset<Row> input;
        String groupBy;
        String value;
        try {
            if (request.has("range")) {
                long n = request.get("range").asLong();
                long buckets = Math.max(1, request.path("buckets").asLong(10));
                input = spark.range(n).withColumn("bucket", col("id").mod(buckets)).withColumn("amount", col("id"));
                groupBy = request.path("groupBy").asText("bucket");
                value = request.path("value").asText("amount");
            } else if (request.has("input")) {
                input = read(spark, request.get("input").asText(), request.path("format").asText("csv"), context);
                if (!request.has("groupBy") || !request.has("value")) {
                    return TriggerOutcome.deadLetter("a request with an input needs groupBy and value");
                }
                groupBy = request.get("groupBy").asText();
                value = request.get("value").asText();
            } else {
                return TriggerOutcome.deadLetter("a request needs input or range");
            }
            if (!Arrays.asList(input.columns()).contains(groupBy) || !Arrays.asList(input.columns()).contains(value)) {
                return TriggerOutcome.deadLetter("the input has columns " + Arrays.toString(input.columns())
                        + ", not " + groupBy + " and " + value);
            }
        } catch (InputMissing e) {
            return TriggerOutcome.deadLetter(e.getMessage());
        }
        double factor = request.path("factor").asDouble(1.0);
        List<String> lines = input
                .withColumn("scaled", col(value).cast("double").multiply(lit(factor)))
                .groupBy(col(groupBy))
                .agg(count(lit(1)).as("rows"), sum(col("scaled")).as("total"))
                .orderBy(col(groupBy))
                .toJSON()
                .collectAsList();
        context.outputs().put(message, "json", (String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8),
                "application/x-ndjson");
        return TriggerOutcome.done();
    }

    private static Dataset<Row> read(SparkSession spark, String uri, String format, TriggerContext context)
            throws InputMissing {
        if (uri.startsWith("s3://") && (format.equals("csv") || format.equals("json"))) {
            byte[] bytes;
            try {
                bytes = context.outputs().read(uri);
            } catch (AmazonS3Exception e) {
                if (e.getStatusCode() == 404) {
                    throw new InputMissing("input " + uri + " does not exist");
                }
                throw e;
            }
            List<String> lines = Arrays.asList(new String(bytes, StandardCharsets.UTF_8).split("\r?\n"));
            Dataset<String> text = spark.createDataset(lines, Encoders.STRING());
            return format.equals("csv")
                    ? spark.read().option("header", "true").option("inferSchema", "true").csv(text)
                    : spark.read().json(text);
        }
        try {
            return spark.read().format(format).load(uri);
        } catch (Exception e) {
            if (e instanceof AnalysisException) {
                throw new InputMissing("input " + uri + " (" + format + ") cannot be read: " + e.getMessage());
            }
            throw e;
        }
    }

    /** The request names an input that is not there: the message is dead-lettered, the batch goes on. */
    private static final class InputMissing extends Exception {
        private static final long serialVersionUID = 1L;

        InputMissing(String message) {
            super(message);
        }
    }
}
