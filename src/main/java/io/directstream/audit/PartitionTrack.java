package io.directstream.audit;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.List;
import org.apache.kafka.common.TopicPartition;

/**
 * What the ledger says about one partition, folded entry by entry in bounded memory: the processed span, counts, the
 * most recent batch ranges (to name the batches of an overlap and count uncommitted batches), and a downsampled series
 * of (time, end offset) for the chart.
 */
public final class PartitionTrack {
    static final int RECENT = 512;
    static final int MAX_POINTS = 300;

    private final TopicPartition partition;
    private long first = -1;
    private long end = -1;
    private long records;
    private long batches;
    private long offsetsWithoutRecords;
    private long skipped;
    private long firstBatchTimeMs;
    private long lastBatchTimeMs;
    /** The latest batch ranges, oldest first. */
    private final Deque<Recorded> recent = new ArrayDeque<>();
    private final List<Point> points = new ArrayList<>();
    private Point lastPoint;
    private int stride = 1;
    private long pointCounter;

    /** A batch's range {@code [from, until)}, recorded by ledger entry {@code sequence}. */
    record Recorded(long sequence, long from, long until) {
    }

    /** Where the partition's recorded end stood at a time. */
    public record Point(long timeMs, long offset) {
    }

    PartitionTrack(TopicPartition partition) {
        this.partition = partition;
    }

    public TopicPartition partition() {
        return partition;
    }

    /** Whether the ledger covers the partition at all; {@link #first()}, {@link #end()} and {@link #last()} need it. */
    public boolean known() {
        return end >= 0;
    }

    /** First offset the ledger covers (when {@link #known()}). */
    public long first() {
        return first;
    }

    /** Exclusive end of what the ledger covers (where the job resumes), when {@link #known()}. */
    public long end() {
        return end;
    }

    /** Last processed offset, when {@link #known()} and the span is not empty. */
    public long last() {
        return end < 0 ? -1 : end - 1;
    }

    public long records() {
        return records;
    }

    public long batches() {
        return batches;
    }

    public long offsetsWithoutRecords() {
        return offsetsWithoutRecords;
    }

    public long skipped() {
        return skipped;
    }

    public long firstBatchTimeMs() {
        return firstBatchTimeMs;
    }

    public long lastBatchTimeMs() {
        return lastBatchTimeMs;
    }

    /** Batches of the recent history whose range ends beyond {@code committed}. */
    public int batchesBeyond(long committed) {
        int n = 0;
        for (Recorded r : recent) {
            if (r.until() > committed) {
                n++;
            }
        }
        return n;
    }

    /** Sequences of the recent batches that covered any offset of [from, until). */
    List<Long> coveringSequences(long from, long until) {
        List<Long> seqs = new ArrayList<>();
        for (Recorded r : recent) {
            if (r.from() < until && from < r.until()) {
                seqs.add(r.sequence());
            }
        }
        return seqs;
    }

    void start(long from) {
        if (first < 0) {
            first = from;
            end = from;
        }
    }

    void batch(long sequence, long from, long until, long recordCount, long timeMs) {
        if (first < 0) {
            point(timeMs, from);
        }
        start(from);
        records += recordCount;
        batches++;
        offsetsWithoutRecords += Math.max(0, (until - from) - recordCount);
        if (firstBatchTimeMs == 0) {
            firstBatchTimeMs = timeMs;
        }
        lastBatchTimeMs = timeMs;
        recent.addLast(new Recorded(sequence, from, until));
        if (recent.size() > RECENT) {
            recent.removeFirst();
        }
        end = Math.max(end, until);
        point(timeMs, end);
    }

    /** A replay: the partition's span ends at {@code from} again; what follows re-reads it. */
    void rewind(long from) {
        if (end >= 0) {
            end = Math.min(end, from);
            recent.removeIf(r -> r.from() >= from);
        }
    }

    void skip(long from, long until) {
        start(from);
        skipped += until - from;
        end = Math.max(end, until);
    }

    private void point(long timeMs, long offset) {
        lastPoint = new Point(timeMs, offset);
        if (pointCounter++ % stride != 0) {
            return;
        }
        points.add(lastPoint);
        if (points.size() >= 2 * MAX_POINTS) {
            List<Point> kept = new ArrayList<>(MAX_POINTS);
            for (int i = 0; i < points.size(); i += 2) {
                kept.add(points.get(i));
            }
            points.clear();
            points.addAll(kept);
            stride *= 2;
        }
    }

    /** The partition's end over the history: at most about {@value #MAX_POINTS} points, the latest included. */
    public List<Point> series() {
        List<Point> out = new ArrayList<>(points);
        if (lastPoint != null && (out.isEmpty() || out.get(out.size() - 1) != lastPoint)) {
            out.add(lastPoint);
        }
        return Collections.unmodifiableList(out);
    }
}
