package io.directstream.sink;

import com.amazonaws.services.s3.AmazonS3;
import com.amazonaws.services.s3.model.AbortMultipartUploadRequest;
import com.amazonaws.services.s3.model.CompleteMultipartUploadRequest;
import com.amazonaws.services.s3.model.InitiateMultipartUploadRequest;
import com.amazonaws.services.s3.model.ObjectMetadata;
import com.amazonaws.services.s3.model.PartETag;
import com.amazonaws.services.s3.model.PutObjectRequest;
import com.amazonaws.services.s3.model.UploadPartRequest;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.io.InterruptedIOException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Streams bytes of unknown length into one S3 object: an object smaller than a part is sent with one PUT when closed;
 * a larger one becomes a multipart upload whose parts are sent as they fill. A full part is uploaded by a background
 * thread while the next one fills (as S3A's block output stream does), so it holds at most two parts in memory and the
 * task rarely waits for the network; parts stay in order because only one is in flight at a time. The object appears
 * only when {@link #close()} succeeds (S3 makes a multipart upload visible on completion); {@link #abort()} discards
 * it. Each request is retried by the AWS SDK.
 */
public final class S3ObjectOutputStream extends OutputStream {
    private final AmazonS3 s3;
    private final String bucket;
    private final String key;
    private final int partSize;
    private final ObjectMetadata metadata;
    private byte[] buffer;
    private int length;
    private String uploadId;
    private final List<PartETag> parts = new ArrayList<>();
    private long bytesWritten;
    private boolean closed;
    private Runnable afterPart;
    /** The part being uploaded in the background, if any, and the buffer to fill next. */
    private Future<PartETag> inFlight;
    private byte[] spare;

    /** Part uploads of all streams of this JVM: a few at once, on daemon threads. */
    private static final ExecutorService UPLOADS = Executors.newFixedThreadPool(4, r -> {
        Thread t = new Thread(r, "s3-part-upload");
        t.setDaemon(true);
        return t;
    });

    public S3ObjectOutputStream(AmazonS3 s3, String bucket, String key, long partSize, String contentType, String contentEncoding) {
        this.s3 = s3;
        this.bucket = bucket;
        this.key = key;
        this.partSize = (int) Math.min(partSize, Integer.MAX_VALUE - 16);
        this.metadata = new ObjectMetadata();
        metadata.setContentType(contentType);
        if (contentEncoding != null) {
            metadata.setContentEncoding(contentEncoding);
        }
        this.buffer = new byte[Math.min(this.partSize, 256 * 1024)];
    }

    @Override
    public void write(int b) throws IOException {
        ensureRoom(1);
        buffer[length++] = (byte) b;
        bytesWritten++;
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        int o = off;
        int remaining = len;
        while (remaining > 0) {
            ensureRoom(1);
            int n = Math.min(remaining, buffer.length - length);
            System.arraycopy(b, o, buffer, length, n);
            length += n;
            o += n;
            remaining -= n;
            bytesWritten += n;
        }
    }

    /** Grows the buffer up to one part; sends the part when full. */
    private void ensureRoom(int needed) throws IOException {
        if (closed) {
            throw new IOException("stream closed: s3://" + bucket + "/" + key);
        }
        if (length + needed <= buffer.length) {
            return;
        }
        if (buffer.length < partSize) {
            buffer = Arrays.copyOf(buffer, (int) Math.min((long) partSize, Math.max(buffer.length * 2L, length + needed)));
            return;
        }
        sendPart();
    }

    /** Hands the full buffer to a background upload (after the previous part finished) and fills the spare. */
    private void sendPart() throws IOException {
        if (uploadId == null) {
            uploadId = s3.initiateMultipartUpload(new InitiateMultipartUploadRequest(bucket, key, metadata)).getUploadId();
        }
        awaitInFlight();
        byte[] body = buffer;
        int size = length;
        int number = parts.size() + 1;
        inFlight = UPLOADS.submit(() -> uploadPart(number, body, size));
        buffer = spare != null ? spare : new byte[partSize];
        spare = body;
        length = 0;
    }

    private PartETag uploadPart(int number, byte[] body, int size) {
        UploadPartRequest req = new UploadPartRequest()
                .withBucketName(bucket).withKey(key).withUploadId(uploadId)
                .withPartNumber(number)
                .withInputStream(new ByteArrayInputStream(body, 0, size))
                .withPartSize(size);
        req.getRequestClientOptions().setReadLimit(size + 1);
        return s3.uploadPart(req).getPartETag();
    }

    /** Waits for the part in flight, if any, and records it; its failure is this stream's failure. */
    private void awaitInFlight() throws IOException {
        if (inFlight == null) {
            return;
        }
        Future<PartETag> f = inFlight;
        inFlight = null;
        try {
            parts.add(f.get());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while uploading s3://" + bucket + "/" + key);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException) {
                throw (RuntimeException) cause;
            }
            throw new IOException("upload of a part of s3://" + bucket + "/" + key + " failed: " + cause, cause);
        }
        if (afterPart != null) {
            afterPart.run();
        }
    }

    /** Test-only: runs {@code hook} after each part of a multipart upload is sent (a crash point mid-upload). */
    void afterEachPart(Runnable hook) {
        this.afterPart = hook;
    }

    /** Bytes written so far (as stored, after any compression wrapped around this stream). */
    public long bytesWritten() {
        return bytesWritten;
    }

    public String key() {
        return key;
    }

    /** Makes the object durable: one PUT, or the last part and the multipart completion. */
    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        try {
            if (uploadId == null) {
                ObjectMetadata md = metadata.clone();
                md.setContentLength(length);
                PutObjectRequest put = new PutObjectRequest(bucket, key, new ByteArrayInputStream(buffer, 0, length), md);
                put.getRequestClientOptions().setReadLimit(length + 1);
                s3.putObject(put);
            } else {
                awaitInFlight();
                if (length > 0) {
                    parts.add(uploadPart(parts.size() + 1, buffer, length));
                }
                s3.completeMultipartUpload(new CompleteMultipartUploadRequest(bucket, key, uploadId, parts));
            }
            closed = true;
            buffer = null;
            spare = null;
        } catch (RuntimeException | IOException e) {
            abort();
            throw new IOException("upload of s3://" + bucket + "/" + key + " failed: " + e.getMessage(), e);
        }
    }

    /** Discards what was written; nothing becomes visible. Never throws. */
    public void abort() {
        closed = true;
        buffer = null;
        spare = null;
        if (inFlight != null) {
            try {
                inFlight.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (ExecutionException ignored) {
                // the upload is aborted below either way
            }
            inFlight = null;
        }
        if (uploadId != null) {
            try {
                s3.abortMultipartUpload(new AbortMultipartUploadRequest(bucket, key, uploadId));
            } catch (RuntimeException ignored) {
                // an abandoned upload is invisible; a bucket lifecycle rule reclaims its parts
            }
            uploadId = null;
        }
    }
}
