package io.directstream.trigger;

import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;

/**
 * One Kafka message with its coordinates, copied out of the {@link ConsumerRecord} (which is not serializable) so it
 * can travel to the driver. Key and value are the raw bytes; {@code key} may be null.
 */
public record TriggerMessage(String topic, int partition, long offset, long timestamp, byte[] key, byte[] value,
                             List<Header> headers) implements Serializable {

    /** A record header: name and raw value (may be null). */
    public record Header(String name, byte[] value) implements Serializable {
    }

    public TriggerMessage {
        headers = List.copyOf(headers);
    }

    public static TriggerMessage of(ConsumerRecord<byte[], byte[]> r) {
        List<Header> headers = new ArrayList<>(0);
        for (org.apache.kafka.common.header.Header h : r.headers()) {
            headers.add(new Header(h.key(), h.value()));
        }
        return new TriggerMessage(r.topic(), r.partition(), r.offset(), r.timestamp(), r.key(), r.value(), headers);
    }

    public TopicPartition topicPartition() {
        return new TopicPartition(topic, partition);
    }

    /** The value as UTF-8 text (empty for a null value). */
    public String valueText() {
        return value == null ? "" : new String(value, StandardCharsets.UTF_8);
    }

    /** The last header of this name, if any. */
    public Optional<byte[]> header(String name) {
        byte[] v = null;
        boolean found = false;
        for (Header h : headers) {
            if (h.name().equals(name)) {
                v = h.value();
                found = true;
            }
        }
        return found ? Optional.ofNullable(v) : Optional.empty();
    }

    /** {@code topic-partition@offset}, for messages and logs. */
    public String coordinates() {
        return topic + "-" + partition + "@" + offset;
    }

    /** Back to a record, for the dead-letter encoding the archive uses. */
    ConsumerRecord<byte[], byte[]> toRecord() {
        RecordHeaders h = new RecordHeaders();
        for (Header x : headers) {
            h.add(new RecordHeader(x.name(), x.value()));
        }
        return new ConsumerRecord<>(topic, partition, offset, timestamp, TimestampType.CREATE_TIME,
                key == null ? -1 : key.length, value == null ? -1 : value.length, key, value, h, Optional.empty());
    }

    @Override
    public String toString() {
        return "TriggerMessage[" + coordinates() + ", " + (value == null ? "null" : value.length + " bytes") + "]";
    }
}
