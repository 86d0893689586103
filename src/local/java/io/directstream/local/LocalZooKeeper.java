package io.directstream.local;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import org.apache.zookeeper.server.ServerCnxnFactory;
import org.apache.zookeeper.server.ZooKeeperServer;

/**
 * A real Apache ZooKeeper server (the artifact Spark brings, 3.6.3) on 127.0.0.1, in this JVM: where a Spark 1.6
 * pipeline kept its offsets, for the migration tests.
 */
public final class LocalZooKeeper implements AutoCloseable {
    private final ServerCnxnFactory factory;
    private final ZooKeeperServer server;
    private final int port;

    private LocalZooKeeper(ServerCnxnFactory factory, ZooKeeperServer server, int port) {
        this.factory = factory;
        this.server = server;
        this.port = port;
    }

    public static LocalZooKeeper start(Path dir) {
        try {
            File data = dir.toFile();
            data.mkdirs();
            int port = Ports.free();
            ZooKeeperServer server = new ZooKeeperServer(data, data, 500);
            ServerCnxnFactory factory = ServerCnxnFactory.createFactory(new InetSocketAddress("127.0.0.1", port), 64);
            factory.startup(server);
            return new LocalZooKeeper(factory, server, port);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public String connectString() {
        return "127.0.0.1:" + port;
    }

    @Override
    public void close() {
        factory.shutdown();
        server.shutdown();
    }
}
