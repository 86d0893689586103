package io.directstream.migrate;

import io.directstream.source.OffsetsRetriever;
import io.directstream.source.StartTable;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.common.TopicPartition;

/**
 * What importing a legacy pipeline's offsets would do, partition by partition: each value read as the user said
 * ({@link ResumePoint}), checked against the partition's earliest and log-end offsets; partitions missing from the
 * legacy source; and the policies for both. Every ambiguity is an error naming the flag that resolves it.
 */
public final class MigrationPlan {
    /** For a partition the legacy source does not have. */
    public enum OnMissing { FAIL, EARLIEST, LATEST }

    /** For a legacy offset outside [earliest, log end]. */
    public enum OnOutOfRange { FAIL, CLAMP }

    /** One partition's line of the plan. */
    public static final class Row {
        final TopicPartition partition;
        final LegacyValue value;
        final Long legacy;
        final String readAs;
        final long earliest;
        final long logEnd;
        final Long start;
        final String action;
        final boolean problem;
        final Long lostFrom;

        Row(TopicPartition partition, LegacyValue value, Long legacy, String readAs, long earliest, long logEnd, Long start,
            String action, boolean problem, Long lostFrom) {
            this.partition = partition;
            this.value = value;
            this.legacy = legacy;
            this.readAs = readAs;
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
        public Optional<Long> start() {
            return Optional.ofNullable(start);
        }

        public String action() {
            return action;
        }

        public boolean problem() {
            return problem;
        }

        /** When clamped up from a legacy offset below the earliest: the first lost offset. */
        public Optional<Long> lostFrom() {
            return Optional.ofNullable(lostFrom);
        }
    }

    private final List<Row> rows;
    private final List<String> notes;
    private final List<String> sourceProblems;

    private MigrationPlan(List<Row> rows, List<String> notes, List<String> sourceProblems) {
        this.rows = rows;
        this.notes = notes;
        this.sourceProblems = sourceProblems;
    }

    public static MigrationPlan of(LegacyOffsets legacy, Collection<TopicPartition> partitions, OffsetsRetriever kafka,
                                   ResumePoint resume, OnMissing onMissing, OnOutOfRange onOutOfRange) {
        Map<TopicPartition, Long> earliest = kafka.earliest(partitions);
        Map<TopicPartition, Long> logEnd = kafka.latest(partitions);
        List<Row> rows = new ArrayList<>();
        for (TopicPartition tp : partitions) {
            rows.add(row(tp, legacy.values().get(tp), earliest.get(tp), logEnd.get(tp), resume, onMissing, onOutOfRange));
        }
        List<String> notes = new ArrayList<>(legacy.notes());
        for (LegacyValue v : legacy.values().values()) {
            if (!partitions.contains(v.partition())) {
                notes.add("the legacy source has " + v.partition() + " (" + v.saved().map(SavedOffset::describe).orElse("?")
                        + " at " + v.origin() + "), which is not a partition of the job's topics in Kafka: ignored");
            }
        }
        return new MigrationPlan(rows, notes, legacy.problems());
    }

    private static Row row(TopicPartition tp, LegacyValue v, long e, long n, ResumePoint resume, OnMissing onMissing,
                           OnOutOfRange onOutOfRange) {
        if (v == null) {
            switch (onMissing) {
                case EARLIEST:
                    return new Row(tp, null, null, null, e, n, e, "missing from the legacy source: start at earliest", false, null);
                case LATEST:
                    return new Row(tp, null, null, null, e, n, n, "missing from the legacy source: start at latest", false, null);
                default:
                    return new Row(tp, null, null, null, e, n, null, "ERROR missing from the legacy source "
                            + "(--on-missing earliest|latest to start it anyway)", true, null);
            }
        }
        if (v.error().isPresent()) {
            return new Row(tp, v, null, null, e, n, null, "ERROR " + v.error().get(), true, null);
        }
        ResumePoint.Resolution r = resume.resolve(v.saved().get());
        if (r.offset().isEmpty()) {
            return new Row(tp, v, null, null, e, n, null, "ERROR " + r.how(), true, null);
        }
        long l = r.offset().get();
        String how = r.how();
        if (l < e) {
            if (onOutOfRange == OnOutOfRange.CLAMP) {
                return new Row(tp, v, l, how, e, n, e, "below earliest: clamped; offsets " + l + "-" + (e - 1)
                        + " were deleted by retention (recorded as a gap)", false, l);
            }
            return new Row(tp, v, l, how, e, n, null, "ERROR below earliest: offsets " + l + "-" + (e - 1) + " were "
                    + "deleted by retention (--on-out-of-range clamp to start at " + e + ")", true, null);
        }
        if (l > n) {
            if (onOutOfRange == OnOutOfRange.CLAMP) {
                return new Row(tp, v, l, how, e, n, n, "beyond the log end: clamped to " + n
                        + " (was the topic re-created?)", false, null);
            }
            return new Row(tp, v, l, how, e, n, null, "ERROR beyond the log end " + n + " (was the topic re-created? "
                    + "--on-out-of-range clamp to start at " + n + ")", true, null);
        }
        return new Row(tp, v, l, how, e, n, l, "start at the legacy offset", false, null);
    }

    public List<Row> rows() {
        return rows;
    }

    /** Remarks that do not block (partitions of the legacy source that Kafka does not have, empty znodes, ...). */
    public List<String> notes() {
        return notes;
    }

    /** Values of the source that belong to no single partition and could not be read: each one is a problem. */
    public List<String> sourceProblems() {
        return sourceProblems;
    }

    public long problems() {
        return rows.stream().filter(Row::problem).count() + sourceProblems.size();
    }

    /** The plan: partition, saved value, legacy offset, earliest, log end, resulting start offset, action. */
    public String table() {
        List<String[]> t = new ArrayList<>();
        t.add(new String[] {"TOPIC", "PARTITION", "SAVED", "LEGACY-OFFSET", "EARLIEST", "LOG-END", "START-OFFSET", "ACTION"});
        for (Row r : rows) {
            t.add(new String[] {r.partition.topic(), String.valueOf(r.partition.partition()),
                r.value == null ? "-" : r.value.saved().map(SavedOffset::describe).orElse("unreadable"),
                r.legacy == null ? "-" : String.valueOf(r.legacy), String.valueOf(r.earliest), String.valueOf(r.logEnd),
                r.start == null ? "-" : String.valueOf(r.start), r.action});
        }
        return StartTable.align(t);
    }

    /** Where each value came from: the znode and its version (or the file line), how it was decoded and read. */
    public String origins() {
        List<String[]> t = new ArrayList<>();
        t.add(new String[] {"TOPIC", "PARTITION", "FROM", "DECODED-AS", "READ-AS"});
        for (Row r : rows) {
            if (r.value != null) {
                t.add(new String[] {r.partition.topic(), String.valueOf(r.partition.partition()), r.value.origin(),
                    r.value.decoding(), r.readAs == null ? "-" : r.readAs});
            }
        }
        return t.size() == 1 ? "" : StartTable.align(t);
    }
}
