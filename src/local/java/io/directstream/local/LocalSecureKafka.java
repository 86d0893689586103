package io.directstream.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;

/**
 * A real Kafka broker as production clusters run it: a {@code SASL_SSL} listener with SCRAM-SHA-512, a certificate for
 * 127.0.0.1 made at start with the JDK's {@code keytool}, a SCRAM user created through the AdminClient. ZooKeeper mode
 * (with its own ZooKeeper server), because this Kafka version supports SCRAM only there. A second, plaintext listener
 * is the inter-broker one; tests use it to check what the job did, never to run it.
 */
public final class LocalSecureKafka implements AutoCloseable {
    public static final String USER = "job-user";
    public static final String MECHANISM = "SCRAM-SHA-512";

    private final Path dir;
    private final LocalZooKeeper zookeeper;
    private final int securePort;
    private final int plainPort;
    private final String password;
    private final String storePassword;
    private final ChildJvm jvm;

    private LocalSecureKafka(Path dir, LocalZooKeeper zookeeper, int securePort, int plainPort, String password,
                             String storePassword, ChildJvm jvm) {
        this.dir = dir;
        this.zookeeper = zookeeper;
        this.securePort = securePort;
        this.plainPort = plainPort;
        this.password = password;
        this.storePassword = storePassword;
        this.jvm = jvm;
    }

