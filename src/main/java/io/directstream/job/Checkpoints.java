package io.directstream.job;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Guards Spark's metadata checkpoint: it can be read back only by the code that wrote it (it holds serialized
 * classes), so the directory carries a marker with the writing code's id (from the build). A checkpoint written by
 * other code, or one that cannot be read, is moved aside, never deleted, and the job starts without it: it resumes
 * from the ledger, which stays the truth of what is done.
 */
final class Checkpoints {
    private static final Logger LOG = LoggerFactory.getLogger(Checkpoints.class);
    static final String MARKER = "_direct-stream-job-code-id";
    static final String SETTINGS = "_direct-stream-job-settings";

    private final Path dir;
    private final Configuration hadoop;

    Checkpoints(String location, Configuration hadoop) {
        this.dir = new Path(location);
        this.hadoop = hadoop;
    }

    /** The id of the running code: {@code -Ddirectstream.code.id} if set, else what the build wrote. */
    static String codeId() {
        String override = System.getProperty("directstream.code.id");
        if (override != null && !override.isBlank()) {
            return override;
        }
        return io.directstream.config.BuildInfo.codeId();
    }

    /**
     * True when the directory holds a checkpoint this code may read, written under these {@code settings}
     * ({@link CheckpointSettings}); one from other code or other settings is moved aside first, saying why.
     */
    boolean usable(String codeId, String settings) {
        try {
            FileSystem fs = dir.getFileSystem(hadoop);
            if (!fs.exists(dir) || !hasCheckpoint(fs)) {
                writeMarkers(fs, codeId, settings);
                return false;
            }
            String writer = read(fs, MARKER);
            if (!codeId.equals(writer)) {
                setAside(fs, "it was written by code " + (writer == null ? "without an id" : writer) + ", this is "
                        + codeId + " (an upgrade)");
                writeMarkers(fs, codeId, settings);
                return false;
            }
            String then = read(fs, SETTINGS);
            java.util.List<String> changed = then == null ? java.util.List.of("the settings it was written with are "
                    + "not recorded") : CheckpointSettings.changes(then, settings);
            if (!changed.isEmpty()) {
                setAside(fs, "settings it holds changed, which a recovered context would silently ignore: "
                        + String.join("; ", changed));
                writeMarkers(fs, codeId, settings);
                return false;
            }
            return true;
        } catch (IOException e) {
            throw new UncheckedIOException("checkpoint directory " + dir + ": " + e.getMessage(), e);
        }
    }

    /** Sets the checkpoint aside (it cannot be read, or must not be used); the next start does without it. */
    void setAside(String why, String settings) {
        try {
            FileSystem fs = dir.getFileSystem(hadoop);
            setAside(fs, why);
            writeMarkers(fs, codeId(), settings);
        } catch (IOException e) {
            throw new UncheckedIOException("checkpoint directory " + dir + ": " + e.getMessage(), e);
        }
    }

    private boolean hasCheckpoint(FileSystem fs) throws IOException {
        for (FileStatus s : fs.listStatus(dir)) {
            if (s.getPath().getName().startsWith("checkpoint-")) {
                return true;
            }
        }
        return false;
    }

    private void setAside(FileSystem fs, String why) throws IOException {
        Path aside = new Path(dir.getParent(), dir.getName() + ".set-aside-"
                + DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss").withZone(ZoneOffset.UTC).format(Instant.now()));
        if (!fs.rename(dir, aside)) {
            throw new IOException("could not move the checkpoint " + dir + " aside to " + aside);
        }
        LOG.warn("The checkpoint at {} is not used: {}. Moved to {}; starting without it, each partition resumes from "
                + "the ledger.", dir, why, aside);
    }

    private String read(FileSystem fs, String name) throws IOException {
        Path m = new Path(dir, name);
        if (!fs.exists(m)) {
            return null;
        }
        try (InputStream in = fs.open(m)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
        }
    }

    private void writeMarkers(FileSystem fs, String codeId, String settings) throws IOException {
        fs.mkdirs(dir);
        write(fs, MARKER, codeId);
        write(fs, SETTINGS, settings);
    }

    private void write(FileSystem fs, String name, String text) throws IOException {
        try (OutputStream out = fs.create(new Path(dir, name), true)) {
            out.write(text.getBytes(StandardCharsets.UTF_8));
        }
    }
}
