package io.directstream.guarantee;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import com.amazonaws.services.s3.AmazonS3;
import com.amazonaws.services.s3.model.S3ObjectSummary;
import io.directstream.audit.AuditMain;
import io.directstream.cli.ExitCodes;
import io.directstream.config.JobConfig;
import io.directstream.job.JobMain;
import io.directstream.ledger.LedgerStore;
import io.directstream.local.SampleProducer;
import io.directstream.storage.S3ObjectStore;
import io.directstream.testing.Capture;
import io.directstream.testing.Jobs;
import io.directstream.testing.SharedServices;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.Test;

/**
 * A damaged ledger is never read as zeros: the job and the audit stop with exit 4 naming the object, and nothing is
 * decided from it — above all, the restart's sweep deletes nothing.
 */
public class LedgerDamageIT {
    private static Object[] job(Map<String, String> props) {
        List<String> args = new ArrayList<>();
        props.forEach((k, v) -> args.add(k + "=" + v));
        return Capture.both(() -> JobMain.run(args.toArray(new String[0])));
    }

    private static Object[] audit(Map<String, String> props) {
        List<String> args = new ArrayList<>();
        props.forEach((k, v) -> args.add(k + "=" + v));
        StringWriter out = new StringWriter();
        return Capture.both(() -> AuditMain.run(args.toArray(new String[0]), new PrintWriter(out)));
    }

    private static Map<String, String> objects(AmazonS3 s3, JobConfig config) {
        Map<String, String> m = new TreeMap<>();
        for (S3ObjectSummary o : s3.listObjectsV2(config.output().bucket(), config.output().key("topic=")).getObjectSummaries()) {
            m.put(o.getKey(), o.getETag());
        }
        return m;
    }

    private static void assertDamaged(Object[] r, String what) {
        assertEquals((String) r[2], ExitCodes.DAMAGED, r[0]);
        assertTrue((String) r[2], ((String) r[2]).contains("the ledger is damaged: " + what));
        assertTrue((String) r[2], ((String) r[2]).contains("Restarting does not help"));
    }

    @Test
    public void aDamagedEntryAMissingEntryAndADamagedSnapshotStopEverythingAndDeleteNothing() {
        String topic = SharedServices.unique("damage");
        SharedServices.kafka().createTopic(topic, 1);
        SampleProducer.produce(SharedServices.kafka().bootstrapServers(), List.of(topic), 0, 500);
        Map<String, String> props = SharedServices.jobConfig(topic, SharedServices.unique("group"), topic);
        JobConfig config = Jobs.config(props);
        assertEquals(ExitCodes.OK, Jobs.run(props).exitCode());
        SampleProducer.produce(SharedServices.kafka().bootstrapServers(), List.of(topic), 500, 100);

        AmazonS3 s3 = SharedServices.s3().client();
        try {
            LedgerStore store = new LedgerStore(s3, config.output());
            S3ObjectStore objects = new S3ObjectStore(s3, config.output().bucket());
            Map<String, String> archive = objects(s3, config);
            String entry2 = store.entryKey(2);
            byte[] original = objects.get(entry2).get().bytes();
            String json = new String(original, StandardCharsets.UTF_8);
            assertTrue(json, json.contains("\"type\":\"batch\"") && json.contains("\"untilOffset\":500,"));

            objects.put(entry2, json.replace("\"untilOffset\":500,", "").getBytes(StandardCharsets.UTF_8));
            String where = "damaged ledger entry s3://" + config.output().bucket() + "/" + entry2
                    + ": range {";
            assertDamaged(job(props), where);
            assertTrue("lacks field 'untilOffset'", ((String) job(props)[2]).contains("lacks field 'untilOffset'"));
            assertDamaged(audit(props), where);

            objects.delete(entry2);
            assertDamaged(job(props), "the ledger at " + store.location() + "/ has no entry 2: the next is s3://"
                    + config.output().bucket() + "/" + store.entryKey(3));
            assertDamaged(audit(props), "the ledger at " + store.location() + "/ has no entry 2");
            assertEquals("nothing was swept or rewritten", archive, objects(s3, config));

            objects.put(entry2, original);
            Map<String, String> compacting = new java.util.HashMap<>(props);
            compacting.put("ledger.snapshot.interval", "1");
            assertEquals(ExitCodes.OK, Jobs.run(compacting).exitCode());
            Jobs.assertGuarantee(config, Jobs.partitions(List.of(topic)), Map.of());

            String snapshot = new String(objects.get(store.snapshotKey()).get().bytes(), StandardCharsets.UTF_8);
            assertTrue(snapshot, snapshot.contains("\"endOffset\":600,"));
            objects.put(store.snapshotKey(), snapshot.replace("\"endOffset\":600,", "").getBytes(StandardCharsets.UTF_8));
            archive = objects(s3, config);
            SampleProducer.produce(SharedServices.kafka().bootstrapServers(), List.of(topic), 600, 100);
            assertDamaged(job(compacting), "damaged ledger snapshot s3://" + config.output().bucket() + "/"
                    + store.snapshotKey() + ": ledger record lacks field 'endOffset'");
            assertEquals("a partition read as ending at 0 would have had its whole archive swept", archive,
                    objects(s3, config));
        } finally {
            s3.shutdown();
        }
    }
}
