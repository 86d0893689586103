package io.directstream.testing;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.yarn.api.records.ApplicationReport;
import org.apache.hadoop.yarn.client.api.YarnClient;
import org.apache.hadoop.yarn.conf.YarnConfiguration;
import org.apache.hadoop.yarn.server.MiniYARNCluster;

/**
 * A real single-node YARN (Hadoop's MiniYARNCluster: a ResourceManager and a NodeManager that launch real container
 * processes) in this JVM, configured as Spark's own YARN tests configure it, and its client configuration written to a
 * directory for spark-submit (YARN_CONF_DIR).
 */
public final class MiniYarn implements AutoCloseable {
    private final MiniYARNCluster cluster;
    private final Path confDir;
    private final YarnClient client;

    private MiniYarn(MiniYARNCluster cluster, Path confDir, YarnClient client) {
        this.cluster = cluster;
        this.confDir = confDir;
        this.client = client;
    }

    public static MiniYarn start(Path work) throws Exception {
        System.setProperty("hadoop.log.dir", work.resolve("logs").toString());
        YarnConfiguration conf = new YarnConfiguration();
        conf.set("yarn.nodemanager.disk-health-checker.max-disk-utilization-per-disk-percentage", "100.0");
        conf.set("yarn.scheduler.capacity.root.queues", "default");
        conf.setInt("yarn.scheduler.capacity.root.default.capacity", 100);
        conf.setFloat("yarn.scheduler.capacity.root.default.user-limit-factor", 1);
        conf.setInt("yarn.scheduler.capacity.root.default.maximum-capacity", 100);
        conf.set("yarn.scheduler.capacity.root.default.state", "RUNNING");
        conf.set("yarn.scheduler.capacity.root.default.acl_submit_applications", "*");
        conf.set("yarn.scheduler.capacity.root.default.acl_administer_queue", "*");
        conf.setInt("yarn.scheduler.capacity.node-locality-delay", -1);
        conf.set("yarn.resourcemanager.hostname", "127.0.0.1");
        conf.set("yarn.nodemanager.hostname", "127.0.0.1");
        conf.setInt("yarn.nodemanager.resource.memory-mb", 6144);
        conf.setInt("yarn.nodemanager.resource.cpu-vcores", 4);
        conf.setInt("yarn.scheduler.minimum-allocation-mb", 256);
        conf.setInt("yarn.scheduler.maximum-allocation-mb", 4096);
        conf.setBoolean("yarn.nodemanager.vmem-check-enabled", false);
        conf.setBoolean("yarn.nodemanager.pmem-check-enabled", false);
        conf.setInt("yarn.resourcemanager.am.max-attempts", 4);
        conf.set("yarn.nodemanager.local-dirs", work.resolve("nm-local").toString());
        conf.set("yarn.nodemanager.log-dirs", work.resolve("nm-logs").toString());
        MiniYARNCluster cluster = new MiniYARNCluster("direct-stream-job-yarn", 1, 1, 1);
        cluster.init(conf);
        cluster.start();
        Configuration live = cluster.getConfig();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (live.get(YarnConfiguration.RM_ADDRESS).endsWith(":0")) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the ResourceManager did not publish its address");
            }
            Thread.sleep(100);
        }
        Path confDir = Files.createDirectories(work.resolve("yarn-conf"));
        for (String file : new String[] {"yarn-site.xml", "core-site.xml"}) {
            try (OutputStream out = Files.newOutputStream(confDir.resolve(file))) {
                live.writeXml(out);
            }
        }
        YarnClient client = YarnClient.createYarnClient();
        client.init(live);
        client.start();
        return new MiniYarn(cluster, confDir, client);
    }

    /** The cluster's configuration as {@code spark.hadoop.*} settings for spark-submit. */
    public Map<String, String> sparkHadoopConf() {
        Map<String, String> m = new java.util.TreeMap<>();
        for (Map.Entry<String, String> e : cluster.getConfig()) {
            m.put("spark.hadoop." + e.getKey(), e.getValue());
        }
        return m;
    }

    public Path confDir() {
        return confDir;
    }

    public ApplicationReport report(String applicationId) throws Exception {
        return client.getApplicationReport(org.apache.hadoop.yarn.api.records.ApplicationId.fromString(applicationId));
    }

    /** The id of the application submitted under {@code name}, if YARN has one. */
    public java.util.Optional<String> applicationNamed(String name) throws Exception {
        for (ApplicationReport r : client.getApplications()) {
            if (r.getName().equals(name)) {
                return java.util.Optional.of(r.getApplicationId().toString());
            }
        }
        return java.util.Optional.empty();
    }

    public int attempts(String applicationId) throws Exception {
        return client.getApplicationAttempts(org.apache.hadoop.yarn.api.records.ApplicationId.fromString(applicationId)).size();
    }

    /** The directory where the NodeManager keeps the containers' logs (stdout, stderr, and what log4j2 writes there). */
    public File logDir() {
        // the NodeManager's own configuration: MiniYARNCluster gives each NodeManager log directories of its own
        return new File(cluster.getNodeManager(0).getConfig().get("yarn.nodemanager.log-dirs").split(",")[0]);
    }

    @Override
    public void close() {
        try {
            client.stop();
        } finally {
            cluster.stop();
        }
    }

    static {
        // the cluster's own logging goes to the test log at warn
        try {
            Files.createDirectories(Path.of("target"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
