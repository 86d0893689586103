package io.directstream.migrate;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import io.directstream.ledger.LedgerEntry;
import io.directstream.ledger.LedgerStore;
import io.directstream.testing.Jobs;
import io.directstream.testing.SharedServices;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.zookeeper.ZooKeeper;
import org.junit.ClassRule;
import org.junit.Test;

/**
 * The offsets real Spark 1.6 pipelines left behind, each written to a real ZooKeeper server byte for byte as that
 * pipeline's code did, then discovered, planned and applied against the real broker and S3 server.
 */
public class LegacyFormatsIT {
    @ClassRule
    public static final ZooKeeperServer ZK = new ZooKeeperServer("zookeeper-formats");

    private static LegacyPipeline pipeline() {
        return ZK.pipeline();
    }

    private static String out(Object[] r) {
        return (String) r[1];
    }

    private static LedgerEntry seed(LegacyPipeline l) {
        var s3 = SharedServices.s3().client();
        try {
            return new LedgerStore(s3, l.config.output()).entries(0).next();
        } finally {
            s3.shutdown();
        }
    }

    @Test
    public void namedFieldRangesPerPartitionNeedTheResumePointThenApply() throws Exception {
        LegacyPipeline l = pipeline();
        // saveOffsets(ranges): zk.setData("/app/offsets/" + r.topic + "/" + r.partition, ("topic=" + r.topic + ";partition="
        //     + r.partition + ";fromOffset=" + r.fromOffset + ";untilOffset=" + r.untilOffset).getBytes("UTF-8"))
        for (int p = 0; p < 3; p++) {
            l.znode("/app/offsets/" + l.topic + "/" + p, "topic=" + l.topic + ";partition=" + p + ";fromOffset=" + (100 + p)
                    + ";untilOffset=" + (150 + p));
        }
        String template = "/app/offsets/{topic}/{partition}";
        Object[] r = l.migrate("--zookeeper", ZK.connectString(), "--zk-path-template", template);
        assertEquals(out(r), 1, r[0]);
        assertTrue(out(r), out(r).contains("from 100 until 150"));
        assertTrue(out(r), out(r).contains("ERROR a saved range (from 100 until 150): say where to resume with "
                + "--resume-at until (saved after the output) or --resume-at from (saved before it)"));
        assertTrue("a plan writes nothing", l.committed().isEmpty());

        String plan = r(l, 0, "--zookeeper", ZK.connectString(), "--zk-path-template", template, "--resume-at", "until");
        assertTrue(plan, plan.matches("(?s).*" + l.topic + "\\s+1\\s+/app/offsets/" + l.topic + "/1 \\(version 1\\)\\s+"
                + "UTF-8 text, named fields\\s+untilOffset \\(--resume-at until\\).*"));
        discoverThenImport(l, Map.of(l.p(0), 150L, l.p(1), 151L, l.p(2), 152L));
    }

    @Test
    public void javaSerializedStringsOfAZkClientWithoutAStringSerializer() throws Exception {
        LegacyPipeline l = pipeline();
        // new ZkClient(zkServers).writeData(path, "fromOffset:" + from + ",untilOffset:" + until): the default
        // SerializableSerializer stores ObjectOutputStream.writeObject(String)
        for (int p = 0; p < 3; p++) {
            l.znode("/spark-offsets/" + l.group + "/" + l.topic + "/" + p,
                    OffsetTextTest.javaSerialized("fromOffset:" + (10 + p) + ",untilOffset:" + (60 + p)));
        }
        Object[] d = l.migrate("--zookeeper", ZK.connectString(), "--discover", "--topic", l.topic);
        assertEquals(out(d), 0, d[0]);
        assertTrue(out(d), out(d).contains("Java-serialized String, named fields"));
        assertTrue(out(d), out(d).contains(l.topic + "-2: from 12 until 62"));

        r(l, 0, "--zookeeper", ZK.connectString(), "--zk-path-template", "/spark-offsets/{group}/{topic}/{partition}",
                "--resume-at", "from");
        // saved before the output: the batch is run again from fromOffset
        discoverThenImport(l, Map.of(l.p(0), 10L, l.p(1), 11L, l.p(2), 12L), "--resume-at", "from");
    }

