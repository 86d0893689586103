package io.directstream.source;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Before a Kafka client is created, waits (within the start-up timeout) until one bootstrap server accepts a TCP
 * connection. A wrong port or a broker that is down then fails with one line naming the setting and the endpoint,
 * instead of the client's reconnect warning per backoff (about 30 in 30 s) before that line. It proves only that
 * something listens: authentication and the cluster are the client's checks.
 */
final class BootstrapProbe {
    private BootstrapProbe() {
    }

    /** The host and port of each entry of {@code bootstrap.servers} that parses; the others are left to the client. */
    static List<InetSocketAddress> addresses(String bootstrap) {
        List<InetSocketAddress> out = new ArrayList<>();
        for (String entry : bootstrap.split(",")) {
            String e = entry.trim().replaceFirst("^[A-Za-z_]+://", "");
            int colon = e.lastIndexOf(':');
            if (colon <= 0 || colon == e.length() - 1) {
                continue;
            }
            String host = e.substring(0, colon).replace("[", "").replace("]", "");
            try {
                out.add(InetSocketAddress.createUnresolved(host, Integer.parseInt(e.substring(colon + 1))));
            } catch (IllegalArgumentException bad) {
                // not a port: the client's own validation names it
            }
        }
        return out;
    }

    static void awaitListener(String bootstrap, Duration timeout) {
        List<InetSocketAddress> addresses = addresses(bootstrap);
        if (addresses.isEmpty()) {
            return;
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        IOException last = null;
        while (true) {
            for (InetSocketAddress a : addresses) {
                long leftMs = Math.max(1, (deadline - System.nanoTime()) / 1_000_000);
                try (Socket s = new Socket()) {
                    s.connect(new InetSocketAddress(a.getHostString(), a.getPort()), (int) Math.min(leftMs, 5_000));
                    return;
                } catch (IOException e) {
                    last = e;
                }
            }
            if (System.nanoTime() >= deadline) {
                throw new SourceUnavailableException("Kafka is unreachable at bootstrap servers " + bootstrap
                        + ": could not connect within " + timeout.toSeconds() + " s (" + last
                        + "; check kafka.bootstrap.servers, the network and the brokers)", last);
            }
            try {
                Thread.sleep(Math.min(250, Math.max(1, (deadline - System.nanoTime()) / 1_000_000)));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new SourceUnavailableException("interrupted while waiting for Kafka at " + bootstrap, e);
            }
        }
    }
}
