package io.directstream.ledger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.directstream.storage.ObjectStore;
import io.directstream.storage.UnavailableException;
import java.io.IOException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One writer per output location: a lease in {@code _ledger/lease.json}, taken and renewed with conditional writes
 * (compare-and-set on the ETag), so two instances can never both believe they hold it.
 *
 * <p>A starting instance takes the lease when it is absent, released, expired (not renewed for {@code ttl}), or held
 * by a process that provably no longer exists on this very host ({@link HostIdentity}); otherwise it waits up to a
 * bound and then refuses. From the moment it is taken the lease is renewed from a background thread.
 *
 * <p><b>The margin.</b> A taker may take over at {@code renewedAt + ttl}. A holder that checked the lease at age
 * {@code a} may still see its next write land up to one S3 retry budget {@code b} later. So the holder gives up — its
 * {@link #checkHeld()} fails — once the last renewal is older than {@code ttl/2 - b}: its last write lands before
 * {@code ttl/2} of age, and the other half of the lease time covers clock differences between hosts and pauses. It
 * renews every third of that, so two renewals may fail before it gives up. If a renewal finds the lease changed, another
 * instance took over and this one is fenced for good. The lease is never deleted, only marked released, so it also
 * tells that this location has a history.
 */
public final class OutputLease implements Fence, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(OutputLease.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Time and waiting, injectable so that unit tests control both. */
    public interface Ticker {
        long nowMs();

        void sleep(long ms) throws InterruptedException;

        Ticker SYSTEM = new Ticker() {
            @Override
            public long nowMs() {
                return System.currentTimeMillis();
            }

            @Override
            public void sleep(long ms) throws InterruptedException {
                Thread.sleep(ms);
            }
        };
    }

    private final ObjectStore objects;
    private final String key;
    private final String runId;
    private final String jobName;
    private final long ttlMs;
    private final long giveUpMs;
    private final Ticker ticker;
    private final HostIdentity self;
    private final long acquiredAtMs;
    private volatile String etag;
    private volatile long renewedAtMs;
    private volatile String lostTo;
    private ScheduledExecutorService heartbeat;

    /**
     * A lease on {@code key} for the run {@code runId}; {@code retryBudget} is how long one S3 request may keep
     * retrying ({@code s3.retry.budget}), which the margin must cover.
     */
    public OutputLease(ObjectStore objects, String key, String runId, String jobName, Duration ttl, Duration retryBudget) {
        this(objects, key, runId, jobName, ttl, retryBudget, Ticker.SYSTEM, HostIdentity.current());
    }

    OutputLease(ObjectStore objects, String key, String runId, String jobName, Duration ttl, Duration retryBudget,
                Ticker ticker, HostIdentity self) {
        this.objects = objects;
        this.key = key;
        this.runId = runId;
        this.jobName = jobName;
        this.ttlMs = ttl.toMillis();
        this.giveUpMs = giveUpAfter(ttl, retryBudget).toMillis();
        if (giveUpMs <= 0) {
            throw new IllegalArgumentException("lease time " + ttl + " leaves no margin over the S3 retry budget "
                    + retryBudget + ": it must be more than twice the retry budget");
        }
        this.ticker = ticker;
        this.self = self;
        this.acquiredAtMs = ticker.nowMs();
    }

    /** When a holder gives up: half the lease time minus the S3 retry budget (see the class comment). */
    public static Duration giveUpAfter(Duration ttl, Duration retryBudget) {
        return ttl.dividedBy(2).minus(retryBudget);
    }

    /** What a lease object says about its holder. */
    public record Holder(String runId, String host, long pid, long pidStartMs, String hostId, long renewedAtMs,
                         long ttlMs, boolean released) {
        static Holder parse(byte[] bytes) {
            JsonNode n;
            try {
                n = JSON.readTree(bytes);
            } catch (IOException e) {
                throw new LedgerDamagedException("the lease object is not JSON: " + e.getMessage(), e);
            }
            return new Holder(n.path("runId").asText("?"), n.path("host").asText("?"), n.path("pid").asLong(-1),
                    n.path("pidStartMs").asLong(0), n.path("hostId").asText(null), n.path("renewedAtMs").asLong(0),
                    n.path("ttlMs").asLong(0), n.path("released").asBoolean(false));
        }

        @Override
        public String toString() {
            return "run " + runId + " (host " + host + ", pid " + pid + ")";
        }
    }

    /**
     * Takes the lease, waiting up to {@code maxWait} for a live holder to go, and starts renewing it at once. Returns
     * the previous holder, empty when the location never had a lease. Throws {@link UnavailableException} when
     * another instance keeps it.
     */
    public Optional<Holder> acquire(Duration maxWait) {
        Optional<Holder> previous = take(maxWait);
        startHeartbeat();
        return previous;
    }

    /** Takes the lease without starting the heartbeat (unit tests renew by hand). */
    Optional<Holder> take(Duration maxWait) {
        long deadline = ticker.nowMs() + maxWait.toMillis();
        boolean waitingLogged = false;
        while (true) {
            Optional<ObjectStore.Versioned> current = objects.get(key);
            long now = ticker.nowMs();
            if (current.isEmpty()) {
                if (write(null, now)) {
                    return Optional.empty();
                }
                continue;
            }
            Holder h = Holder.parse(current.get().bytes());
            String why = takeoverReason(h, now);
            if (why != null) {
                if (write(current.get().etag(), now)) {
                    if (!h.released() && !h.runId().equals(runId)) {
                        LOG.warn("Took over the lease on this output location from {}: {}", h, why);
                    }
                    return Optional.of(h);
                }
                continue;
            }
            if (now >= deadline) {
                throw new UnavailableException("Another instance of the job holds the output location: " + h
                        + ", lease renewed " + (now - h.renewedAtMs()) / 1000 + " s ago (" + key + "). Stop it first "
                        + "(bin/stop), or wait for its lease to expire (" + h.ttlMs() / 1000 + " s after its last renewal).");
            }
            if (!waitingLogged) {
                LOG.warn("The output location is held by {}, renewed {} s ago; waiting up to {} s for it to stop or expire",
                        h, (now - h.renewedAtMs()) / 1000, Math.max(0, (deadline - now) / 1000));
                waitingLogged = true;
            }
            try {
                ticker.sleep(Math.min(1000, Math.max(1, deadline - now)));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new UnavailableException("interrupted while waiting for the lease", e);
            }
        }
    }

    private String takeoverReason(Holder h, long now) {
        if (h.released()) {
            return "released";
        }
        if (h.runId().equals(runId)) {
            return "ours";
        }
        if (h.renewedAtMs() + h.ttlMs() < now) {
            return "expired " + (now - h.renewedAtMs() - h.ttlMs()) / 1000 + " s ago";
        }
        if (self.provesGone(h.hostId(), h.pid(), h.pidStartMs())) {
            return "its process " + h.pid() + " on this host is gone";
        }
        return null;
    }

    /** Renews from a daemon thread every third of the give-up time. */
    public synchronized void startHeartbeat() {
        if (heartbeat != null) {
            return;
        }
        long every = renewEveryMs();
        heartbeat = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "output-lease-heartbeat");
            t.setDaemon(true);
            return t;
        });
        heartbeat.scheduleWithFixedDelay(this::renewQuietly, every, every, TimeUnit.MILLISECONDS);
    }

    long renewEveryMs() {
        return Math.max(200, giveUpMs / 3);
    }

    private void renewQuietly() {
        try {
            renew();
        } catch (RuntimeException e) {
            LOG.warn("Could not renew the lease on the output location (will retry; this instance gives up {} s after "
                    + "the last renewal): {}", giveUpMs / 1000, e.toString());
        }
    }

    /** Renews now; on finding the lease changed, marks this instance fenced. */
    public synchronized void renew() {
        if (lostTo != null || etag == null) {
            return;
        }
        long now = ticker.nowMs();
        if (write(etag, now)) {
            return;
        }
        // 412: either another instance replaced the lease, or an earlier try of this very PUT did succeed and the
        // SDK's retry met our own new ETag. The body tells: it is ours if it holds this run and this renewal's time.
        Optional<ObjectStore.Versioned> current = objects.get(key);
        if (current.isPresent()) {
            Holder h = Holder.parse(current.get().bytes());
            if (h.runId().equals(runId) && h.renewedAtMs() == now && !h.released()) {
                etag = current.get().etag();
                renewedAtMs = now;
                return;
            }
        }
        lostTo = current.map(v -> Holder.parse(v.bytes()).toString()).orElse("a deleted lease");
        LOG.error("The lease on the output location was taken over by {}: this instance is fenced and writes nothing "
                + "more", lostTo);
    }

    /**
     * Throws {@link LedgerConflictException} unless this instance holds the lease with its margin: taken, not taken
     * over, and renewed less than the give-up time ago.
     */
    @Override
    public void checkHeld() {
        if (lostTo != null) {
            throw new LedgerConflictException("fenced: the lease on the output location was taken over by " + lostTo);
        }
        if (etag == null) {
            throw new LedgerConflictException("the lease on the output location is not held by this instance");
        }
        long age = ticker.nowMs() - renewedAtMs;
        if (age > giveUpMs) {
            throw new LedgerConflictException("the lease on the output location was last renewed " + age / 1000
                    + " s ago; this instance gives up after " + giveUpMs / 1000 + " s (half the lease time of "
                    + ttlMs / 1000 + " s minus the S3 retry budget), before another instance may take over");
        }
    }

    /** Marks the lease released so the next start need not wait. */
    public synchronized void release() {
        stopHeartbeat();
        if (lostTo != null || etag == null) {
            return;
        }
        try {
            ObjectNode n = body(ticker.nowMs());
            n.put("released", true);
            objects.putIfMatch(key, JSON.writeValueAsBytes(n), etag);
            etag = null;
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
        n.put("host", self.hostName());
        n.put("hostId", self.id());
        n.put("pid", self.pid());
        n.put("pidStartMs", self.pidStartMs());
        n.put("acquiredAtMs", acquiredAtMs);
        n.put("renewedAtMs", now);
        n.put("ttlMs", ttlMs);
        n.put("released", false);
        return n;
    }
}
