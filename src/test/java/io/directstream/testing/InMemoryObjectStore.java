package io.directstream.testing;

import io.directstream.storage.ObjectStore;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * An object store in memory with S3's conditional-write semantics, for unit tests of pure logic (the lease). It can
 * also play the one S3 behaviour that matters here and is hard to provoke for real: a PUT that succeeded but whose
 * answer was lost, so that the SDK's retry of it meets the new ETag and gets 412.
 */
public final class InMemoryObjectStore implements ObjectStore {
    private final Map<String, Versioned> objects = new HashMap<>();
    private int etags;
    private boolean loseNextAnswer;

    @Override
    public synchronized Optional<Versioned> get(String key) {
        Versioned v = objects.get(key);
        return v == null ? Optional.empty() : Optional.of(new Versioned(v.bytes().clone(), v.etag()));
    }

    @Override
    public synchronized boolean exists(String key) {
        return objects.containsKey(key);
    }

    @Override
    public synchronized String put(String key, byte[] bytes) {
        String etag = "etag-" + (++etags);
        objects.put(key, new Versioned(Arrays.copyOf(bytes, bytes.length), etag));
        return etag;
    }

    @Override
    public synchronized Optional<String> putIfAbsent(String key, byte[] bytes) {
        if (objects.containsKey(key)) {
            return Optional.empty();
        }
        return answer(put(key, bytes));
    }

    @Override
    public synchronized Optional<String> putIfMatch(String key, byte[] bytes, String etag) {
        Versioned v = objects.get(key);
        if (v == null || !v.etag().equals(etag)) {
            return Optional.empty();
        }
        return answer(put(key, bytes));
    }

    @Override
    public synchronized void delete(String key) {
        objects.remove(key);
    }

    @Override
    public String bucket() {
        return "in-memory";
    }

    /** The next conditional PUT is applied, but answered as its retry would be: 412 (empty). */
    public synchronized void loseNextAnswer() {
        loseNextAnswer = true;
    }

    private Optional<String> answer(String etag) {
        if (loseNextAnswer) {
            loseNextAnswer = false;
            return Optional.empty();
        }
        return Optional.of(etag);
    }
}