    /** Starts ZooKeeper and the broker under {@code dir}, creates the SCRAM user with {@code password}. */
    public static LocalSecureKafka start(Path dir, String password, String storePassword) {
        Path d = dir.toAbsolutePath();
        try {
            Files.createDirectories(d);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        certificates(d, storePassword);
        LocalZooKeeper zk = LocalZooKeeper.start(d.resolve("zookeeper"));
        int secure = Ports.free();
        int plain = Ports.free();
        Properties p = new Properties();
        p.setProperty("broker.id", "1");
        p.setProperty("zookeeper.connect", zk.connectString());
        p.setProperty("listeners", "INTERNAL://127.0.0.1:" + plain + ",SECURE://127.0.0.1:" + secure);
        p.setProperty("advertised.listeners", "INTERNAL://127.0.0.1:" + plain + ",SECURE://127.0.0.1:" + secure);
        p.setProperty("listener.security.protocol.map", "INTERNAL:PLAINTEXT,SECURE:SASL_SSL");
        p.setProperty("inter.broker.listener.name", "INTERNAL");
        p.setProperty("sasl.enabled.mechanisms", MECHANISM);
        p.setProperty("listener.name.secure.scram-sha-512.sasl.jaas.config",
                "org.apache.kafka.common.security.scram.ScramLoginModule required;");
        p.setProperty("ssl.keystore.location", d.resolve("broker.p12").toString());
        p.setProperty("ssl.keystore.type", "PKCS12");
        p.setProperty("ssl.keystore.password", storePassword);
        p.setProperty("ssl.key.password", storePassword);
        p.setProperty("log.dirs", d.resolve("data").toString());
        p.setProperty("offsets.topic.replication.factor", "1");
        p.setProperty("offsets.topic.num.partitions", "4");
        p.setProperty("transaction.state.log.replication.factor", "1");
        p.setProperty("transaction.state.log.min.isr", "1");
        p.setProperty("group.initial.rebalance.delay.ms", "0");
        Path config = d.resolve("server.properties");
        try (Writer w = Files.newBufferedWriter(config)) {
            p.store(w, "local secured Kafka broker (ZooKeeper mode, SASL_SSL)");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ChildJvm jvm = ChildJvm.start("secured kafka broker", LocalPaths.childClasspath(),
                List.of("-Xmx512m", "-Xms64m", "-XX:+UseSerialGC",
                        "-Dlog4j2.configurationFile=" + LocalPaths.target().resolve("test-classes/log4j2-services.properties")),
                KafkaBrokerMain.class.getName(), List.of(config.toString(), "unused"), d.resolve("broker.log"), true);
        LocalSecureKafka k = new LocalSecureKafka(d, zk, secure, plain, password, storePassword, jvm);
        k.awaitReady(Duration.ofSeconds(90));
        return k;
    }

    /** A key pair and certificate for 127.0.0.1 (IP SAN, so hostname verification passes) and a trust store with it. */
    private static void certificates(Path d, String storePassword) {
        Path keystore = d.resolve("broker.p12");
        Path truststore = d.resolve("truststore.p12");
        Path cert = d.resolve("broker.pem");
        for (Path f : List.of(keystore, truststore, cert)) {
            try {
                Files.deleteIfExists(f);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        keytool(d, "-genkeypair", "-alias", "broker", "-keyalg", "RSA", "-keysize", "2048", "-dname", "CN=127.0.0.1",
                "-ext", "SAN=IP:127.0.0.1", "-validity", "2", "-storetype", "PKCS12", "-keystore", keystore.toString(),
                "-storepass", storePassword, "-keypass", storePassword);
        keytool(d, "-exportcert", "-alias", "broker", "-rfc", "-file", cert.toString(), "-keystore", keystore.toString(),
                "-storepass", storePassword);
        keytool(d, "-importcert", "-noprompt", "-alias", "broker", "-file", cert.toString(), "-storetype", "PKCS12",
                "-keystore", truststore.toString(), "-storepass", storePassword);
    }

    private static void keytool(Path d, String... args) {
        List<String> cmd = new java.util.ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        cmd.addAll(List.of(args));
        try {
            Process p = new ProcessBuilder(cmd).directory(d.toFile()).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IllegalStateException("keytool " + args[0] + " failed: " + out);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The SASL_SSL listener, what the job is given. */
    public String bootstrapServers() {
        return "127.0.0.1:" + securePort;
    }

    /** The plaintext inter-broker listener: for the tests' own checks only. */
    public String plaintextBootstrapServers() {
        return "127.0.0.1:" + plainPort;
    }

    public Path truststore() {
        return dir.resolve("truststore.p12");
    }

    /** The job's kafka.* settings for this broker, with the given password. */
    public Map<String, String> clientSettings(String pw) {
        Map<String, String> m = new HashMap<>();
        m.put("kafka.bootstrap.servers", bootstrapServers());
        m.put("kafka.security.protocol", "SASL_SSL");
        m.put("kafka.sasl.mechanism", MECHANISM);
        m.put("kafka.sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule required username=\""
                + USER + "\" password=\"" + pw + "\";");
        m.put("kafka.ssl.truststore.location", truststore().toString());
        m.put("kafka.ssl.truststore.type", "PKCS12");
        m.put("kafka.ssl.truststore.password", storePassword);
        return m;
    }

    /** The same settings without the {@code kafka.} prefix, for a client of the tests. */
    public Map<String, Object> clientConfig() {
        Map<String, Object> m = new HashMap<>();
        clientSettings(password).forEach((k, v) -> m.put(k.substring("kafka.".length()), v));
        return m;
    }

    public Admin plaintextAdmin() {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, plaintextBootstrapServers(),
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000, AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 30_000));
    }

    public void createTopic(String name, int partitions) {
        try (Admin a = plaintextAdmin()) {
            a.createTopics(Set.of(new NewTopic(name, partitions, (short) 1))).all().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("cannot create topic " + name + ": " + e, e);
        }
    }

    private void awaitReady(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        Exception last = null;
        boolean userCreated = false;
        while (System.nanoTime() < deadline) {
            jvm.checkAlive();
            try {
                if (!userCreated && Ports.listening(plainPort)) {
                    try (Admin a = plaintextAdmin()) {
                        a.alterUserScramCredentials(List.of(new UserScramCredentialUpsertion(USER,
                                new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, 4096), password)))
                                .all().get(10, TimeUnit.SECONDS);
                        userCreated = true;
                    }
                }
                if (userCreated) {
                    Map<String, Object> c = new HashMap<>(clientConfig());
                    c.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 3000);
                    c.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 4000);
                    try (Admin a = Admin.create(c)) {
                        if (!a.describeCluster().nodes().get(4, TimeUnit.SECONDS).isEmpty()) {
                            return;
                        }
                    }
                }
            } catch (Exception e) {
                last = e;
            }
            LocalKafka.sleep(300);
        }
        throw new IllegalStateException("secured Kafka broker at " + bootstrapServers() + " not ready after "
                + timeout.toSeconds() + " s (" + last + "); log:\n" + ChildJvm.tail(jvm.log(), 40));
    }

    @Override
    public void close() {
        jvm.stop(30);
        zookeeper.close();
    }
}
