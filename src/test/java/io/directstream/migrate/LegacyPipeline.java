package io.directstream.migrate;

import io.directstream.config.JobConfig;
import io.directstream.source.KafkaAdmin;
import io.directstream.testing.Capture;
import io.directstream.testing.Jobs;
import io.directstream.testing.SharedServices;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.ZooKeeper;

/**
 * An old pipeline's world for the migration tests: a topic with 200 records in each of 3 partitions, a legacy-style
 * job configuration for it, and its znodes written byte for byte.
 */
public final class LegacyPipeline {
    final String topic = SharedServices.unique("legacy");
    final String group = SharedServices.unique("legacy-group");
    final Map<String, String> props = new LinkedHashMap<>();
    final JobConfig config;

    private final ZooKeeper zk;

    LegacyPipeline(ZooKeeper zk, String zookeeperConnect) {
        this.zk = zk;
        SharedServices.kafka().createTopic(topic, 3);
        try (KafkaProducer<byte[], byte[]> p = new KafkaProducer<>(
                io.directstream.local.SampleProducer.reliable(SharedServices.kafka().bootstrapServers()),
                new ByteArraySerializer(), new ByteArraySerializer())) {
            java.util.List<java.util.concurrent.Future<?>> sent = new java.util.ArrayList<>();
            for (int part = 0; part < 3; part++) {
                for (int i = 0; i < 200; i++) {
                    sent.add(p.send(new ProducerRecord<>(topic, part, ("k" + i).getBytes(), ("v" + part + "-" + i).getBytes())));
                }
            }
            p.flush();
            io.directstream.local.SampleProducer.awaitAll(sent);
        }
        props.putAll(SharedServices.jobConfig(topic, group, topic));
        // the pipeline's own 1.6-style keys
        props.remove("kafka.bootstrap.servers");
        props.remove("kafka.group.id");
        props.remove("source.topics");
        props.put("metadata.broker.list", SharedServices.kafka().bootstrapServers());
        props.put("group.id", group);
        props.put("topics", topic);
        props.put("auto.offset.reset", "smallest");
        props.put("zookeeper.connect", zookeeperConnect);
        config = Jobs.config(props);
    }

    void znode(String path, String data) throws Exception {
        znode(path, data.getBytes(StandardCharsets.UTF_8));
    }

    /** Writes the znode (creating its parents) as the old pipeline's code did: these exact bytes. */
    void znode(String path, byte[] data) throws Exception {
        StringBuilder p = new StringBuilder();
        for (String part : path.substring(1).split("/")) {
            p.append('/').append(part);
            if (zk.exists(p.toString(), false) == null) {
                zk.create(p.toString(), new byte[0], ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
            }
        }
        zk.setData(path, data, -1);
    }

    /** Runs bin/migrate-offsets' entry point; returns {exit code, standard output}. */
    Object[] migrate(String... options) {
        List<String> args = new ArrayList<>();
        props.forEach((k, v) -> args.add(k + "=" + v));
        args.addAll(List.of(options));
        return Capture.stdout(() -> MigrateMain.run(args.toArray(new String[0])));
    }

    Map<TopicPartition, Long> committed() {
        try (KafkaAdmin admin = Jobs.admin(group)) {
            return admin.committed(Jobs.partitions(List.of(topic)));
        }
    }

    TopicPartition p(int n) {
        return new TopicPartition(topic, n);
    }
}
