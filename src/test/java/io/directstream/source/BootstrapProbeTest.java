package io.directstream.source;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import io.directstream.local.Ports;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import org.junit.Test;

/** The listener check before a Kafka client is created: one line for a wrong port, nothing in the way otherwise. */
public class BootstrapProbeTest {
    @Test
    public void bootstrapEntriesAreParsedAsTheClientWould() {
        assertEquals(List.of(InetSocketAddress.createUnresolved("a", 9092), InetSocketAddress.createUnresolved("b.example", 19092),
                        InetSocketAddress.createUnresolved("::1", 9093), InetSocketAddress.createUnresolved("c", 1)),
                BootstrapProbe.addresses(" a:9092, b.example:19092,[::1]:9093,SASL_SSL://c:1,nohost,d:port,e:"));
    }

    @Test
    public void aListeningServerPassesAtOnce() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
            // the first entry refuses, the second listens: one is enough
            try (Socket refusing = Ports.refusing()) {
                BootstrapProbe.awaitListener("127.0.0.1:" + refusing.getLocalPort() + ",127.0.0.1:" + server.getLocalPort(),
                        Duration.ofSeconds(30));
            }
        }
    }

    @Test
    public void aRefusingPortFailsInOneLineNamingTheSetting() throws Exception {
        try (Socket refusing = Ports.refusing()) {
            String dead = "127.0.0.1:" + refusing.getLocalPort();
            SourceUnavailableException e = assertThrows(SourceUnavailableException.class,
                    () -> BootstrapProbe.awaitListener(dead, Duration.ofMillis(300)));
            assertTrue(e.getMessage(), e.getMessage().startsWith("Kafka is unreachable at bootstrap servers " + dead
                    + ": could not connect within 0 s ("));
            assertTrue(e.getMessage(), e.getMessage().contains("check kafka.bootstrap.servers"));
        }
    }
}
