package io.directstream.trigger;

import com.amazonaws.services.s3.AmazonS3;
import com.amazonaws.services.s3.model.ObjectMetadata;
import com.amazonaws.util.IOUtils;
import io.directstream.storage.S3Location;
import io.directstream.process.RecordJson;
import io.directstream.sink.ObjectKeys;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * The triggers' S3 objects, with the job's S3 settings (credentials, retries, encryption). Every key derives from a
 * message's coordinates, so a batch that runs again overwrites what it wrote before instead of adding a copy:
 * <pre>{output.location}/_triggers/topic={t}/partition={p}/{t}+{p}+{offset, 20 digits}.{suffix}
 *{output.location}/_triggers/_dead-letter/topic={t}/partition={p}/{t}+{p}+{offset, 20 digits}.json</pre>
 */
public final class TriggerOutputs {
    private final AmazonS3 s3;
    private final S3Location root;

    /** Outputs under {@code output}/_triggers/. */
    public TriggerOutputs(AmazonS3 s3, S3Location output) {
        this.s3 = s3;
        this.root = output.resolve(ObjectKeys.TRIGGER_DIR);
    }

    /** The key of a message's result: {@code suffix} is the extension, or a name and extension ({@code part-1.csv}). */
    public String key(TriggerMessage m, String suffix) {
        if (suffix == null || suffix.isEmpty() || suffix.contains("/")) {
            throw new IllegalArgumentException("a trigger output's suffix is an extension without '/', not '" + suffix + "'");
        }
        return root.key(relative(m) + "." + suffix);
    }

    /** Stores (or replaces) a message's result; returns its key. */
    public String put(TriggerMessage m, String suffix, byte[] body, String contentType) {
        String key = key(m, suffix);
        ObjectMetadata meta = new ObjectMetadata();
        meta.setContentLength(body.length);
        meta.setContentType(contentType);
        s3.putObject(root.bucket(), key, new ByteArrayInputStream(body), meta);
        return key;
    }

    /** Reads an object with the job's S3 settings ({@code s3://bucket/key}); for inputs a message names. */
    public byte[] read(String uri) {
        S3Location l = S3Location.parse(uri);
        try (InputStream in = s3.getObject(l.bucket(), l.prefix()).getObjectContent()) {
            return IOUtils.toByteArray(in);
        } catch (IOException e) {
            throw new UncheckedIOException("reading " + uri + ": " + e.getMessage(), e);
        }
    }

    /** Where this message's dead letter goes. */
    public String deadLetterKey(TriggerMessage m) {
        return root.key(ObjectKeys.DEAD_LETTER_DIR + "/" + relative(m) + ".json");
    }

    /** Stores a dead-lettered message: the record as the archive writes it, with the reason. */
    void deadLetter(TriggerMessage m, String reason) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        try {
            new RecordJson().write(m.toRecord(), out, reason);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        byte[] body = out.toByteArray();
        ObjectMetadata meta = new ObjectMetadata();
        meta.setContentLength(body.length);
        meta.setContentType("application/json");
        s3.putObject(root.bucket(), deadLetterKey(m), new ByteArrayInputStream(body), meta);
    }

    /** The location of every trigger object: {@code output.location}/_triggers/. */
    public S3Location root() {
        return root;
    }

    private static String relative(TriggerMessage m) {
        return "topic=" + m.topic() + "/partition=" + m.partition() + "/" + m.topic() + "+" + m.partition() + "+"
                + String.format("%020d", m.offset());
    }
}
