package io.directstream.migrate;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import org.apache.kafka.common.TopicPartition;

/**
 * Reads a Spark 1.6 pipeline's offsets from ZooKeeper through a path template:
 * <ul>
 *   <li>with {@code {partition}}: one znode per partition, as {@code ZkUtils}/{@code KafkaCluster.setConsumerOffsets}
 *       wrote them in the standard layout {@code /consumers/<group>/offsets/<topic>/<partition>};</li>
 *   <li>without: one znode per topic (or one in all, when the template has no {@code {topic}} either), holding
 *       {@code partition:offset} pairs or records that name their partition.</li>
 * </ul>
 * Each znode's content is read by {@link OffsetText} (a number, pairs, named fields, JSON, {@code OffsetRange}, as UTF-8
 * or as a Java-serialized String). What a value names must agree with its path; a partition given twice, a value
 * naming no partition, or an unreadable znode is an error, never a guess.
 */
public final class ZooKeeperOffsetSource {
    public static final String STANDARD = "/consumers/{group}/offsets/{topic}/{partition}";

    private final String connect;
    private final Duration timeout;

    public ZooKeeperOffsetSource(String connect, Duration timeout) {
        this.connect = connect;
        this.timeout = timeout;
    }

    public LegacyOffsets read(String template, String group, Collection<String> topics) {
        String withGroup = template.replace("{group}", group);
        LegacyOffsets out = new LegacyOffsets("zookeeper " + connect + " " + withGroup);
        boolean perTopic = withGroup.contains("{topic}");
        try (ZooKeeperReader zk = new ZooKeeperReader(connect, timeout)) {
            for (String topic : perTopic ? topics : List.of("")) {
                String path = perTopic ? withGroup.replace("{topic}", topic) : withGroup;
                String context = perTopic ? topic : null;
                int slot = path.indexOf("{partition}");
                if (slot < 0) {
                    ZooKeeperReader.Node node = zk.read(path);
                    if (node != null) {
                        readNode(node, context, null, out);
                    }
                    continue;
                }
                String parent = path.substring(0, path.lastIndexOf('/', slot));
                for (String child : zk.children(parent)) {
                    if (child.matches("\\d+")) {
                        ZooKeeperReader.Node node = zk.read(path.replace("{partition}", child));
                        if (node != null) {
                            readNode(node, context, Integer.parseInt(child), out);
                        }
                    }
                }
            }
        }
        return out;
    }

    /** Decodes one znode and attributes each record to a partition, checking it against the path. */
    static void readNode(ZooKeeperReader.Node node, String pathTopic, Integer pathPartition, LegacyOffsets out) {
        OffsetText.Decoded d;
        try {
            d = OffsetText.decode(node.path, node.data);
        } catch (UnreadableOffsetException e) {
            if (pathTopic != null && pathPartition != null) {
                out.add(LegacyValue.unreadable(new TopicPartition(pathTopic, pathPartition), node.origin(), e.getMessage()));
            } else {
                out.problem(e.getMessage());
            }
            return;
        }
        attribute(node, d, pathTopic, pathPartition, out);
    }

    /** Attributes each record of an already decoded znode to a partition, checking it against the path. */
    static void attribute(ZooKeeperReader.Node node, OffsetText.Decoded d, String pathTopic, Integer pathPartition,
                          LegacyOffsets out) {
        if (d.isEmpty()) {
            out.note(node.origin() + " is empty: treated as missing");
            return;
        }
        for (SavedOffset s : d.offsets()) {
            String topic = s.topic().orElse(pathTopic);
            Integer partition = s.partition().orElse(pathPartition);
            if (s.topic().isPresent() && pathTopic != null && !s.topic().get().equals(pathTopic)) {
                out.problem(node.origin() + " is under topic " + pathTopic + " but its value names topic " + s.topic().get()
                        + " (" + d.text().trim() + ")");
            } else if (s.partition().isPresent() && pathPartition != null && !s.partition().get().equals(pathPartition)) {
                out.problem(node.origin() + " is partition " + pathPartition + "'s znode but its value names partition "
                        + s.partition().get() + " (" + d.text().trim() + ")");
            } else if (topic == null) {
                out.problem(node.origin() + " holds " + s.describe() + " for no named topic: its value names none and "
                        + "the path template has no {topic}");
            } else if (partition == null) {
                out.problem(node.origin() + " holds " + s.describe() + " for topic " + topic + " but names no partition, "
                        + "and its path has none: a znode per topic must name the partition of each value "
                        + "(partition:offset pairs or a partition field)");
            } else {
                out.add(LegacyValue.read(new TopicPartition(topic, partition), node.origin(), d.describe(), s));
            }
        }
        if (pathPartition == null && d.offsets().size() == 1 && d.offsets().get(0).partition().isPresent()) {
            out.note(node.origin() + " holds the value of one partition only (" + d.offsets().get(0).partition().get()
                    + "): if every partition wrote this znode, each overwrote the last (the last writer wins) and the "
                    + "others' values are gone; they are missing, never taken from this one");
        }
    }
}
