package io.directstream.local;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

/** Remembers a local server's ports (and identity) in its data directory, so a restart comes back at the same address. */
final class PortFile {
    private PortFile() {
    }

    static Properties load(Path dir) {
        Properties p = new Properties();
        Path f = dir.resolve("ports.properties");
        if (Files.exists(f)) {
            try (Reader r = Files.newBufferedReader(f)) {
                p.load(r);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return p;
    }

    static void save(Path dir, Properties p) {
        try {
            Files.createDirectories(dir);
            try (Writer w = Files.newBufferedWriter(dir.resolve("ports.properties"))) {
                p.store(w, "ports of the local server in this directory");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The remembered port, if it is free again; else a new free port. */
    static int port(Properties p, String key) {
        String v = p.getProperty(key);
        if (v != null && !Ports.listening(Integer.parseInt(v))) {
            return Integer.parseInt(v);
        }
        int port = Ports.free();
        p.setProperty(key, String.valueOf(port));
        return port;
    }
}
