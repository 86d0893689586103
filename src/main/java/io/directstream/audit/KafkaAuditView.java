package io.directstream.audit;

import io.directstream.source.KafkaAdmin;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/** {@link KafkaView} through the AdminClient (offsets, the group, offsetsForTimes) and a group-less consumer (timestamps). */
public final class KafkaAuditView implements KafkaView, AutoCloseable {
    private final KafkaAdmin admin;
    private final boolean readGroup;
    private final Map<String, Object> consumerParams;
    private KafkaConsumer<byte[], byte[]> consumer;

    public KafkaAuditView(Map<String, Object> kafkaParams, Duration timeout) {
        this(kafkaParams, timeout, true);
    }

    /** @param readGroup false for a location no group commits for (a replay): {@link #committed} is then empty */
    public KafkaAuditView(Map<String, Object> kafkaParams, Duration timeout, boolean readGroup) {
        this.readGroup = readGroup;
        this.admin = new KafkaAdmin(kafkaParams, timeout);
        try {
            admin.checkReachable();
        } catch (RuntimeException e) {
            admin.close();
            throw e;
        }
        this.consumerParams = new HashMap<>(kafkaParams);
        // read-only peeks: no group, no commits
        consumerParams.remove(ConsumerConfig.GROUP_ID_CONFIG);
        consumerParams.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        consumerParams.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "1");
        consumerParams.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        consumerParams.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, String.valueOf(timeout.toMillis()));
    }

    @Override
    public Map<TopicPartition, Long> earliest(Collection<TopicPartition> partitions) {
        return admin.earliest(partitions);
    }

    @Override
    public Map<TopicPartition, Long> logEnd(Collection<TopicPartition> partitions) {
        return admin.latest(partitions);
    }

    @Override
    public Map<TopicPartition, Long> committed(Collection<TopicPartition> partitions) {
        return readGroup ? admin.committed(partitions) : Map.of();
    }

    @Override
    public Map<TopicPartition, Long> offsetsForTime(Collection<TopicPartition> partitions, long timeMs) {
        Map<TopicPartition, OffsetSpec> request = new HashMap<>();
        partitions.forEach(tp -> request.put(tp, OffsetSpec.forTimestamp(timeMs)));
        Map<TopicPartition, Long> out = new HashMap<>();
        if (request.isEmpty()) {
            return out;
        }
        try {
            Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> r =
                    admin.admin().listOffsets(request).all().get(60, TimeUnit.SECONDS);
            Map<TopicPartition, Long> ends = null;
            for (TopicPartition tp : partitions) {
                long o = r.get(tp).offset();
                if (o < 0) {
                    if (ends == null) {
                        ends = logEnd(partitions);
                    }
                    o = ends.get(tp);
                }
                out.put(tp, o);
            }
            return out;
        } catch (Exception e) {
            throw new IllegalStateException("offsetsForTimes failed: " + e, e);
        }
    }

    @Override
    public Optional<Long> timestampAt(TopicPartition partition, long offset) {
        if (consumer == null) {
            consumer = new KafkaConsumer<>(consumerParams, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        }
        consumer.assign(List.of(partition));
        consumer.seek(partition, offset);
        long deadline = System.currentTimeMillis() + 10_000;
        while (System.currentTimeMillis() < deadline) {
            for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                return Optional.of(r.timestamp());
            }
        }
        return Optional.empty();
    }

    @Override
    public Collection<TopicPartition> partitionsOf(Collection<String> topics) {
        return admin.partitions(topics, true, new ArrayList<>());
    }

    @Override
    public void close() {
        if (consumer != null) {
            consumer.close(Duration.ofSeconds(5));
        }
        admin.close();
    }
}
