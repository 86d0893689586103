package io.directstream.migrate;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import io.directstream.cli.ExitCodes;
import io.directstream.config.JobConfig;
import io.directstream.job.JobResult;
import io.directstream.ledger.LedgerEntry;
import io.directstream.ledger.LedgerStore;
import io.directstream.source.KafkaAdmin;
import io.directstream.testing.Capture;
import io.directstream.testing.Jobs;
import io.directstream.testing.SharedServices;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.RecordsToDelete;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.ClassRule;
import org.junit.Test;

/** bin/migrate-offsets against a real ZooKeeper server, the real broker and the real S3 server. */
public class MigrateIT {
    @ClassRule
    public static final ZooKeeperServer ZK = new ZooKeeperServer("zookeeper");

    @Test
    public void standardZooKeeperLayoutDryRunThenApplyThenTheJobStartsThere() throws Exception {
        LegacyPipeline l = ZK.pipeline();
        l.znode("/consumers/" + l.group + "/offsets/" + l.topic + "/0", "120");
        l.znode("/consumers/" + l.group + "/offsets/" + l.topic + "/1", "80");

        Object[] r = l.migrate("--zookeeper", ZK.connectString());
        String out = (String) r[1];
        assertEquals(out, 1, r[0]);
        assertTrue(out, out.contains("TOPIC"));
        assertTrue(out, out.contains("LEGACY-OFFSET  EARLIEST  LOG-END  START-OFFSET  ACTION"));
        assertTrue(out, out.contains("ERROR missing from the legacy source"));

        r = l.migrate("--zookeeper", ZK.connectString(), "--on-missing", "earliest");
        out = (String) r[1];
        assertEquals(out, 0, r[0]);
        assertTrue(out, out.contains("start at the legacy offset"));
        assertTrue(out, out.contains("Dry run: nothing written"));
        assertTrue("a dry run writes nothing", l.committed().isEmpty());
        assertTrue(Jobs.ledger(l.config).isEmpty());

        r = l.migrate("--zookeeper", ZK.connectString(), "--on-missing", "earliest", "--apply");
        assertEquals((String) r[1], 0, r[0]);
        assertEquals(Map.of(l.p(0), 120L, l.p(1), 80L, l.p(2), 0L), l.committed());
        var s3 = SharedServices.s3().client();
        try {
            LedgerEntry seed = new LedgerStore(s3, l.config.output()).entries(0).next();
            assertEquals(LedgerEntry.Type.SEED, seed.type());
            assertTrue(seed.note().get(), seed.note().get().startsWith("migrated from zookeeper " + ZK.connectString()));
        } finally {
            s3.shutdown();
        }

        JobResult job = Jobs.run(l.props);
        assertEquals(ExitCodes.OK, job.exitCode());
        assertEquals("80 + 120 + 200 records after the legacy offsets", 400, job.stats().records());
        Jobs.assertGuarantee(l.config, Jobs.partitions(List.of(l.topic)), Map.of(l.p(0), 120L, l.p(1), 80L),
                Map.of(l.p(0), 120L, l.p(1), 80L));

        r = l.migrate("--zookeeper", ZK.connectString(), "--on-missing", "earliest", "--apply");
        assertEquals("a second apply is refused: the ledger has a history", 3, r[0]);
    }

    @Test
    public void customLayoutsPerPartitionAndOneZnodePerTopic() throws Exception {
        LegacyPipeline l = ZK.pipeline();
        for (int p = 0; p < 3; p++) {
            l.znode("/myapp/" + l.group + "/offsets/" + l.topic + "/" + p, String.valueOf(10 + p));
        }
        Object[] r = l.migrate("--zookeeper", ZK.connectString(), "--zk-path-template",
                "/myapp/{group}/offsets/{topic}/{partition}");
        assertEquals((String) r[1], 0, r[0]);
        assertTrue((String) r[1], ((String) r[1]).matches("(?s).*" + l.topic + "\\s+2\\s+12\\s+12\\s+0\\s+200\\s+12\\s+start at the legacy offset.*"));

        l.znode("/pipelines/" + l.topic + "/offsets", "0:50, 1:60,2:70");
        r = l.migrate("--zookeeper", ZK.connectString(), "--zk-path-template", "/pipelines/{topic}/offsets",
                "--zk-format", "partition-list", "--offsets-are", "last", "--apply");
        assertEquals((String) r[1], 0, r[0]);
        assertEquals("last processed + 1", Map.of(l.p(0), 51L, l.p(1), 61L, l.p(2), 71L), l.committed());
    }

    @Test
    public void fileImportsAndOutOfRangeOffsets() throws Exception {
        LegacyPipeline l = ZK.pipeline();
        try (Admin a = SharedServices.kafka().admin()) {
            a.deleteRecords(Map.of(l.p(1), RecordsToDelete.beforeOffset(50))).all().get(30, TimeUnit.SECONDS);
        }
        Path csv = SharedServices.work().resolve(l.topic + ".csv");
        Files.writeString(csv, "topic,partition,offset\n" + l.topic + ",0,30\n" + l.topic + ",1,20\n" + l.topic + ",2,250\n"
                + "gone-topic,0,5\n");
        Object[] r = l.migrate("--from-file", csv.toString());
        String out = (String) r[1];
        assertEquals(out, 1, r[0]);
        assertTrue(out, out.contains("ERROR below earliest: offsets 20-49 were deleted by retention"));
        assertTrue(out, out.contains("ERROR beyond the log end 200"));
        assertTrue(out, out.contains("note: the legacy source has gone-topic-0"));

        r = l.migrate("--from-file", csv.toString(), "--on-out-of-range", "clamp", "--apply");
        assertEquals((String) r[1], 0, r[0]);
        assertEquals(Map.of(l.p(0), 30L, l.p(1), 50L, l.p(2), 200L), l.committed());
        assertEquals("the lost range is recorded as a gap", 30, Jobs.ledger(l.config).skipped());

        LegacyPipeline j = ZK.pipeline();
        Path json = SharedServices.work().resolve(j.topic + ".json");
        Files.writeString(json, "{\"" + j.topic + "\":{\"0\":1,\"1\":2,\"2\":3}}");
        r = j.migrate("--from-file", json.toString(), "--apply");
        assertEquals((String) r[1], 0, r[0]);
        assertEquals(Map.of(j.p(0), 1L, j.p(1), 2L, j.p(2), 3L), j.committed());
    }

    @Test
    public void applyIsRefusedWhileTheGroupIsActive() throws Exception {
        LegacyPipeline l = ZK.pipeline();
        Path csv = SharedServices.work().resolve(l.topic + "-active.csv");
        Files.writeString(csv, l.topic + ",0,1\n" + l.topic + ",1,1\n" + l.topic + ",2,1\n");
        try (KafkaConsumer<byte[], byte[]> old = new KafkaConsumer<>(Map.of("bootstrap.servers",
                SharedServices.kafka().bootstrapServers(), "group.id", l.group), new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            old.subscribe(List.of(l.topic));
            Jobs.await("the old consumer to join its group", Duration.ofSeconds(30), () -> {
                old.poll(Duration.ofMillis(200));
                return !old.assignment().isEmpty();
            });
            PrintStream err = System.err;
            ByteArrayOutputStream captured = new ByteArrayOutputStream();
            System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
            Object[] r;
            try {
                r = l.migrate("--from-file", csv.toString(), "--apply");
            } finally {
                System.setErr(err);
            }
            assertEquals(3, r[0]);
            assertTrue(captured.toString(), captured.toString().contains("has active members"));
        }
        assertTrue("nothing written", Jobs.ledger(l.config).isEmpty());
    }
}
