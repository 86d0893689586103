package io.directstream.migrate;

import io.directstream.source.KafkaAdmin;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;

/**
 * Offsets Kafka itself keeps for an existing consumer group: a 0.8.2+/0.9 pipeline with {@code offsets.storage=kafka}
 * or a 0.10 consumer group. Kafka stores the next offset to read (what {@code commitSync}/{@code commitAsync} are
 * given), so the values are read as next offsets.
 */
public final class GroupOffsetSource {
    private GroupOffsetSource() {
    }

    /** The old group's committed offsets of {@code partitions}, and its active members in {@code members}. */
    public static LegacyOffsets read(Map<String, Object> kafkaParams, Duration timeout, String oldGroup,
                                     Collection<TopicPartition> partitions, List<String> members) {
        Map<String, Object> params = new HashMap<>(kafkaParams);
        params.put("group.id", oldGroup);
        LegacyOffsets out = new LegacyOffsets("kafka group " + oldGroup);
        try (KafkaAdmin old = new KafkaAdmin(params, timeout)) {
            members.addAll(old.activeMembers());
            old.committed(partitions).forEach((tp, o) -> out.add(LegacyValue.read(tp, "group " + oldGroup
                    + " (committed in Kafka)", "Kafka offset commit", SavedOffset.number(tp.topic(), tp.partition(), o))));
        }
        if (!members.isEmpty()) {
            out.note("group " + oldGroup + " has active members " + members + ": its offsets still move; stop the old "
                    + "pipeline before --apply (which is refused until then)");
        }
        return out;
    }
}
