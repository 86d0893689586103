package io.directstream.testing;

import io.directstream.trigger.Trigger;
import io.directstream.trigger.TriggerContext;
import io.directstream.trigger.TriggerMessage;
import io.directstream.trigger.TriggerOutcome;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A trigger for the tests, runnable in every mode: stores each message's value and coordinates as
 * {@code _triggers/.../t+p+offset.txt}; dead-letters every offset that is 3 modulo {@code dead.modulo} (default 7: a
 * pure function of the coordinates, so every mode decides alike; a restart with another modulo changes outcomes).
 * Settings ({@code trigger.conf.*}): {@code fail.offset} and {@code fail.marker} — the first time (no marker file
 * yet) the message at that offset of partition 0 arrives, create the marker and throw; {@code sleep.ms} — sleep this
 * long per message (a slow remote call); {@code flip.on.retry} — on the executors, a task's first attempt
 * dead-letters every message and its retries do the work (outcomes that differ between attempts).
 */
public final class CoordinatesTrigger implements Trigger {
    private long failOffset = -1;
    private Path failMarker;
    private long sleepMs;
    private long deadModulo = 7;
    private boolean flipOnRetry;

    @Override
    public void configure(java.util.Map<String, String> properties) {
        failOffset = Long.parseLong(properties.getOrDefault("fail.offset", "-1"));
        failMarker = properties.containsKey("fail.marker") ? Path.of(properties.get("fail.marker")) : null;
        sleepMs = Long.parseLong(properties.getOrDefault("sleep.ms", "0"));
        deadModulo = Long.parseLong(properties.getOrDefault("dead.modulo", "7"));
        flipOnRetry = Boolean.parseBoolean(properties.getOrDefault("flip.on.retry", "false"));
    }

    @Override
    public TriggerOutcome handle(TriggerMessage m, TriggerContext context) throws Exception {
        if (m.partition() == 0 && m.offset() == failOffset && failMarker != null && !Files.exists(failMarker)) {
            Files.writeString(failMarker, m.coordinates());
            throw new IllegalStateException("planned failure at " + m.coordinates());
        }
        if (sleepMs > 0) {
            Thread.sleep(sleepMs);
        }
        if (flipOnRetry) {
            org.apache.spark.TaskContext task = org.apache.spark.TaskContext.get();
            if (task != null && task.attemptNumber() == 0 && task.stageAttemptNumber() == 0) {
                return TriggerOutcome.deadLetter("first attempt of the task");
            }
        } else if (m.offset() % deadModulo == 3) {
            return TriggerOutcome.deadLetter("offset " + m.offset() + " is 3 modulo " + deadModulo);
        }
        String body = m.coordinates() + " " + m.valueText() + "\n";
        context.outputs().put(m, "txt", body.getBytes(StandardCharsets.UTF_8), "text/plain");
        return TriggerOutcome.done();
    }
}