    /**
     * What a new user does: discover the old pipeline's znodes, run the command discovery printed (a dry run, which
     * writes nothing), then the same with --apply; checks the group's committed offsets and the ledger's seed.
     * {@code extra} adds the user's choices (a --resume-at given here replaces the one discovery suggested).
     */
    private static void discoverThenImport(LegacyPipeline l, Map<TopicPartition, Long> expected, String... extra) {
        String d = r(l, 0, "--zookeeper", ZK.connectString(), "--discover", "--topic", l.topic);
        Matcher m = Pattern.compile("bin/migrate-offsets --config job.properties (.*)").matcher(d);
        assertTrue(d, m.find());
        List<String> args = new ArrayList<>();
        for (String a : m.group(1).trim().split(" ")) {
            args.add(a.replaceAll("^'|'$", ""));
        }
        int resumeAt = args.indexOf("--resume-at");
        if (resumeAt >= 0 && List.of(extra).contains("--resume-at")) {
            args.remove(resumeAt + 1);
            args.remove(resumeAt);
        }
        args.addAll(List.of(extra));
        r(l, 0, args.toArray(new String[0]));
        assertEquals("a dry run writes nothing", Map.of(), l.committed());
        args.add("--apply");
        r(l, 0, args.toArray(new String[0]));
        assertEquals(expected, l.committed());
        LedgerEntry seed = seed(l);
        assertEquals(LedgerEntry.Type.SEED, seed.type());
        Map<TopicPartition, Long> seeded = new java.util.HashMap<>();
        seed.ranges().forEach(x -> seeded.put(x.topicPartition(), x.untilOffset()));
        assertEquals("the ledger's seed", expected, seeded);
    }

    private static String r(LegacyPipeline l, int expected, String... args) {
        Object[] r = l.migrate(args);
        System.err.println("bin/migrate-offsets " + String.join(" ", args) + "\n" + out(r)); // kept in the Failsafe report
        assertEquals(out(r), expected, r[0]);
        return out(r);
    }

    @Test
    public void oneTopicZnodeOverwrittenByEveryPartitionKeepsOnlyTheLastWriter() throws Exception {
        LegacyPipeline l = pipeline();
        // every partition's range written to one znode per topic, one after the other: the last writer wins
        String path = "/pipelines/" + l.topic + "/offsets";
        for (int p = 0; p < 3; p++) {
            l.znode(path, "{\"topic\":\"" + l.topic + "\",\"partition\":" + p + ",\"fromOffset\":" + (20 * p)
                    + ",\"untilOffset\":" + (20 * p + 30) + "}");
        }
        String plan = r(l, 1, "--zookeeper", ZK.connectString(), "--zk-path-template", "/pipelines/{topic}/offsets",
                "--resume-at", "until");
        assertTrue(plan, plan.matches("(?s).*" + l.topic + "\\s+2\\s+from 40 until 70\\s+70\\s+0\\s+200\\s+70\\s+start at "
                + "the legacy offset.*"));
        assertTrue(plan, plan.matches("(?s).*" + l.topic + "\\s+0\\s+-\\s+-\\s+0\\s+200\\s+-\\s+ERROR missing.*"));
        assertTrue(plan, plan.matches("(?s).*" + l.topic + "\\s+1\\s+-\\s+-\\s+0\\s+200\\s+-\\s+ERROR missing.*"));
        assertTrue(plan, plan.contains(path + " (version 3) holds the value of one partition only (2)"));
        assertTrue(plan, plan.contains("the last writer wins"));

        // never 70 for the overwritten partitions
        discoverThenImport(l, Map.of(l.p(0), 0L, l.p(1), 0L, l.p(2), 70L), "--on-missing", "earliest");
    }

