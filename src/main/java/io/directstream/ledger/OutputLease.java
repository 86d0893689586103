package io.directstream.ledger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.directstream.sink.S3Objects;
import io.directstream.source.SourceUnavailableException;
import java.io.IOException;
import java.net.InetAddress;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One writer per output location: a lease in {@code _ledger/lease.json}, taken and renewed with S3 conditional writes
 * (compare-and-set on the ETag), so two instances can never both believe they hold it.
 *
 * <p>A starting job takes the lease when it is absent, released, expired (not renewed for {@code ttl}), or held by a
 * process of the same host that no longer exists (a local kill -9); otherwise it waits up to {@code job.lease.wait}
 * and then refuses to start. The holder renews every quarter of {@code ttl} from a background thread; if a renewal
 * finds the lease changed, another instance took over and this one is fenced: it writes no further ledger entry.
 * The lease is never deleted, only marked released, so it also tells that this location has a history.
 */
public final class OutputLease implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(OutputLease.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final S3Objects objects;
    private final String key;
    private final String runId;
    private final String jobName;
    private final Duration ttl;
    private final String host = hostName();
    private final long pid = ProcessHandle.current().pid();
    private final long acquiredAtMs = System.currentTimeMillis();
    private volatile String etag;
    private volatile long renewedAtMs;
    private volatile String lostTo;
    private ScheduledExecutorService heartbeat;

    public OutputLease(S3Objects objects, String key, String runId, String jobName, Duration ttl) {
        this.objects = objects;
        this.key = key;
        this.runId = runId;
        this.jobName = jobName;
        this.ttl = ttl;
    }

    /** What a lease object says about its holder. */
    public static final class Holder {
        final String runId;
        final String host;
        final long pid;
        final long renewedAtMs;
        final long ttlMs;
        final boolean released;

        Holder(JsonNode n) {
            runId = n.path("runId").asText("?");
            host = n.path("host").asText("?");
            pid = n.path("pid").asLong(-1);
            renewedAtMs = n.path("renewedAtMs").asLong(0);
            ttlMs = n.path("ttlMs").asLong(0);
            released = n.path("released").asBoolean(false);
        }

        public String runId() {
            return runId;
        }

        @Override
        public String toString() {
            return "run " + runId + " (host " + host + ", pid " + pid + ")";
        }
    }

    /**
     * Takes the lease, waiting up to {@code maxWait} for a live holder to go. Returns the previous holder, empty when
     * the location never had a lease. Throws {@link SourceUnavailableException} when another instance keeps it.
     */
    public Optional<Holder> acquire(Duration maxWait) {
        long deadline = System.currentTimeMillis() + maxWait.toMillis();
        boolean waitingLogged = false;
        while (true) {
            Optional<S3Objects.Versioned> current = objects.get(key);
            long now = System.currentTimeMillis();
            if (current.isEmpty()) {
                if (write(null, now)) {
                    return Optional.empty();
                }
                continue;
            }
            Holder h = parse(current.get().bytes());
            String why = takeoverReason(h, now);
            if (why != null) {
                if (write(current.get().etag(), now)) {
                    if (!h.released && !h.runId.equals(runId)) {
                        LOG.warn("Took over the lease on this output location from {}: {}", h, why);
                    }
                    return Optional.of(h);
                }
                continue;
            }
            if (now >= deadline) {
                throw new SourceUnavailableException("Another instance of the job holds the output location: " + h
                        + ", lease renewed " + (now - h.renewedAtMs) / 1000 + " s ago (" + key + "). Stop it first (bin/stop), "
                        + "or wait for its lease to expire (" + h.ttlMs / 1000 + " s after its last renewal).");
            }
            if (!waitingLogged) {
                LOG.warn("The output location is held by {}, renewed {} s ago; waiting up to {} s for it to stop or expire",
                        h, (now - h.renewedAtMs) / 1000, Math.max(0, (deadline - now) / 1000));
                waitingLogged = true;
            }
            sleep(Math.min(1000, Math.max(1, deadline - now)));
        }
    }

    private String takeoverReason(Holder h, long now) {
        if (h.released) {
            return "released";
        }
        if (h.runId.equals(runId)) {
            return "ours";
        }
        if (h.renewedAtMs + h.ttlMs < now) {
            return "expired " + (now - h.renewedAtMs - h.ttlMs) / 1000 + " s ago";
        }
        if (h.host.equals(host) && h.pid != pid && ProcessHandle.of(h.pid).map(p -> !p.isAlive()).orElse(true)) {
            return "its process " + h.pid + " on this host is gone";
        }
        return null;
    }

    /** Renews from a daemon thread every quarter of the lease time. */
    public synchronized void startHeartbeat() {
        long every = Math.max(500, ttl.toMillis() / 4);
        heartbeat = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "output-lease-heartbeat");
            t.setDaemon(true);
            return t;
        });
        heartbeat.scheduleWithFixedDelay(this::renewQuietly, every, every, TimeUnit.MILLISECONDS);
    }

    private void renewQuietly() {
        try {
            renew();
        } catch (RuntimeException e) {
            LOG.warn("Could not renew the lease on the output location (will retry; it expires {} s after the last "
                    + "renewal): {}", ttl.toSeconds(), e.toString());
        }
    }

    /** Renews now; on finding the lease changed, marks this instance fenced. */
    public synchronized void renew() {
        if (lostTo != null) {
            return;
        }
        long now = System.currentTimeMillis();
        if (!write(etag, now)) {
            Holder h = objects.get(key).map(v -> parse(v.bytes())).orElse(null);
            lostTo = h == null ? "a deleted lease" : h.toString();
            LOG.error("The lease on the output location was taken over by {}: this instance is fenced and writes no "
                    + "further ledger entry", lostTo);
        }
    }

    /** Throws {@link LedgerConflictException} unless this instance still holds a live lease. */
    public void checkHeld() {
        if (lostTo != null) {
            throw new LedgerConflictException("fenced: the lease on the output location was taken over by " + lostTo);
        }
        long age = System.currentTimeMillis() - renewedAtMs;
        if (age > ttl.toMillis()) {
            throw new LedgerConflictException("the lease on the output location was not renewed for " + age / 1000
                    + " s (lease time " + ttl.toSeconds() + " s): another instance may have taken over");
        }
    }

    /** Marks the lease released so the next start need not wait. */
    public synchronized void release() {
        stopHeartbeat();
        if (lostTo != null || etag == null) {
            return;
        }
        try {
            ObjectNode n = body(System.currentTimeMillis());
            n.put("released", true);
            objects.putIfMatch(key, JSON.writeValueAsBytes(n), etag);
        } catch (IOException | RuntimeException e) {
            LOG.warn("Could not release the lease (the next start waits for it to expire): {}", e.toString());
        }
    }

    private synchronized void stopHeartbeat() {
        if (heartbeat != null) {
            heartbeat.shutdownNow();
            heartbeat = null;
        }
    }

    @Override
    public void close() {
        release();
    }

    private boolean write(String ifMatch, long now) {
        byte[] bytes;
        try {
            bytes = JSON.writeValueAsBytes(body(now));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        Optional<String> newTag = ifMatch == null ? objects.putIfAbsent(key, bytes) : objects.putIfMatch(key, bytes, ifMatch);
        newTag.ifPresent(t -> {
            etag = t;
            renewedAtMs = now;
        });
        return newTag.isPresent();
    }

    private ObjectNode body(long now) {
        ObjectNode n = JSON.createObjectNode();
        n.put("runId", runId);
        n.put("jobName", jobName);
        n.put("host", host);
        n.put("pid", pid);
        n.put("acquiredAtMs", acquiredAtMs);
        n.put("renewedAtMs", now);
        n.put("ttlMs", ttl.toMillis());
        n.put("released", false);
        return n;
    }

    private static Holder parse(byte[] bytes) {
        try {
            return new Holder(JSON.readTree(bytes));
        } catch (IOException e) {
            throw new IllegalStateException("the lease object is not JSON: " + e.getMessage(), e);
        }
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "unknown-host";
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SourceUnavailableException("interrupted while waiting for the lease", e);
        }
    }
}
