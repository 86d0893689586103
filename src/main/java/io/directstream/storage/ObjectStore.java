package io.directstream.storage;

import java.util.Optional;

/**
 * Small objects in one bucket (ledger entries, the lease, control markers) with conditional writes. The ledger and the
 * lease depend on this interface, not on an SDK; {@link S3ObjectStore} is the AWS SDK v1 implementation, and unit
 * tests use an in-memory one.
 */
public interface ObjectStore {
    /** An object's bytes and the ETag they were read with. */
    record Versioned(byte[] bytes, String etag) {
    }

    /** The object, or empty when it does not exist. */
    Optional<Versioned> get(String key);

    boolean exists(String key);

    /** Writes unconditionally; returns the new ETag. */
    String put(String key, byte[] bytes);

    /** Creates the object only if absent ({@code If-None-Match: *}); empty when it already exists. */
    Optional<String> putIfAbsent(String key, byte[] bytes);

    /** Replaces the object only if its ETag is still {@code etag} ({@code If-Match}); empty when it changed. */
    Optional<String> putIfMatch(String key, byte[] bytes, String etag);

    /** Deletes the object; deleting an absent object is not an error. */
    void delete(String key);

    /** The bucket, for messages. */
    String bucket();
}
