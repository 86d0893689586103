package io.directstream.job;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Properties;
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
        try (InputStream in = Checkpoints.class.getResourceAsStream("/direct-stream-job-build.properties")) {
            if (in == null) {
                return "development";
            }
            Properties p = new Properties();
            p.load(in);
            return p.getProperty("code.id", "development");
        } catch (IOException e) {
            return "development";
        }
    }

    /** True when the directory holds a checkpoint this code may read; a foreign one is moved aside first. */
    boolean usable(String codeId) {
        try {
            FileSystem fs = dir.getFileSystem(hadoop);
            if (!fs.exists(dir) || !hasCheckpoint(fs)) {
                writeMarker(fs, codeId);
                return false;
            }
            String writer = readMarker(fs);
            if (!codeId.equals(writer)) {
                setAside(fs, "it was written by code " + (writer == null ? "without an id" : writer) + ", this is "
                        + codeId + " (an upgrade)");
                writeMarker(fs, codeId);
                return false;
            }
            return true;
        } catch (IOException e) {
            throw new UncheckedIOException("checkpoint directory " + dir + ": " + e.getMessage(), e);
        }
    }

    /** After a failed recovery: the checkpoint cannot be read; set it aside so the next start does without it. */
    void setAsideUnreadable(Throwable why) {
        try {
            FileSystem fs = dir.getFileSystem(hadoop);
            setAside(fs, "it cannot be read (" + why + ")");
            writeMarker(fs, codeId());
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

    private String readMarker(FileSystem fs) throws IOException {
        Path m = new Path(dir, MARKER);
        if (!fs.exists(m)) {
            return null;
        }
        try (InputStream in = fs.open(m)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
        }
    }

    private void writeMarker(FileSystem fs, String codeId) throws IOException {
        fs.mkdirs(dir);
        try (OutputStream out = fs.create(new Path(dir, MARKER), true)) {
            out.write(codeId.getBytes(StandardCharsets.UTF_8));
        }
    }
}
