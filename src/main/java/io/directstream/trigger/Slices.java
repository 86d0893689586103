package io.directstream.trigger;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.streaming.kafka010.OffsetRange;

/**
 * Cuts a batch's offset ranges into slices of at most {@code max} offsets, in order (partition by partition, each
 * partition's offsets ascending), so the driver never holds more than {@code max} messages of a batch at once.
 */
final class Slices {
    private Slices() {
    }

    /** The ranges cut into slices of at most {@code max} offsets in all. */
    static List<OffsetRange[]> of(OffsetRange[] ranges, int max) {
        if (max < 1) {
            throw new IllegalArgumentException("slice size " + max);
        }
        List<OffsetRange[]> slices = new ArrayList<>();
        List<OffsetRange> current = new ArrayList<>();
        long room = max;
        for (int i = 0; i < ranges.length; i++) {
            OffsetRange r = ranges[i];
            long start = r.fromOffset();
            while (start < r.untilOffset()) {
                long end = Math.min(r.untilOffset(), start + room);
                current.add(OffsetRange.create(r.topicPartition(), start, end));
                room -= end - start;
                start = end;
                if (room == 0) {
                    slices.add(current.toArray(new OffsetRange[0]));
                    current.clear();
                    room = max;
                }
            }
        }
        if (!current.isEmpty()) {
            slices.add(current.toArray(new OffsetRange[0]));
        }
        return slices;
    }

    /** Consecutive messages of one partition, at most {@code size} each (the messages come partition by partition). */
    static List<List<TriggerMessage>> units(List<TriggerMessage> messages, int size) {
        List<List<TriggerMessage>> units = new ArrayList<>();
        List<TriggerMessage> unit = new ArrayList<>();
        for (TriggerMessage m : messages) {
            if (!unit.isEmpty() && (unit.size() >= size || unit.get(0).partition() != m.partition()
                    || !unit.get(0).topic().equals(m.topic()))) {
                units.add(unit);
                unit = new ArrayList<>();
            }
            unit.add(m);
        }
        if (!unit.isEmpty()) {
            units.add(unit);
        }
        return units;
    }
}
