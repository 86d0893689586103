package io.directstream.migrate;

import io.directstream.source.OffsetsRetriever;
import io.directstream.source.StartTable;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;

/**
 * What importing a legacy pipeline's offsets would do, partition by partition: each legacy offset checked against the
 * partition's earliest and log-end offsets, partitions missing from the legacy source, and the policies for both.
 */
public final class MigrationPlan {
    /** For a partition the legacy source does not have. */
    public enum OnMissing { FAIL, EARLIEST, LATEST }

    /** For a legacy offset outside [earliest, log end]. */
    public enum OnOutOfRange { FAIL, CLAMP }

    /** One partition's line of the plan. */
    public static final class Row {
        final TopicPartition partition;
        final Long legacy;
        final long earliest;
        final long logEnd;
        final Long start;
        final String action;
        final boolean problem;
        final Long lostFrom;

        Row(TopicPartition partition, Long legacy, long earliest, long logEnd, Long start, String action, boolean problem,
            Long lostFrom) {
            this.partition = partition;
            this.legacy = legacy;
            this.earliest = earliest;
            this.logEnd = logEnd;
            this.start = start;
            this.action = action;
            this.problem = problem;
            this.lostFrom = lostFrom;
        }

        public TopicPartition partition() {
            return partition;
        }

        /** Where the job will start; absent when the row is a problem. */
        public java.util.Optional<Long> start() {
            return java.util.Optional.ofNullable(start);
        }

        public String action() {
            return action;
        }

        public boolean problem() {
            return problem;
        }

        /** When clamped up from a legacy offset below the earliest: the first lost offset. */
        public java.util.Optional<Long> lostFrom() {
            return java.util.Optional.ofNullable(lostFrom);
        }
    }

    private final List<Row> rows;
    private final List<String> notes;

    private MigrationPlan(List<Row> rows, List<String> notes) {
        this.rows = rows;
        this.notes = notes;
    }

    public static MigrationPlan of(LegacyOffsets legacy, Collection<TopicPartition> partitions, OffsetsRetriever kafka,
                                   OnMissing onMissing, OnOutOfRange onOutOfRange) {
        Map<TopicPartition, Long> earliest = kafka.earliest(partitions);
        Map<TopicPartition, Long> logEnd = kafka.latest(partitions);
        List<Row> rows = new ArrayList<>();
        for (TopicPartition tp : partitions) {
            long e = earliest.get(tp);
            long n = logEnd.get(tp);
            Long l = legacy.offsets().get(tp);
            if (l == null) {
                switch (onMissing) {
                    case EARLIEST:
                        rows.add(new Row(tp, null, e, n, e, "missing from the legacy source: start at earliest", false, null));
                        break;
                    case LATEST:
                        rows.add(new Row(tp, null, e, n, n, "missing from the legacy source: start at latest", false, null));
                        break;
                    default:
                        rows.add(new Row(tp, null, e, n, null, "ERROR missing from the legacy source "
                                + "(--on-missing earliest|latest to start it anyway)", true, null));
                }
            } else if (l < e) {
                if (onOutOfRange == OnOutOfRange.CLAMP) {
                    rows.add(new Row(tp, l, e, n, e, "below earliest: clamped; offsets " + l + "-" + (e - 1)
                            + " were deleted by retention (recorded as a gap)", false, l));
                } else {
                    rows.add(new Row(tp, l, e, n, null, "ERROR below earliest: offsets " + l + "-" + (e - 1) + " were "
                            + "deleted by retention (--on-out-of-range clamp to start at " + e + ")", true, null));
                }
            } else if (l > n) {
                if (onOutOfRange == OnOutOfRange.CLAMP) {
                    rows.add(new Row(tp, l, e, n, n, "beyond the log end: clamped to " + n
                            + " (was the topic re-created?)", false, null));
                } else {
                    rows.add(new Row(tp, l, e, n, null, "ERROR beyond the log end " + n + " (was the topic re-created? "
                            + "--on-out-of-range clamp to start at " + n + ")", true, null));
                }
            } else {
                rows.add(new Row(tp, l, e, n, l, "start at the legacy offset", false, null));
            }
        }
        List<String> notes = new ArrayList<>();
        for (TopicPartition tp : legacy.offsets().keySet()) {
            if (!partitions.contains(tp)) {
                notes.add("the legacy source has " + tp + " (offset " + legacy.offsets().get(tp) + "), which is not a "
                        + "partition of the job's topics in Kafka: ignored");
            }
        }
        return new MigrationPlan(rows, notes);
    }

    public List<Row> rows() {
        return rows;
    }

    /** Remarks that do not block (partitions of the legacy source that Kafka does not have). */
    public List<String> notes() {
        return notes;
    }

    public long problems() {
        return rows.stream().filter(Row::problem).count();
    }

    /** The plan as a table: partition, legacy offset, earliest, log end, resulting start offset, action. */
    public String table() {
        List<String[]> t = new ArrayList<>();
        t.add(new String[] {"TOPIC", "PARTITION", "LEGACY-OFFSET", "EARLIEST", "LOG-END", "START-OFFSET", "ACTION"});
        for (Row r : rows) {
            t.add(new String[] {r.partition.topic(), String.valueOf(r.partition.partition()),
                r.legacy == null ? "-" : String.valueOf(r.legacy), String.valueOf(r.earliest), String.valueOf(r.logEnd),
                r.start == null ? "-" : String.valueOf(r.start), r.action});
        }
        return StartTable.align(t);
    }
}
