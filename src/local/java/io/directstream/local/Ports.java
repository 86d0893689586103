package io.directstream.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;

/** Loopback ports. */
public final class Ports {
    private Ports() {
    }

    /** First port of the blocks local servers take their ports from (below the kernel's ephemeral range). */
    static final int BASE = 20000;
    static final int BLOCK = 1000;
    private static int next = (int) (ProcessHandle.current().pid() % BLOCK);

    /**
     * A port free on 127.0.0.1 right now, for a local server. Taken below the kernel's ephemeral range (32768 and up on
     * Linux), so that no client connection's own port can take it while the server is stopped for a restart, and from
     * a block of its own per test JVM (system property {@code it.fork}, which the pom sets to Failsafe's fork number),
     * so that two test JVMs started at once never choose the same port.
     */
    public static synchronized int free() {
        int block = BASE + Integer.getInteger("it.fork", 0) * BLOCK;
        for (int i = 0; i < BLOCK; i++) {
            int port = block + (next++ % BLOCK);
            if (bindable(port)) {
                return port;
            }
        }
        throw new IllegalStateException("no free port in " + block + "-" + (block + BLOCK - 1) + " on 127.0.0.1");
    }

    private static boolean bindable(int port) {
        try (ServerSocket s = new ServerSocket()) {
            s.setReuseAddress(false);
            s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * A loopback port that refuses every connection for as long as the returned socket is open: bound but not
     * listening, so nothing accepts on it and no other process can take it (unlike a port merely found free).
     */
    public static Socket refusing() {
        try {
            Socket s = new Socket();
            s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            return s;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** True when something accepts connections on 127.0.0.1:port. */
    public static boolean listening(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
