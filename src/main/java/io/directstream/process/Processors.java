package io.directstream.process;

import java.util.Map;

/** Creates the configured processor on an executor: a fresh instance per partition batch, configured. */
public final class Processors {
    private Processors() {
    }

    public static RecordProcessor create(String className, Map<String, String> properties) {
        RecordProcessor p;
        try {
            ClassLoader cl = Thread.currentThread().getContextClassLoader();
            p = (RecordProcessor) Class.forName(className, true, cl).getConstructor().newInstance();
        } catch (ReflectiveOperationException | ClassCastException e) {
            throw new IllegalStateException("cannot create processor " + className + ": " + e, e);
        }
        p.configure(properties);
        return p;
    }
}
