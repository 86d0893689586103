package io.directstream.local;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Produces sample records of every shape the archive must keep: text and binary (not UTF-8) values, null keys, null
 * values, headers. Record {@code i} is a pure function of {@code i}, so a test can recompute what it expects.
 */
public final class SampleProducer {
    private SampleProducer() {
    }

    /** Key of record i: null for every 50th record. */
    public static byte[] key(long i) {
        return i % 50 == 7 ? null : ("key-" + (i % 1000)).getBytes(StandardCharsets.UTF_8);
    }

    /** Value of record i: null every 97th, binary (invalid UTF-8) every 31st, else ~200 bytes of JSON text. */
    public static byte[] value(long i) {
        if (i % 97 == 13) {
            return null;
        }
        if (i % 31 == 5) {
            return new byte[] {(byte) 0xff, (byte) 0xfe, 0, (byte) (i & 0x7f), (byte) 0xc3, (byte) 0x28};
        }
        return ("{\"id\":" + i + ",\"customer\":\"customer-" + (i % 977) + "\",\"amount\":" + (i % 10_000) / 100.0
                + ",\"note\":\"sample record für das Archiv, ünïcödé text " + "x".repeat((int) (i % 64)) + "\"}")
                .getBytes(StandardCharsets.UTF_8);
    }

    /** Headers of record i: two on every 10th record (one of them binary), none otherwise. */
    public static RecordHeaders headers(long i) {
        RecordHeaders h = new RecordHeaders();
        if (i % 10 == 3) {
            h.add("trace-id", ("trace-" + i).getBytes(StandardCharsets.UTF_8));
            h.add("raw", new byte[] {(byte) 0x80, (byte) (i & 0x7f)});
        }
        return h;
    }

    /**
     * Producer settings that neither lose nor reorder a record on a loaded machine or a topic created a moment ago:
     * on a loaded machine a broker may answer slowly, and a new partition may answer NOT_LEADER_OR_FOLLOWER to the first
     * request; long timeouts and one request in flight keep the idempotent producer from ever resending a batch out of
     * sequence (which the broker refuses with OUT_OF_ORDER_SEQUENCE_NUMBER until the batch expires, 120 s later, lost).
     * Every test producer uses them.
     */
    public static Map<String, Object> reliable(String bootstrap) {
        Map<String, Object> conf = new HashMap<>();
        conf.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        conf.put(ProducerConfig.ACKS_CONFIG, "all");
        conf.put(ProducerConfig.LINGER_MS_CONFIG, 10);
        conf.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
        conf.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        conf.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 1);
        conf.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 120_000);
        conf.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 600_000);
        return conf;
    }

    /** Waits for every send of {@code sent}: a record that could not be written fails the caller, never vanishes. */
    public static void awaitAll(List<? extends java.util.concurrent.Future<?>> sent) {
        for (java.util.concurrent.Future<?> f : sent) {
            try {
                f.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while producing", e);
            } catch (java.util.concurrent.ExecutionException e) {
                throw new IllegalStateException("a record could not be produced: " + e.getCause(), e.getCause());
            }
        }
    }

    /** Sends {@code count} records numbered from {@code first}, round-robin over the topics, spread over partitions. */
    public static void produce(String bootstrap, List<String> topics, long first, long count) {
        Map<String, Object> conf = reliable(bootstrap);
        AtomicReference<Exception> failure = new AtomicReference<>();
        try (KafkaProducer<byte[], byte[]> p = new KafkaProducer<>(conf, new ByteArraySerializer(), new ByteArraySerializer())) {
            for (long i = first; i < first + count && failure.get() == null; i++) {
                String topic = topics.get((int) (i % topics.size()));
                p.send(new ProducerRecord<>(topic, null, key(i), value(i), headers(i)), (md, e) -> {
                    if (e != null) {
                        failure.compareAndSet(null, e);
                    }
                });
            }
            p.flush();
        }
        if (failure.get() != null) {
            throw new IllegalStateException("producing sample records to " + bootstrap + " failed: " + failure.get(), failure.get());
        }
    }
}