    @Test
    public void offsetRangeToStringLinesInOneZnodePerTopic() throws Exception {
        LegacyPipeline l = pipeline();
        // zk.writeData("/jobs/orders-archiver/" + topic, ranges.map(_.toString).mkString("\n"))
        l.znode("/jobs/orders-archiver/" + l.topic, "OffsetRange(topic: '" + l.topic + "', partition: 0, range: [0 -> 33])\n"
                + "OffsetRange(topic: '" + l.topic + "', partition: 1, range: [5 -> 44])\n"
                + "OffsetRange(topic: '" + l.topic + "', partition: 2, range: [9 -> 55])\n");
        discoverThenImport(l, Map.of(l.p(0), 33L, l.p(1), 44L, l.p(2), 55L));
    }

    @Test
    public void discoverFindsAHardCodedGroupUnderAChrootAndItsCommandImportsIt() throws Exception {
        LegacyPipeline l = pipeline();
        // the old code: ZkUtils.updatePersistentPath(zkClient, "/consumers/spark-orders-job/offsets/" + topic + "/"
        //     + partition, untilOffset.toString), with zookeeper.connect=zk:2181/legacy-<topic>
        String chroot = "/legacy-" + l.topic;
        for (int p = 0; p < 3; p++) {
            l.znode(chroot + "/consumers/spark-orders-job/offsets/" + l.topic + "/" + p, String.valueOf(70 + p));
        }
        l.znode(chroot + "/config/unrelated", "{\"retention\":\"7d\"}");
        // a znode another team protected with a digest ACL: listed as not readable, the walk goes on
        CountDownLatch up = new CountDownLatch(1);
        try (ZooKeeper owner = new ZooKeeper(ZK.connectString(), 10_000, e -> up.countDown())) {
            assertTrue(up.await(10, TimeUnit.SECONDS));
            owner.addAuthInfo("digest", "team:secret".getBytes(java.nio.charset.StandardCharsets.UTF_8));
            owner.create(chroot + "/protected", "x".getBytes(java.nio.charset.StandardCharsets.UTF_8),
                    org.apache.zookeeper.ZooDefs.Ids.CREATOR_ALL_ACL, org.apache.zookeeper.CreateMode.PERSISTENT);
        }
        String discovered = r(l, 0, "--zookeeper", ZK.connectString() + chroot, "--discover");
        assertTrue(discovered, discovered.contains("Discovered 3 znode(s)"));
        assertTrue(discovered, discovered.contains("/consumers/spark-orders-job/offsets/" + l.topic + "/1"));
        assertTrue(discovered, discovered.contains(l.topic + "-1: 71"));
        assertFalse(discovered, discovered.contains("unrelated"));
        assertTrue(discovered, discovered.contains("not readable with this session (ZooKeeper ACLs), not searched: /protected"));
        Matcher m = Pattern.compile("--zk-path-template '([^']+)'").matcher(discovered);
        assertTrue(discovered, m.find());
        assertEquals("/consumers/spark-orders-job/offsets/{topic}/{partition}", m.group(1));
        assertEquals("nothing written by discovery", Map.of(), l.committed());

        // without the chroot, the walk finds them too, below it
        String unrooted = r(l, 0, "--zookeeper", ZK.connectString(), "--discover", "--topic", l.topic);
        assertTrue(unrooted, unrooted.contains("'" + chroot + "/consumers/spark-orders-job/offsets/{topic}/{partition}'"));

        r(l, 0, "--zookeeper", ZK.connectString() + chroot, "--zk-path-template", m.group(1), "--apply");
        assertEquals(Map.of(l.p(0), 70L, l.p(1), 71L, l.p(2), 72L), l.committed());
    }

    @Test
    public void aPipelineThatSavedNothingHasEveryPartitionMissing() {
        LegacyPipeline l = pipeline();
        String discovered = r(l, 1, "--zookeeper", ZK.connectString(), "--discover", "--topic", l.topic);
        assertTrue(discovered, discovered.contains("Discovered 0 znode(s)"));
        String plan = r(l, 1, "--zookeeper", ZK.connectString());
        assertTrue(plan, plan.contains("(0 partitions)"));
        assertEquals(plan, 3, plan.split("ERROR missing from the legacy source", -1).length - 1);
    }

