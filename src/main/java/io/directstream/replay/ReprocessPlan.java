package io.directstream.replay;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.common.TopicPartition;
import org.apache.spark.streaming.kafka010.OffsetRange;

/**
 * A bounded reprocessing: per partition the offsets [from, until), cut into chunks of a fixed number of offsets
 * starting at {@code from}. Chunk boundaries depend only on the range and the chunk size, so the same range always
 * gives the same object keys; the default name is derived from the range itself for the same reason.
 */
public final class ReprocessPlan {
    private static final Comparator<TopicPartition> ORDER =
            Comparator.comparing(TopicPartition::topic).thenComparingInt(TopicPartition::partition);

    private final List<OffsetRange> ranges = new ArrayList<>();
    private final long chunk;

    public ReprocessPlan(Map<TopicPartition, Long> from, Map<TopicPartition, Long> until, long chunk) {
        if (chunk < 1) {
            throw new IllegalArgumentException("chunk size must be at least 1");
        }
        this.chunk = chunk;
        TreeMap<TopicPartition, Long> inOrder = new TreeMap<>(ORDER);
        inOrder.putAll(from);
        inOrder.forEach((tp, f) -> {
            Long u = until.get(tp);
            if (u != null && u > f) {
                ranges.add(OffsetRange.create(tp, f, u));
            }
        });
    }

    /** The ranges to reprocess, in topic and partition order (partitions with nothing to do left out). */
    public List<OffsetRange> ranges() {
        return List.copyOf(ranges);
    }

    public long totalOffsets() {
        return ranges.stream().mapToLong(OffsetRange::count).sum();
    }

    /**
     * The chunks not yet done, from {@code doneUntil} of their partition (where an earlier run's ledger ends) on, in
     * partition order then offset order. A chunk the earlier run covered in part (it ended inside it: a finished
     * replay run again with a later end) is done from there to its boundary, so no offset is skipped and the chunks
     * after it keep their boundaries.
     */
    public List<OffsetRange> chunks(Map<TopicPartition, Long> doneUntil) {
        List<OffsetRange> out = new ArrayList<>();
        for (OffsetRange r : ranges) {
            TopicPartition tp = r.topicPartition();
            long done = doneUntil.getOrDefault(tp, r.fromOffset());
            for (long start = r.fromOffset(); start < r.untilOffset(); start += chunk) {
                long end = Math.min(start + chunk, r.untilOffset());
                if (start >= done) {
                    out.add(OffsetRange.create(tp.topic(), tp.partition(), start, end));
                } else if (end > done) {
                    out.add(OffsetRange.create(tp.topic(), tp.partition(), done, end));
                }
            }
        }
        return out;
    }

    /** A name for the reprocessing that depends only on the ranges and the chunk size. */
    public String defaultName() {
        StringBuilder sb = new StringBuilder();
        for (OffsetRange r : ranges) {
            sb.append(r.topicPartition()).append(':').append(r.fromOffset()).append('-').append(r.untilOffset()).append(';');
        }
        sb.append(chunk);
        long h = 1125899906842597L;
        for (int i = 0; i < sb.length(); i++) {
            h = 31 * h + sb.charAt(i);
        }
        return String.format(Locale.ROOT, "range-%016x", h);
    }
}
