package io.directstream.testing;

import io.directstream.local.Ports;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A TCP proxy in front of an HTTP server that passes every byte through unchanged (so request signatures stay valid)
 * and records the head of each request it forwards: what the server received, method, target and headers.
 */
public final class RecordingProxy implements AutoCloseable {
    /** One request as the server received it. */
    public static final class Request {
        public final String method;
        public final String target;
        public final Map<String, String> headers;

        Request(String method, String target, Map<String, String> headers) {
            this.method = method;
            this.target = target;
            this.headers = headers;
        }

        public String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }

        @Override
        public String toString() {
            return method + " " + target + " " + headers;
        }
    }

    private final ServerSocket server;
    private final int targetPort;
    private final List<String> strip;
    private final List<Request> requests = new ArrayList<>();
    private final List<Socket> open = new ArrayList<>();

    public RecordingProxy(int targetPort) throws IOException {
        this(targetPort, new String[0]);
    }

    /**
     * A proxy that also removes the request headers starting with one of {@code strip} (lower case) after recording
     * them: for a server that refuses them and does not check signatures (the signature covers them).
     */
    public RecordingProxy(int targetPort, String... strip) throws IOException {
        this.targetPort = targetPort;
        this.strip = List.of(strip);
        this.server = new ServerSocket(Ports.free(), 50, InetAddress.getLoopbackAddress());
        Thread accept = new Thread(this::acceptLoop, "recording-proxy");
        accept.setDaemon(true);
        accept.start();
    }

    public String endpoint() {
        return "http://127.0.0.1:" + server.getLocalPort();
    }

    public synchronized List<Request> requests() {
        return new ArrayList<>(requests);
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                Socket upstream = new Socket(InetAddress.getLoopbackAddress(), targetPort);
                synchronized (this) {
                    open.add(client);
                    open.add(upstream);
                }
                pump(upstream.getInputStream(), client.getOutputStream(), client, upstream, false);
                pump(client.getInputStream(), upstream.getOutputStream(), client, upstream, true);
            } catch (IOException e) {
                // closed
            }
        }
    }

    private void pump(InputStream in, OutputStream out, Socket a, Socket b, boolean requests) {
        Thread t = new Thread(() -> {
            RequestParser parser = requests ? new RequestParser() : null;
            byte[] buf = new byte[64 * 1024];
            try {
                int n;
                while ((n = in.read(buf)) > 0) {
                    if (parser != null) {
                        parser.feed(buf, n, out);
                    } else {
                        out.write(buf, 0, n);
                    }
                    out.flush();
                }
            } catch (IOException e) {
                // a side closed
            } finally {
                try {
                    a.close();
                    b.close();
                } catch (IOException ignored) {
                    // closing
                }
            }
        }, "recording-proxy-pump");
        t.setDaemon(true);
        t.start();
    }

    /** Splits a keep-alive request stream into heads and bodies (Content-Length or chunked). */
    private final class RequestParser {
        private final ByteArrayOutputStream head = new ByteArrayOutputStream();
        private long bodyLeft;
        private boolean chunked;
        private final ByteArrayOutputStream chunkLine = new ByteArrayOutputStream();

        /** Passes the bytes on to {@code out}: bodies as they come, each head once complete (stripped if asked). */
        void feed(byte[] b, int n, OutputStream out) throws IOException {
            for (int i = 0; i < n; i++) {
                if (bodyLeft > 0) {
                    long skip = Math.min(bodyLeft, n - i);
                    out.write(b, i, (int) skip);
                    bodyLeft -= skip;
                    i += (int) skip - 1;
                    continue;
                }
                if (chunked) {
                    out.write(b[i]);
                    chunkLine.write(b[i]);
                    byte[] l = chunkLine.toByteArray();
                    if (l.length >= 2 && l[l.length - 2] == '\r' && l[l.length - 1] == '\n') {
                        String line = new String(l, StandardCharsets.ISO_8859_1).trim();
                        chunkLine.reset();
                        if (line.isEmpty()) {
                            continue;
                        }
                        long size = Long.parseLong(line.split(";")[0], 16);
                        if (size == 0) {
                            chunked = false;
                            bodyLeft = 2; // the final CRLF
                        } else {
                            bodyLeft = size + 2;
                        }
                    }
                    continue;
                }
                head.write(b[i]);
                byte[] h = head.toByteArray();
                int len = h.length;
                if (len >= 4 && h[len - 4] == '\r' && h[len - 3] == '\n' && h[len - 2] == '\r' && h[len - 1] == '\n') {
                    out.write(record(new String(h, StandardCharsets.ISO_8859_1)).getBytes(StandardCharsets.ISO_8859_1));
                    head.reset();
                }
            }
        }

        /** Records the head; returns it as it is to be forwarded. */
        private String record(String text) {
            String[] lines = text.split("\r\n");
            StringBuilder forward = new StringBuilder(lines[0]).append("\r\n");
            String[] first = lines[0].split(" ");
            Map<String, String> headers = new LinkedHashMap<>();
            for (int i = 1; i < lines.length; i++) {
                int c = lines[i].indexOf(':');
                if (c > 0) {
                    String name = lines[i].substring(0, c).trim().toLowerCase(Locale.ROOT);
                    headers.put(name, lines[i].substring(c + 1).trim());
                    if (strip.stream().anyMatch(name::startsWith)) {
                        continue;
                    }
                }
                forward.append(lines[i]).append("\r\n");
            }
            forward.append("\r\n");
            synchronized (RecordingProxy.this) {
                requests.add(new Request(first[0], first.length > 1 ? first[1] : "", headers));
            }
            chunked = "chunked".equalsIgnoreCase(headers.get("transfer-encoding"));
            bodyLeft = chunked ? 0 : Long.parseLong(headers.getOrDefault("content-length", "0"));
            return forward.toString();
        }
    }

    @Override
    public synchronized void close() throws IOException {
        server.close();
        for (Socket s : open) {
            s.close();
        }
    }
}
