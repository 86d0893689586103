package io.directstream.ledger;

import static org.junit.Assert.assertEquals;

import io.directstream.storage.ConditionalWrites;
import io.directstream.storage.ObjectStore;
import io.directstream.testing.InMemoryObjectStore;
import java.util.Optional;
import org.junit.Test;

/** The start-up probe of conditional writes: a store that honours them passes; one that ignores them is named. */
public class ConditionalWritesTest {
    /** A store that ignores If-None-Match and If-Match, as some S3 implementations do. */
    private static final class IgnoresConditions implements ObjectStore {
        private final InMemoryObjectStore inner = new InMemoryObjectStore();

        @Override
        public Optional<Versioned> get(String key) {
            return inner.get(key);
        }

        @Override
        public boolean exists(String key) {
            return inner.exists(key);
        }

        @Override
        public String put(String key, byte[] bytes) {
            return inner.put(key, bytes);
        }

        @Override
        public Optional<String> putIfAbsent(String key, byte[] bytes) {
            return Optional.of(inner.put(key, bytes));
        }

        @Override
        public Optional<String> putIfMatch(String key, byte[] bytes, String etag) {
            return Optional.of(inner.put(key, bytes));
        }

        @Override
        public void delete(String key) {
            inner.delete(key);
        }

        @Override
        public String bucket() {
            return "ignores";
        }
    }

    @Test
    public void aStoreThatHonoursConditionsPasses() {
        assertEquals(Optional.empty(), ConditionalWrites.problem(new InMemoryObjectStore(), "probe"));
    }

    @Test
    public void aStoreThatIgnoresThemIsNamed() {
        assertEquals(Optional.of("a PUT with If-None-Match: * replaced an existing object"),
                ConditionalWrites.problem(new IgnoresConditions(), "probe"));
    }
}
