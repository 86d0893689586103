package io.directstream.trigger;

import io.directstream.config.InvalidConfigException;
import io.directstream.config.JobKeys;
import io.directstream.process.TriggerSettings;
import io.directstream.process.TriggerSettings.Where;
import java.util.Set;

/** Creates the configured trigger, and checks before anything starts that it can run where its mode puts it. */
public final class Triggers {
    private Triggers() {
    }

    /** A fresh, configured instance. */
    public static Trigger create(TriggerSettings settings) {
        Trigger t;
        try {
            ClassLoader cl = Thread.currentThread().getContextClassLoader();
            t = (Trigger) Class.forName(settings.className(), true, cl).getConstructor().newInstance();
        } catch (ReflectiveOperationException | ClassCastException | LinkageError e) {
            throw new IllegalStateException("cannot create trigger " + settings.className() + ": " + e, e);
        }
        t.configure(settings.properties());
        return t;
    }

    /**
     * Refuses a trigger class that cannot be created, or that cannot run where the mode puts it (one that needs a
     * SparkSession in executor mode), naming the key, the value and the mode to use instead.
     */
    public static void check(TriggerSettings settings) throws InvalidConfigException {
        Class<?> c;
        try {
            c = Class.forName(settings.className(), false, Thread.currentThread().getContextClassLoader());
        } catch (ClassNotFoundException | LinkageError e) {
            throw new InvalidConfigException("Invalid value " + settings.className() + " for configuration "
                    + JobKeys.TRIGGER_CLASS + ": class not found (expected a class implementing "
                    + Trigger.class.getName() + " on the job's classpath)");
        }
        if (!Trigger.class.isAssignableFrom(c)) {
            throw new InvalidConfigException("Invalid value " + settings.className() + " for configuration "
                    + JobKeys.TRIGGER_CLASS + ": it does not implement " + Trigger.class.getName());
        }
        Trigger t;
        try {
            t = create(settings);
        } catch (RuntimeException e) {
            throw new InvalidConfigException("Invalid value " + settings.className() + " for configuration "
                    + JobKeys.TRIGGER_CLASS + ": " + e.getMessage());
        }
        Set<Where> where = t.runsOn();
        if (!where.contains(settings.runsOn())) {
            String modeKey = settings.mode() == TriggerSettings.Mode.CHUNKED ? JobKeys.TRIGGER_CHUNK_ON : JobKeys.TRIGGER_MODE;
            String modeValue = settings.mode() == TriggerSettings.Mode.CHUNKED ? settings.chunkOn().id() : settings.mode().id();
            String instead = where.contains(Where.DRIVER)
                    ? JobKeys.TRIGGER_MODE + "=driver, or " + JobKeys.TRIGGER_MODE + "=chunked with "
                    + JobKeys.TRIGGER_CHUNK_ON + "=driver"
                    : JobKeys.TRIGGER_MODE + "=executor, or " + JobKeys.TRIGGER_MODE + "=chunked with "
                    + JobKeys.TRIGGER_CHUNK_ON + "=executor";
            String why = where.contains(Where.DRIVER)
                    ? "it runs on the driver only (it needs the SparkSession, which Spark has only on the driver: "
                    + "no DataFrame can be built inside an executor's task)"
                    : "it runs on the executors only";
            throw new InvalidConfigException("Invalid value " + modeValue + " for configuration " + modeKey
                    + ": trigger " + settings.className() + " cannot run on the " + settings.runsOn().id() + ": "
                    + why + ". Use " + instead + ".");
        }
    }
}
