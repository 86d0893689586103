package io.directstream.local.bench;

import com.amazonaws.services.s3.AmazonS3;
import io.directstream.storage.S3Location;
import io.directstream.ledger.LedgerEntry;
import io.directstream.ledger.LedgerRange;
import io.directstream.ledger.LedgerState;
import io.directstream.ledger.LedgerStore;
import io.directstream.ledger.LedgerWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.kafka.common.TopicPartition;

/**
 * {@code bin/benchmark compare --ledger-history N}: the ledger a job leaves after N batches, written where the
 * {@code job-history} contestant will run, as the job itself would have left it — N entry objects, the segments of
 * each {@code ledger.snapshot.interval} entries and the snapshot after the last full one — so that the contestant's
 * start-up and batches pay whatever a long history costs. The past batches read nothing new (each partition stays at
 * offset 0), so the contestant still archives the whole topic.
 */
final class LedgerHistory {
    static final int SNAPSHOT_INTERVAL = 100;
    /** The run id of the past batches, which the contestant's figures leave out. */
    static final String RUN_ID = "history";
    /** The system property telling the contestant how many past batches precede its own. */
    static final String PROPERTY = "bench.ledger.history";

    private LedgerHistory() {
    }

    static void write(AmazonS3 s3, String bucket, String prefix, String topic, int partitions, long batches)
            throws Exception {
        long t0 = System.nanoTime();
        LedgerStore store = new LedgerStore(s3, new S3Location(bucket, prefix));
        // the snapshot as of the last full segment; the entries after it stay loose, as the job leaves them
        long lastFull = batches - batches % SNAPSHOT_INTERVAL;
        LedgerState snapshot = new LedgerState();
        List<LedgerEntry> segment = new ArrayList<>(SNAPSHOT_INTERVAL);
        ExecutorService pool = Executors.newFixedThreadPool(16);
        List<Future<?>> puts = new ArrayList<>();
        try {
            long t = System.currentTimeMillis() - batches * 1000;
            for (long seq = 1; seq <= batches; seq++, t += 1000) {
                List<LedgerRange> ranges = new ArrayList<>(partitions);
                for (int p = 0; p < partitions; p++) {
                    ranges.add(LedgerWriter.empty(new TopicPartition(topic, p), 0));
                }
                LedgerEntry e = new LedgerEntry(seq, RUN_ID, "direct-stream-job", t, t, t + 20, t + 25, ranges,
                        List.of());
                if (seq <= lastFull) {
                    snapshot.apply(e);
                }
                puts.add(pool.submit(() -> store.append(e)));
                segment.add(e);
                if (segment.size() == SNAPSHOT_INTERVAL) {
                    List<LedgerEntry> full = List.copyOf(segment);
                    segment.clear();
                    puts.add(pool.submit(() -> store.writeSegment(full)));
                }
                if (puts.size() >= 1000) {
                    for (Future<?> f : puts) {
                        f.get();
                    }
                    puts.clear();
                }
            }
            for (Future<?> f : puts) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        store.writeSnapshot(snapshot, System.currentTimeMillis());
        System.out.printf(Locale.ROOT, "ledger history: %,d past batches of %d partitions written under s3://%s/%s/_ledger "
                + "in %.1f s%n", batches, partitions, bucket, prefix, (System.nanoTime() - t0) / 1e9);
    }
}
