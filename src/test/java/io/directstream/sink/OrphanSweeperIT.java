package io.directstream.sink;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import com.amazonaws.services.s3.AmazonS3;
import io.directstream.storage.S3Location;
import io.directstream.testing.SharedServices;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.apache.kafka.common.TopicPartition;
import org.junit.Test;

/**
 * Restart reconciliation against a real S3 server: a partition's data and dead-letter objects at or beyond where its
 * unrecorded history begins are removed, nothing below it, nothing of another partition or of a topic whose name only
 * starts the same; and a location that holds objects but no ledger is recognized as foreign.
 */
public class OrphanSweeperIT {
    @Test
    public void sweepsExactlyThePartitionsObjectsFromTheOffsetOn() {
        AmazonS3 s3 = SharedServices.s3().client();
        try {
            S3Location root = new S3Location(SharedServices.BUCKET, SharedServices.unique("sweep"));
            ObjectKeys keys = new ObjectKeys(root, "jsonl", Compression.NONE);
            List<String> all = new ArrayList<>();
            for (String topic : List.of("t", "t2")) {
                for (int partition : new int[] {0, 1}) {
                    for (long from : new long[] {0, 100, 200, 300}) {
                        all.add(keys.dataKey(topic, partition, from));
                        all.add(keys.deadLetterKey(topic, partition, from));
                    }
                }
            }
            all.forEach(k -> s3.putObject(root.bucket(), k, "x"));
            s3.putObject(root.bucket(), root.key("_ledger/entries/00000000000000000001.json"), "{}");

            List<String> swept = new OrphanSweeper(s3, root).sweep(new TopicPartition("t", 0), 200);
            assertEquals(new TreeSet<>(List.of(keys.dataKey("t", 0, 200), keys.dataKey("t", 0, 300),
                    keys.deadLetterKey("t", 0, 200), keys.deadLetterKey("t", 0, 300))), new TreeSet<>(swept));
            for (String k : all) {
                assertEquals(k, !swept.contains(k), s3.doesObjectExist(root.bucket(), k));
            }
        } finally {
            s3.shutdown();
        }
    }

    @Test
    public void aLocationWithObjectsButNoLedgerHoldsForeignOutput() {
        AmazonS3 s3 = SharedServices.s3().client();
        try {
            S3Location empty = new S3Location(SharedServices.BUCKET, SharedServices.unique("empty"));
            s3.putObject(empty.bucket(), empty.key("_ledger/lease.json"), "{}");
            assertFalse("the ledger and control objects are not output", new OrphanSweeper(s3, empty).holdsOutput());
            S3Location foreign = new S3Location(SharedServices.BUCKET, SharedServices.unique("foreign"));
            s3.putObject(foreign.bucket(), foreign.key("someone-elses/data.csv"), "x");
            assertTrue(new OrphanSweeper(s3, foreign).holdsOutput());
        } finally {
            s3.shutdown();
        }
    }
}
