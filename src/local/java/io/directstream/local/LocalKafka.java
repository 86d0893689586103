package io.directstream.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * A real Apache Kafka broker (the kafka_2.12 artifact this build pins, KRaft mode, one node) on 127.0.0.1, in a child
 * JVM so a test can stop, restart or kill it. Data lives in {@code dir} and survives a restart; the ports stay.
 */
public final class LocalKafka implements AutoCloseable {
    private final Path dir;
    private final int port;
    private final int controllerPort;
    private final String clusterId;
    private final boolean tiedToParent;
    private ChildJvm jvm;

    private LocalKafka(Path dir, int port, int controllerPort, String clusterId, boolean tiedToParent) {
        this.dir = dir;
        this.port = port;
        this.controllerPort = controllerPort;
        this.clusterId = clusterId;
        this.tiedToParent = tiedToParent;
    }

    /** Starts a new broker whose data lives under {@code dir}; it dies with this JVM. */
    public static LocalKafka start(Path dir) {
        return start(dir, true);
    }

    public static LocalKafka start(Path dir, boolean tiedToParent) {
        Path d = dir.toAbsolutePath();
        Properties ports = PortFile.load(d);
        int port = PortFile.port(ports, "port");
        int controller = PortFile.port(ports, "controller.port");
        String clusterId = ports.getProperty("cluster.id", Uuid.randomUuid().toString());
        ports.setProperty("cluster.id", clusterId);
        PortFile.save(d, ports);
        LocalKafka k = new LocalKafka(d, port, controller, clusterId, tiedToParent);
        k.startProcess();
        return k;
    }

    public String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    public long pid() {
        return jvm.pid();
    }

    public Path dir() {
        return dir;
    }

    /** (Re)starts the broker process on the same data and ports and waits until it serves. */
    public synchronized void startProcess() {
        if (jvm != null && jvm.isAlive()) {
            return;
        }
        Path config = writeConfig();
        jvm = ChildJvm.start("kafka broker", LocalPaths.childClasspath(),
                List.of("-Xmx512m", "-Xms64m", "-XX:+UseSerialGC",
                        "-Dlog4j2.configurationFile=" + LocalPaths.target().resolve("test-classes/log4j2-services.properties")),
                KafkaBrokerMain.class.getName(), List.of(config.toString(), clusterId), dir.resolve("broker.log"), tiedToParent);
        awaitReady(Duration.ofSeconds(90));
    }

    /** Stops the broker cleanly (SIGTERM: controlled shutdown). */
    public synchronized void stopProcess() {
        if (jvm != null) {
            jvm.stop(30);
        }
    }

    /** Kills the broker (SIGKILL). */
    public synchronized void killProcess() {
        if (jvm != null) {
            jvm.kill();
        }
    }

    public Admin admin() {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000, AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 30_000));
    }

    /** Creates a topic unless it exists. */
    public void createTopic(String name, int partitions) {
        createTopic(name, partitions, Map.of());
    }

    public void createTopic(String name, int partitions, Map<String, String> configs) {
        try (Admin a = admin()) {
            a.createTopics(Set.of(new NewTopic(name, partitions, (short) 1).configs(configs))).all().get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw new IllegalStateException("cannot create topic " + name + ": " + e.getCause(), e.getCause());
            }
        } catch (Exception e) {
            throw new IllegalStateException("cannot create topic " + name + ": " + e, e);
        }
    }

    private void awaitReady(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        Exception last = null;
        while (System.nanoTime() < deadline) {
            jvm.checkAlive();
            if (Ports.listening(port)) {
                try (Admin a = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
                        AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 2000, AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 3000))) {
                    if (!a.describeCluster().nodes().get(3, TimeUnit.SECONDS).isEmpty()) {
                        return;
                    }
                } catch (Exception e) {
                    last = e;
                }
            }
            sleep(200);
        }
        throw new IllegalStateException("Kafka broker at " + bootstrapServers() + " not ready after " + timeout.toSeconds()
                + " s (" + last + "); log:\n" + ChildJvm.tail(jvm.log(), 40));
    }

    private Path writeConfig() {
        Properties p = new Properties();
        p.setProperty("process.roles", "broker,controller");
        p.setProperty("node.id", "1");
        p.setProperty("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
        p.setProperty("listeners", "PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort);
        p.setProperty("advertised.listeners", "PLAINTEXT://127.0.0.1:" + port);
        p.setProperty("controller.listener.names", "CONTROLLER");
        p.setProperty("inter.broker.listener.name", "PLAINTEXT");
        p.setProperty("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        p.setProperty("log.dirs", dir.resolve("data").toString());
        p.setProperty("num.partitions", "1");
        p.setProperty("offsets.topic.replication.factor", "1");
        p.setProperty("offsets.topic.num.partitions", "4");
        p.setProperty("transaction.state.log.replication.factor", "1");
        p.setProperty("transaction.state.log.min.isr", "1");
        p.setProperty("transaction.state.log.num.partitions", "4");
        p.setProperty("group.initial.rebalance.delay.ms", "0");
        p.setProperty("log.retention.check.interval.ms", "2000");
        p.setProperty("auto.create.topics.enable", "true");
        Path file = dir.resolve("server.properties");
        try {
            Files.createDirectories(dir);
            try (Writer w = Files.newBufferedWriter(file)) {
                p.store(w, "local Kafka broker (KRaft)");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }

    static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    @Override
    public void close() {
        stopProcess();
    }
}
