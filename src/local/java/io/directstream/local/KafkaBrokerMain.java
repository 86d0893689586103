package io.directstream.local;

import java.io.IOException;
import java.io.PrintStream;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.server.MetaProperties;
import kafka.tools.StorageTool;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.server.common.MetadataVersion;
import scala.Option;
import scala.collection.JavaConverters;

/**
 * A real Apache Kafka broker in KRaft mode (combined broker and controller, one node), in its own JVM. Formats the log
 * directory on first start, as {@code kafka-storage format} does, then runs until killed. With {@code zookeeper.connect}
 * in its properties it runs in ZooKeeper mode instead (Kafka 3.4 supports SCRAM credentials only there).
 *
 * <pre>java -cp ... io.directstream.local.KafkaBrokerMain server.properties CLUSTER_ID</pre>
 */
public final class KafkaBrokerMain {
    private KafkaBrokerMain() {
    }

    public static void main(String[] args) throws IOException {
        Properties props = new Properties();
        try (Reader r = Files.newBufferedReader(Path.of(args[0]))) {
            props.load(r);
        }
        KafkaConfig config = new KafkaConfig(props);
        if (props.containsKey("zookeeper.connect")) {
            // ZooKeeper mode: what the secured test broker uses, since SCRAM credentials need it on this Kafka version
            kafka.server.KafkaServer zkServer = new kafka.server.KafkaServer(config, Time.SYSTEM, Option.apply(null), false);
            Runtime.getRuntime().addShutdownHook(new Thread(zkServer::shutdown, "broker-shutdown"));
            zkServer.startup();
            System.out.println("KAFKA BROKER STARTED " + props.getProperty("listeners"));
            zkServer.awaitShutdown();
            return;
        }
        String clusterId = args[1];
        List<String> dirs = new ArrayList<>(JavaConverters.seqAsJavaListConverter(config.logDirs()).asJava());
        boolean formatted = dirs.stream().allMatch(d -> Files.exists(Path.of(d, "meta.properties")));
        if (!formatted) {
            StorageTool.formatCommand(new PrintStream(System.out, true), JavaConverters.asScalaBuffer(dirs),
                    MetaProperties.apply(clusterId, config.nodeId()), MetadataVersion.latest(), true);
        }
        KafkaRaftServer server = new KafkaRaftServer(config, Time.SYSTEM, Option.apply(null));
        Runtime.getRuntime().addShutdownHook(new Thread(server::shutdown, "broker-shutdown"));
        server.startup();
        System.out.println("KAFKA BROKER STARTED " + props.getProperty("listeners"));
        server.awaitShutdown();
    }
}
