package io.directstream.migrate;

import io.directstream.source.SourceUnavailableException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.Watcher;
import org.apache.zookeeper.ZooKeeper;
import org.apache.zookeeper.data.Stat;

/** A read-only ZooKeeper session, bounded by a timeout; failures name the connect string. Never writes. */
final class ZooKeeperReader implements AutoCloseable {
    /** A znode's bytes and version. */
    static final class Node {
        final String path;
        final byte[] data;
        final int version;
        final int children;

        Node(String path, byte[] data, int version, int children) {
            this.path = path;
            this.data = data;
            this.version = version;
            this.children = children;
        }

        String origin() {
            return path + " (version " + version + ")";
        }
    }

    private final ZooKeeper zk;
    private final String connect;

    ZooKeeperReader(String connect, Duration timeout) {
        this.connect = connect;
        CountDownLatch connected = new CountDownLatch(1);
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
                close();
                throw new SourceUnavailableException("ZooKeeper is unreachable at " + connect + ": no session within "
                        + timeout.toSeconds() + " s (check --zookeeper)");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            close();
            throw new SourceUnavailableException("interrupted while connecting to ZooKeeper at " + connect, e);
        }
    }

    /** The znode, or null when it does not exist. */
    Node read(String path) {
        try {
            Stat stat = new Stat();
            byte[] b = zk.getData(path, false, stat);
            return new Node(path, b, stat.getVersion(), stat.getNumChildren());
        } catch (KeeperException.NoNodeException e) {
            return null;
        } catch (KeeperException e) {
            throw new SourceUnavailableException("ZooKeeper at " + connect + " failed to read " + path + ": "
                    + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SourceUnavailableException("interrupted", e);
        }
    }

    /** The children's names, sorted; empty when the znode does not exist. */
    List<String> children(String path) {
        try {
            return zk.getChildren(path, false).stream().sorted().toList();
        } catch (KeeperException.NoNodeException e) {
            return List.of();
        } catch (KeeperException e) {
            throw new SourceUnavailableException("ZooKeeper at " + connect + " failed to list " + path + ": "
                    + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SourceUnavailableException("interrupted", e);
        }
    }

    @Override
    public void close() {
        try {
            zk.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
