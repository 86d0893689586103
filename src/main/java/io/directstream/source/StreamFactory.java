package io.directstream.source;

import io.directstream.config.JobConfig;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.spark.streaming.api.java.JavaInputDStream;
import org.apache.spark.streaming.api.java.JavaStreamingContext;
import org.apache.spark.streaming.kafka010.ConsumerStrategies;
import org.apache.spark.streaming.kafka010.ConsumerStrategy;
import org.apache.spark.streaming.kafka010.KafkaUtils;
import org.apache.spark.streaming.kafka010.LocationStrategies;

/**
 * Creates the receiver-less direct stream: {@code Subscribe} for a topic list, {@code SubscribePattern} for a pattern,
 * {@code Assign} when the start offsets are explicit and the partition set must not change. In every case each known
 * partition is handed its resolved start offset.
 */
public final class StreamFactory {
    private StreamFactory() {
    }

    public static JavaInputDStream<ConsumerRecord<byte[], byte[]>> create(JavaStreamingContext jssc, JobConfig config,
                                                                          List<PartitionStart> starts, boolean assign) {
        Map<TopicPartition, Long> offsets = new HashMap<>();
        for (PartitionStart s : starts) {
            offsets.put(s.partition(), s.offset());
        }
        Map<String, Object> params = new HashMap<>(config.kafkaParams());
        ConsumerStrategy<byte[], byte[]> strategy;
        if (assign) {
            strategy = ConsumerStrategies.Assign(new ArrayList<>(offsets.keySet()), params, offsets);
        } else if (config.topicPattern().isPresent()) {
            strategy = ConsumerStrategies.SubscribePattern(config.topicPattern().get(), params, offsets);
        } else {
            strategy = ConsumerStrategies.Subscribe(config.topics(), params, offsets);
        }
        return KafkaUtils.createDirectStream(jssc, LocationStrategies.PreferConsistent(), strategy);
    }
}
