package io.directstream.source;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
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

    /**
     * @param kafkaParams the consumer's settings
     * @param topics      the topics to subscribe to, when {@code pattern} is empty
     * @param pattern     the topic pattern to subscribe to, if any
     */
    public static JavaInputDStream<ConsumerRecord<byte[], byte[]>> create(JavaStreamingContext jssc,
                                                                          Map<String, Object> kafkaParams,
                                                                          List<String> topics, Optional<Pattern> pattern,
                                                                          List<PartitionStart> starts, boolean assign) {
        Map<TopicPartition, Long> offsets = new HashMap<>();
        for (PartitionStart s : starts) {
            offsets.put(s.partition(), s.offset());
        }
        Map<String, Object> params = new HashMap<>(kafkaParams);
        ConsumerStrategy<byte[], byte[]> strategy;
        if (assign) {
            strategy = ConsumerStrategies.Assign(new ArrayList<>(offsets.keySet()), params, offsets);
        } else if (pattern.isPresent()) {
            strategy = ConsumerStrategies.SubscribePattern(pattern.get(), params, offsets);
        } else {
            strategy = ConsumerStrategies.Subscribe(topics, params, offsets);
        }
        return KafkaUtils.createDirectStream(jssc, LocationStrategies.PreferConsistent(), strategy);
    }
}
