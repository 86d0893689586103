package io.directstream.storage;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.UUID;

/**
 * Checks that the object store honours conditional writes, on which the one-writer guarantee rests: the lease is a
 * compare-and-set on its ETag ({@code If-Match}) and every ledger entry is created only if absent
 * ({@code If-None-Match: *}). A server that ignores those headers would answer 200 to both writers of a race, and two
 * instances could both believe they hold the lease. AWS S3 honours them since 2024, as do s3proxy and MinIO; older or
 * partial implementations may not, so the job asks before it relies on them.
 */
public final class ConditionalWrites {
    private ConditionalWrites() {
    }

    /** Writes a probe object at {@code key} and tries both conditions; empty when both are honoured, else what failed. */
    public static Optional<String> problem(ObjectStore store, String key) {
        String etag = store.put(key, bytes("probe " + UUID.randomUUID()));
        if (store.putIfAbsent(key, bytes("must not replace the probe")).isPresent()) {
            return Optional.of("a PUT with If-None-Match: * replaced an existing object");
        }
        if (store.putIfMatch(key, bytes("must not replace the probe"), "\"00000000000000000000000000000000\"").isPresent()) {
            return Optional.of("a PUT with If-Match and another ETag replaced the object");
        }
        if (store.putIfMatch(key, bytes("replaces the probe"), etag).isEmpty()) {
            return Optional.of("a PUT with If-Match and the object's own ETag was refused");
        }
        return Optional.empty();
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
