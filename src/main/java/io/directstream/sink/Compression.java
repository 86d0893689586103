package io.directstream.sink;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Locale;
import java.util.zip.GZIPOutputStream;

/** Compression of output objects; it decides the key's extension and the object's Content-Encoding. */
public enum Compression {
    NONE(""),
    GZIP(".gz");

    private final String extension;

    Compression(String extension) {
        this.extension = extension;
    }

    public static Compression parse(String text) {
        return valueOf(text.trim().toUpperCase(Locale.ROOT));
    }

    /** Added after the processor's extension: {@code .gz} or nothing. */
    public String extension() {
        return extension;
    }

    /** Wraps the raw object stream. */
    public OutputStream wrap(OutputStream raw) throws IOException {
        return this == GZIP ? new GZIPOutputStream(raw, 64 * 1024) : raw;
    }
}
