package io.directstream.local;

import com.amazonaws.services.s3.AmazonS3;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Sample requests for the DataFrame trigger ({@code bin/run-local --triggers N}): input files uploaded to S3 and
 * messages that name them. Message i is, in turn: a generated range, a CSV input, a JSON-lines input, and every tenth
 * one an input that does not exist (dead-lettered, to show where such messages go).
 */
public final class TriggerSamples {
    public static final String TOPIC = "trigger-requests";
    private static final String[] REGIONS = {"north", "south", "east", "west"};

    private TriggerSamples() {
    }

    /** Uploads the inputs under {@code s3://bucket/prefix/} and returns their URIs: CSV, CSV, JSON lines. */
    public static List<String> uploadInputs(AmazonS3 s3, String bucket, String prefix) {
        List<String> uris = new ArrayList<>();
        for (int f = 0; f < 2; f++) {
            StringBuilder csv = new StringBuilder("region,amount,customer\n");
            for (int i = 0; i < 500; i++) {
                csv.append(REGIONS[(i + f) % REGIONS.length]).append(',').append((i * 7 + f) % 1000).append(",c")
                        .append(i % 37).append('\n');
            }
            uris.add(put(s3, bucket, prefix + "/sales-" + f + ".csv", csv.toString()));
        }
        StringBuilder json = new StringBuilder();
        for (int i = 0; i < 500; i++) {
            json.append(String.format(Locale.ROOT, "{\"region\":\"%s\",\"amount\":%d}%n", REGIONS[i % REGIONS.length],
                    (i * 13) % 1000));
        }
        uris.add(put(s3, bucket, prefix + "/sales.jsonl", json.toString()));
        return uris;
    }

    /** Request i, naming the inputs {@link #uploadInputs} returned. */
    public static String request(long i, List<String> inputs) {
        if (i % 10 == 9) {
            return "{\"input\":\"" + inputs.get(0).replace("sales-0.csv", "missing-" + i + ".csv")
                    + "\",\"format\":\"csv\",\"groupBy\":\"region\",\"value\":\"amount\"}";
        }
        return switch ((int) (i % 3)) {
            case 0 -> "{\"range\":" + (1000 + i) + ",\"buckets\":4,\"factor\":2}";
            case 1 -> "{\"input\":\"" + inputs.get((int) (i / 3 % 2)) + "\",\"format\":\"csv\",\"groupBy\":\"region\","
                    + "\"value\":\"amount\",\"factor\":1.5}";
            default -> "{\"input\":\"" + inputs.get(2) + "\",\"format\":\"json\",\"groupBy\":\"region\",\"value\":\"amount\"}";
        };
    }

    /** Sends {@code count} requests to {@code topic}, keyed by their number. */
    public static void produce(String bootstrap, String topic, long count, List<String> inputs) {
        Map<String, Object> conf = new HashMap<>();
        conf.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        conf.put(ProducerConfig.ACKS_CONFIG, "all");
        try (KafkaProducer<byte[], byte[]> p = new KafkaProducer<>(conf, new ByteArraySerializer(), new ByteArraySerializer())) {
            for (long i = 0; i < count; i++) {
                p.send(new ProducerRecord<>(topic, ("request-" + i).getBytes(StandardCharsets.UTF_8),
                        request(i, inputs).getBytes(StandardCharsets.UTF_8))).get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("producing trigger requests to " + bootstrap + " failed: " + e.getCause(), e);
        }
    }

    private static String put(AmazonS3 s3, String bucket, String key, String body) {
        s3.putObject(bucket, key, body);
        return "s3://" + bucket + "/" + key;
    }
}
