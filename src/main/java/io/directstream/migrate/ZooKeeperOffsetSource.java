package io.directstream.migrate;

import io.directstream.source.SourceUnavailableException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.TopicPartition;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.Watcher;
import org.apache.zookeeper.ZooKeeper;

/**
 * Reads a Spark 1.6 pipeline's offsets from ZooKeeper, in the layouts such pipelines used:
 * <ul>
 *   <li>the standard one that {@code ZkUtils}/{@code KafkaCluster.setConsumerOffsets} wrote:
 *       {@code /consumers/<group>/offsets/<topic>/<partition>} holding the offset as text;</li>
 *   <li>a custom path template with {@code {group}}, {@code {topic}} and {@code {partition}}, one znode per partition;</li>
 *   <li>a template with {@code {group}} and {@code {topic}} only, one znode per topic holding {@code partition:offset}
 *       pairs separated by commas ({@code 0:1200,1:1185}).</li>
 * </ul>
 */
public final class ZooKeeperOffsetSource {
    public static final String STANDARD = "/consumers/{group}/offsets/{topic}/{partition}";

    /** How a template's znodes hold offsets. */
    public enum Format {
        /** One znode per partition holding the offset. */
        PER_PARTITION,
        /** One znode per topic holding {@code partition:offset,...}. */
        PARTITION_LIST
    }

    private final String connect;
    private final Duration timeout;

    public ZooKeeperOffsetSource(String connect, Duration timeout) {
        this.connect = connect;
        this.timeout = timeout;
    }

    public LegacyOffsets read(String template, Format format, String group, Collection<String> topics) {
        ZooKeeper zk = connect();
        try {
            Map<TopicPartition, Long> out = new HashMap<>();
            for (String topic : topics) {
                String path = template.replace("{group}", group).replace("{topic}", topic);
                if (format == Format.PARTITION_LIST) {
                    String text = data(zk, path);
                    if (text != null) {
                        parsePairs(topic, path, text, out);
                    }
                    continue;
                }
                int slot = path.indexOf("{partition}");
                if (slot < 0) {
                    throw new IllegalArgumentException("the path template " + template + " has no {partition}: use "
                            + "--zk-format partition-list for one znode per topic");
                }
                String parent = path.substring(0, path.lastIndexOf('/', slot));
                List<String> children = children(zk, parent);
                for (String child : children) {
                    if (!child.matches("\\d+")) {
                        continue;
                    }
                    String node = path.replace("{partition}", child);
                    String text = data(zk, node);
                    if (text != null) {
                        out.put(new TopicPartition(topic, Integer.parseInt(child)), parseOffset(node, text));
                    }
                }
            }
            return new LegacyOffsets(out, "zookeeper " + connect + " " + template.replace("{group}", group));
        } finally {
            try {
                zk.close();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    static void parsePairs(String topic, String path, String text, Map<TopicPartition, Long> out) {
        for (String pair : text.trim().split("\\s*,\\s*")) {
            if (pair.isEmpty()) {
                continue;
            }
            String[] kv = pair.split("\\s*:\\s*");
            if (kv.length != 2 || !kv[0].matches("\\d+")) {
                throw new IllegalArgumentException(path + " holds '" + text + "': expected partition:offset pairs "
                        + "separated by commas (0:1200,1:1185)");
            }
            out.put(new TopicPartition(topic, Integer.parseInt(kv[0])), parseOffset(path, kv[1]));
        }
    }

    static long parseOffset(String path, String text) {
        try {
            long o = Long.parseLong(text.trim());
            if (o < 0) {
                throw new NumberFormatException();
            }
            return o;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(path + " holds '" + text + "', not an offset");
        }
    }

    private ZooKeeper connect() {
        CountDownLatch connected = new CountDownLatch(1);
        ZooKeeper zk;
        try {
            zk = new ZooKeeper(connect, (int) timeout.toMillis(), e -> {
                if (e.getState() == Watcher.Event.KeeperState.SyncConnected) {
                    connected.countDown();
                }
            });
        } catch (java.io.IOException | IllegalArgumentException e) {
            throw new SourceUnavailableException("cannot connect to ZooKeeper at " + connect + ": " + e.getMessage(), e);
        }
        try {
            if (!connected.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                zk.close();
                throw new SourceUnavailableException("ZooKeeper is unreachable at " + connect + ": no session within "
                        + timeout.toSeconds() + " s (check --zookeeper)");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SourceUnavailableException("interrupted while connecting to ZooKeeper at " + connect, e);
        }
        return zk;
    }

    private static String data(ZooKeeper zk, String path) {
        try {
            byte[] b = zk.getData(path, false, null);
            return b == null ? null : new String(b, StandardCharsets.UTF_8);
        } catch (KeeperException.NoNodeException e) {
            return null;
        } catch (KeeperException e) {
            throw new SourceUnavailableException("ZooKeeper failed to read " + path + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SourceUnavailableException("interrupted", e);
        }
    }

    private static List<String> children(ZooKeeper zk, String path) {
        try {
            return zk.getChildren(path, false);
        } catch (KeeperException.NoNodeException e) {
            return List.of();
        } catch (KeeperException e) {
            throw new SourceUnavailableException("ZooKeeper failed to list " + path + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SourceUnavailableException("interrupted", e);
        }
    }
}
