package io.directstream.migrate;

import io.directstream.local.LocalZooKeeper;
import io.directstream.testing.SharedServices;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.zookeeper.ZooKeeper;
import org.junit.rules.ExternalResource;

/** A real ZooKeeper server for a test class ({@code @ClassRule}), and a client session the test writes znodes with. */
public final class ZooKeeperServer extends ExternalResource {
    private final String dir;
    private LocalZooKeeper server;
    private ZooKeeper client;

    public ZooKeeperServer(String dir) {
        this.dir = dir;
    }

    @Override
    protected void before() throws Exception {
        server = LocalZooKeeper.start(SharedServices.work().resolve(dir));
        CountDownLatch up = new CountDownLatch(1);
        client = new ZooKeeper(server.connectString(), 10_000, e -> up.countDown());
        if (!up.await(10, TimeUnit.SECONDS)) {
            throw new IllegalStateException("no session with the ZooKeeper server at " + server.connectString());
        }
    }

    @Override
    protected void after() {
        try {
            client.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        server.close();
    }

    public String connectString() {
        return server.connectString();
    }

    public ZooKeeper client() {
        return client;
    }

    /** A legacy pipeline's topic and configuration, its znodes written through this server. */
    public LegacyPipeline pipeline() {
        return new LegacyPipeline(client, server.connectString());
    }
}