    @Test
    public void offsetsKeptByKafkaForAnOldGroup() throws Exception {
        LegacyPipeline l = pipeline();
        String old = SharedServices.unique("old-010-group");
        try (KafkaConsumer<byte[], byte[]> c = oldConsumer(old)) {
            c.assign(List.of(l.p(0), l.p(1), l.p(2)));
            c.commitSync(Map.of(l.p(0), new OffsetAndMetadata(5), l.p(1), new OffsetAndMetadata(6),
                    l.p(2), new OffsetAndMetadata(7)));
        }
        String plan = r(l, 0, "--from-group", old);
        assertTrue(plan, plan.contains("group " + old + " (committed in Kafka)"));
        try (KafkaConsumer<byte[], byte[]> running = oldConsumer(old)) {
            running.subscribe(List.of(l.topic));
            Jobs.await("the old pipeline's consumer to join its group", Duration.ofSeconds(30), () -> {
                running.poll(Duration.ofMillis(200));
                return !running.assignment().isEmpty();
            });
            Object[] refused = io.directstream.testing.Capture.stdout(() -> MigrateMain.run(args(l, "--from-group", old,
                    "--apply")));
            assertEquals(out(refused), 3, refused[0]);
            assertTrue(out(refused), out(refused).contains("has active members"));
            assertTrue("nothing written while the old group runs", l.committed().isEmpty());
        }
        r(l, 0, "--from-group", old, "--apply");
        assertEquals(Map.of(l.p(0), 5L, l.p(1), 6L, l.p(2), 7L), l.committed());
        assertTrue(seed(l).note().get(), seed(l).note().get().contains("kafka group " + old));
    }

    private static String[] args(LegacyPipeline l, String... options) {
        List<String> a = new java.util.ArrayList<>();
        l.props.forEach((k, v) -> a.add(k + "=" + v));
        a.addAll(List.of(options));
        return a.toArray(new String[0]);
    }

    private static KafkaConsumer<byte[], byte[]> oldConsumer(String group) {
        return new KafkaConsumer<>(Map.of("bootstrap.servers", SharedServices.kafka().bootstrapServers(), "group.id", group,
                "enable.auto.commit", "false"), new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    @Test
    public void garbageZnodesGiveAClearErrorAndWriteNothing() throws Exception {
        LegacyPipeline l = pipeline();
        byte[] random = new byte[24];
        new Random(11).nextBytes(random);
        random[0] = (byte) 0xFF; // never valid UTF-8
        String base = "/consumers/" + l.group + "/offsets/" + l.topic + "/";
        l.znode(base + "0", random);
        l.znode(base + "1", OffsetTextTest.javaSerialized(Long.valueOf(42)));
        l.znode(base + "2", "-5");
        String plan = r(l, 1, "--zookeeper", ZK.connectString(), "--on-missing", "earliest", "--apply");
        assertTrue(plan, plan.contains("ERROR " + base + "0 holds 24 bytes that are neither UTF-8 text nor a Java-serialized "
                + "String (they start FF "));
        assertTrue(plan, plan.contains("ERROR " + base + "1 holds a Java-serialized object of class java.lang.Long, not a "
                + "String: refused"));
        assertTrue(plan, plan.contains("ERROR " + base + "2: offset is -5, a negative offset"));
        assertTrue(plan, plan.contains("3 problem(s): nothing written"));

        l.znode(base + "0", "150");
        l.znode(base + "1", "999");
        l.znode(base + "2", "topic=" + l.topic + ";partition=2;nextOffset=4");
        plan = r(l, 1, "--zookeeper", ZK.connectString(), "--apply");
        assertTrue(plan, plan.contains("ERROR beyond the log end 200"));
        assertTrue(plan, plan.contains("nextOffset=4 that is not understood"));
        assertTrue("nothing committed", l.committed().isEmpty());
        assertTrue("nothing in the ledger", Jobs.ledger(l.config).isEmpty());
    }
}
