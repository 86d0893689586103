package io.directstream.audit;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.directstream.cli.ExitCodes;
import io.directstream.config.JobConfig;
import io.directstream.ledger.LedgerCodec;
import io.directstream.ledger.LedgerEntry;
import io.directstream.ledger.LedgerRange;
import io.directstream.ledger.LedgerStore;
import io.directstream.local.SampleProducer;
import io.directstream.storage.ObjectStore;
import io.directstream.storage.S3ObjectStore;
import io.directstream.testing.HeadlessChromium;
import io.directstream.testing.Jobs;
import io.directstream.testing.SharedServices;
import java.awt.image.BufferedImage;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.RecordsToDelete;
import org.apache.kafka.common.TopicPartition;
import org.junit.Test;

/** bin/offset-audit against a real job's ledger, the real broker and the real S3 server. */
public class AuditIT {
    private static final class Audited {
        final String topic = SharedServices.unique("audit");
        final Map<String, String> props;
        final JobConfig config;

        Audited(int records) {
            SharedServices.kafka().createTopic(topic, 3);
            SampleProducer.produce(SharedServices.kafka().bootstrapServers(), List.of(topic), 0, records);
            props = SharedServices.jobConfig(topic, SharedServices.unique("group"), topic);
            props.put("stream.max.rate.per.partition", "400");
            props.put("ledger.snapshot.interval", "3");
            config = Jobs.config(props);
            assertEquals(ExitCodes.OK, Jobs.run(props).exitCode());
        }

        /** Runs bin/offset-audit's entry point; returns exit code and what it printed. */
        Object[] audit(String... options) {
            List<String> args = new ArrayList<>();
            props.forEach((k, v) -> args.add(k + "=" + v));
            args.addAll(List.of(options));
            StringWriter out = new StringWriter();
            int code = AuditMain.run(args.toArray(new String[0]), new PrintWriter(out));
            return new Object[] {code, out.toString()};
        }
    }

    @Test
    public void aCleanRunAuditsClean() throws Exception {
        Audited a = new Audited(3000);
        Object[] text = a.audit("--check-objects", "full", "--since", "1h");
        String out = (String) text[1];
        assertEquals(out, 0, text[0]);
        assertTrue(out, out.contains("Result: CLEAN"));
        assertTrue(out, out.contains("TOPIC"));
        assertTrue(out, out.contains("LOG-END-OFFSET"));

        Object[] json = a.audit("--format", "json", "--check-objects", "full", "--since", "1h");
        JsonNode n = new ObjectMapper().readTree((String) json[1]);
        assertTrue(n.get("clean").asBoolean());
        assertEquals(3, n.get("partitions").size());
        long records = 0;
        for (JsonNode p : n.get("partitions")) {
            records += p.get("records").asLong();
            assertEquals("committed = log end: LAG 0", 0, p.get("lag").asLong());
            assertEquals(p.get("logEndOffset").asLong(), p.get("ledgerEnd").asLong());
            assertTrue(p.get("window").get("processed").asBoolean());
        }
        assertEquals(3000, records);
        assertTrue("every object of the ledger read back", n.get("objectChecks").get("checked").asLong() >= 3);
        assertTrue("the history came from segments and entries",
                Jobs.ledger(a.config).lastSequence() == n.get("lastSequence").asLong());
    }

    @Test
    public void recordsDeletedAndSkippedShowAsAGapWithItsCause() throws Exception {
        Audited a = new Audited(900);
        TopicPartition p0 = new TopicPartition(a.topic, 0);
        long end = Jobs.ledger(a.config).endOffset(p0).get();
        SampleProducer.produce(SharedServices.kafka().bootstrapServers(), List.of(a.topic), 900, 900);
        try (Admin admin = SharedServices.kafka().admin()) {
            admin.deleteRecords(Map.of(p0, RecordsToDelete.beforeOffset(end + 50))).all().get(30, TimeUnit.SECONDS);
        }
        Map<String, String> skip = new HashMap<>(a.props);
        skip.put("source.on.data.loss", "skip");
        assertEquals(ExitCodes.OK, Jobs.run(skip).exitCode());

        Object[] r = a.audit("--check-objects", "none");
        String out = (String) r[1];
        assertEquals(out, 1, r[0]);
        assertTrue(out, out.contains("ERROR gap: " + p0 + " offsets " + end + " to " + (end + 49) + " (50) not processed: "
                + "recorded as skipped: deleted by retention before the job read them"));
        Object[] csv = a.audit("--format", "csv", "--csv-table", "gaps", "--check-objects", "none");
        assertTrue((String) csv[1], ((String) csv[1]).contains(a.topic + ",0," + end + "," + (end + 50) + ",50,skipped-lost,"));
    }

