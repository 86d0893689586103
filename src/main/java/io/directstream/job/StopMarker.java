package io.directstream.job;

import io.directstream.storage.S3Location;
import io.directstream.storage.ObjectStore;
import io.directstream.storage.S3ObjectStore;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * The graceful-stop request that {@code bin/stop} writes: {@code _control/stop} under the output location. The driver
 * polls it, wherever it runs (a YARN container has no shared local disk with the operator), finishes the running
 * batch, records it, commits synchronously and exits; the marker is removed when the job has stopped and also when a
 * job starts (a request made while no job ran is stale).
 */
public final class StopMarker {
    private final ObjectStore objects;
    private final String key;

    public StopMarker(ObjectStore objects, S3Location output) {
        this.objects = objects;
        this.key = output.key("_control/stop");
    }

    public String key() {
        return key;
    }

    public void request(String reason) {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (java.io.IOException e) {
            host = "unknown-host";
        }
        String body = "{\"requestedAt\":\"" + Instant.now() + "\",\"host\":\"" + host + "\",\"user\":\""
                + System.getProperty("user.name", "?") + "\",\"reason\":\"" + reason.replace("\"", "'") + "\"}";
        objects.put(key, body.getBytes(StandardCharsets.UTF_8));
    }

    public boolean isRequested() {
        return objects.exists(key);
    }

    public void clear() {
        objects.delete(key);
    }
}
