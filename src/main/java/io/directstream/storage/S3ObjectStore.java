package io.directstream.storage;

import com.amazonaws.AmazonServiceException;
import com.amazonaws.services.s3.AmazonS3;
import com.amazonaws.services.s3.model.ObjectMetadata;
import com.amazonaws.services.s3.model.PutObjectRequest;
import com.amazonaws.services.s3.model.PutObjectResult;
import com.amazonaws.services.s3.model.S3Object;
import com.amazonaws.util.IOUtils;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Optional;

/**
 * Small objects (ledger entries, the lease, markers) with S3's conditional writes: {@code If-None-Match: *} creates an
 * object only if absent, {@code If-Match: etag} replaces it only if unchanged; S3 answers 412 otherwise. AWS S3 has
 * honoured both on PUT since 2024; so do s3proxy and MinIO.
 */
public final class S3ObjectStore implements ObjectStore {
    private final AmazonS3 s3;
    private final String bucket;

    public S3ObjectStore(AmazonS3 s3, String bucket) {
        this.s3 = s3;
        this.bucket = bucket;
    }

    @Override
    public Optional<Versioned> get(String key) {
        try (S3Object o = s3.getObject(bucket, key)) {
            return Optional.of(new Versioned(IOUtils.toByteArray(o.getObjectContent()), o.getObjectMetadata().getETag()));
        } catch (AmazonServiceException e) {
            if (e.getStatusCode() == 404) {
                return Optional.empty();
            }
            throw e;
        } catch (IOException e) {
            throw new UncheckedIOException("reading s3://" + bucket + "/" + key, e);
        }
    }

    @Override
    public boolean exists(String key) {
        return s3.doesObjectExist(bucket, key);
    }

    @Override
    public String put(String key, byte[] bytes) {
        return s3.putObject(request(key, bytes)).getETag();
    }

    @Override
    public Optional<String> putIfAbsent(String key, byte[] bytes) {
        PutObjectRequest r = request(key, bytes);
        r.putCustomRequestHeader("If-None-Match", "*");
        return conditional(r);
    }

    @Override
    public Optional<String> putIfMatch(String key, byte[] bytes, String etag) {
        PutObjectRequest r = request(key, bytes);
        r.putCustomRequestHeader("If-Match", etag.startsWith("\"") ? etag : "\"" + etag + "\"");
        return conditional(r);
    }

    @Override
    public void delete(String key) {
        s3.deleteObject(bucket, key);
    }

    @Override
    public String bucket() {
        return bucket;
    }

    private Optional<String> conditional(PutObjectRequest r) {
        try {
            PutObjectResult result = s3.putObject(r);
            return Optional.of(result.getETag());
        } catch (AmazonServiceException e) {
            if (e.getStatusCode() == 412 || e.getStatusCode() == 409) {
                return Optional.empty();
            }
            throw e;
        }
    }

    private PutObjectRequest request(String key, byte[] bytes) {
        ObjectMetadata md = new ObjectMetadata();
        md.setContentLength(bytes.length);
        md.setContentType("application/json");
        PutObjectRequest r = new PutObjectRequest(bucket, key, new ByteArrayInputStream(bytes), md);
        r.getRequestClientOptions().setReadLimit(bytes.length + 1);
        return r;
    }
}