    @Test
    public void aLedgerThatDisagreesWithS3FailsTheCrossCheck() throws Exception {
        Audited a = new Audited(1200);
        var s3 = SharedServices.s3().client();
        try {
            LedgerStore store = new LedgerStore(s3, a.config.output());
            LedgerEntry e = null;
            for (var it = store.entries(0); e == null && it.hasNext(); ) {
                LedgerEntry next = it.next();
                e = next.type() == LedgerEntry.Type.BATCH ? next : null; // the first entry is the seed of the starts
            }
            LedgerRange r0 = e.ranges().get(0);
            LedgerRange wrong = new LedgerRange(r0.topic(), r0.partition(), r0.fromOffset(), r0.untilOffset(), r0.records(),
                    r0.outputRecords() + 7, r0.deadLetters(), r0.bytes(), r0.objectKey().get(), null);
            List<LedgerRange> ranges = new ArrayList<>(e.ranges());
            ranges.set(0, wrong);
            LedgerEntry tampered = new LedgerEntry(e.sequence(), e.runId(), e.jobName(), e.batchTimeMs(), e.startedAtMs(),
                    e.outputsDoneAtMs(), e.recordedAtMs(), ranges, e.commits());
            // tampering on purpose: an unconditional overwrite of the entry and of the segment that holds it
            new S3ObjectStore(s3, a.config.output().bucket()).put(store.entryKey(e.sequence()), LedgerCodec.encode(tampered));
            for (var o : s3.listObjectsV2(a.config.output().bucket(), store.location().key("segments/")).getObjectSummaries()) {
                s3.deleteObject(a.config.output().bucket(), o.getKey());
            }
            Object[] r = a.audit("--check-objects", "full");
            String out = (String) r[1];
            assertEquals(out, 1, r[0]);
            assertTrue(out, out.contains("ERROR object: count mismatch: " + r0.objectKey().get() + " holds "
                    + r0.outputRecords() + " records, the ledger (entry " + e.sequence() + ") says " + (r0.outputRecords() + 7)));
        } finally {
            s3.shutdown();
        }
    }

    @Test
    public void theHtmlReportRendersItsChartsAndTableInAHeadlessBrowser() throws Exception {
        Audited a = new Audited(2400);
        SampleProducer.produce(SharedServices.kafka().bootstrapServers(), List.of(a.topic), 2400, 600);
        Path dir = SharedServices.work().resolve("audit-html");
        Files.createDirectories(dir);
        Path html = dir.resolve(a.topic + ".html");
        Object[] r = a.audit("--format", "html", "--output", html.toString(), "--since", "1h");
        assertEquals(0, r[0]);
        String page = Files.readString(html);
        assertTrue(page.contains("<polyline class=\"processed\""));

        Path png = HeadlessChromium.screenshot(html, dir.resolve(a.topic + ".png"), 1400, 1200);
        BufferedImage img = ImageIO.read(png.toFile());
        int chartBlue = count(img, 0x09, 0x69, 0xda, 30);
        int lagRed = count(img, 0xff, 0xce, 0xcb, 8);
        int verdictGreen = count(img, 0x1a, 0x7f, 0x37, 30);
        int tableBorder = count(img, 0xd0, 0xd7, 0xde, 6);
        System.out.println("AuditIT screenshot " + png + ": chart line " + chartBlue + " px, log end/lag " + lagRed
                + " px, verdict " + verdictGreen + " px, table borders " + tableBorder + " px");
        assertTrue("the processed-offset lines are drawn: " + chartBlue, chartBlue > 300);
        assertTrue("the lag bars are drawn: " + lagRed, lagRed > 100);
        assertTrue("the CLEAN verdict is shown: " + verdictGreen, verdictGreen > 200);
        assertTrue("the tables are drawn: " + tableBorder, tableBorder > 1000);
    }

    /** Pixels within {@code tolerance} of the color. */
    private static int count(BufferedImage img, int r, int g, int b, int tolerance) {
        int n = 0;
        for (int y = 0; y < img.getHeight(); y++) {
            for (int x = 0; x < img.getWidth(); x++) {
                int rgb = img.getRGB(x, y);
                if (Math.abs(((rgb >> 16) & 0xff) - r) <= tolerance && Math.abs(((rgb >> 8) & 0xff) - g) <= tolerance
                        && Math.abs((rgb & 0xff) - b) <= tolerance) {
                    n++;
                }
            }
        }
        return n;
    }
}
