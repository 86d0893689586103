package io.directstream.ledger;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import io.directstream.storage.UnavailableException;
import io.directstream.testing.InMemoryObjectStore;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.Test;

/** The lease's rules, with an injected clock: taking, waiting, expiry, the holder's margin, fencing, renewals. */
public class OutputLeaseTest {
    private static final String KEY = "out/_ledger/lease.json";
    private static final Duration TTL = Duration.ofSeconds(60);
    private static final Duration BUDGET = Duration.ofSeconds(10);

    /** A clock that only moves when told to, or when the lease sleeps. */
    static final class FakeTicker implements OutputLease.Ticker {
        long now = 1_000_000L;

        @Override
        public long nowMs() {
            return now;
        }

        @Override
        public void sleep(long ms) {
            now += ms;
        }
    }

    private final InMemoryObjectStore store = new InMemoryObjectStore();
    private final FakeTicker clock = new FakeTicker();

    private static HostIdentity host(String id, long pid, long pidStart, OptionalLong livePidStart) {
        return new HostIdentity("shared-name", id, pid, pidStart, p -> p == 42 ? livePidStart : OptionalLong.empty());
    }

    private OutputLease lease(String run, HostIdentity host) {
        return new OutputLease(store, KEY, run, "job", TTL, BUDGET, clock, host);
    }

    private OutputLease lease(String run) {
        return lease(run, host(null, 1000 + run.hashCode() % 100, 0, OptionalLong.empty()));
    }

    @Test
    public void anAbsentLeaseIsTakenAndHeld() {
        OutputLease a = lease("a");
        assertEquals(Optional.empty(), a.take(Duration.ZERO));
        a.checkHeld();
        assertTrue(new String(store.get(KEY).get().bytes(), StandardCharsets.UTF_8).contains("\"runId\":\"a\""));
    }

    @Test
    public void aLiveLeaseIsWaitedForThenRefused() {
        lease("a").take(Duration.ZERO);
        clock.now += 10_000;
        OutputLease b = lease("b");
        UnavailableException e = assertThrows(UnavailableException.class, () -> b.take(Duration.ofSeconds(30)));
        assertTrue(e.getMessage(), e.getMessage().startsWith("Another instance of the job holds the output location: run a"));
        assertEquals("it waited the whole 30 s", 1_000_000L + 40_000, clock.now);
    }

    @Test
    public void anExpiredLeaseIsTakenOver() {
        lease("a").take(Duration.ZERO);
        clock.now += 10_000;
        OutputLease b = lease("b");
        Optional<OutputLease.Holder> previous = b.take(Duration.ofSeconds(70));
        assertEquals("a", previous.get().runId());
        assertTrue("taken only once more than the lease time had passed since a's renewal",
                clock.now > 1_000_000L + TTL.toMillis());
        b.checkHeld();
    }

    @Test
    public void theHolderGivesUpAtHalfTheLeaseTimeMinusTheRetryBudget() {
        OutputLease a = lease("a");
        a.take(Duration.ZERO);
        assertEquals(Duration.ofSeconds(20), OutputLease.giveUpAfter(TTL, BUDGET));
        clock.now += 20_000;
        a.checkHeld();
        clock.now += 1;
        LedgerConflictException e = assertThrows(LedgerConflictException.class, a::checkHeld);
        assertTrue(e.getMessage(), e.getMessage().contains("gives up after 20 s"));
        // ... long before anyone may take over: a taker still waits
        assertThrows(UnavailableException.class, () -> lease("b").take(Duration.ZERO));
        // a renewal restores it
        a.renew();
        a.checkHeld();
    }

    @Test
    public void aRenewalThatFindsTheLeaseTakenFencesTheHolderForGood() {
        OutputLease a = lease("a");
        a.take(Duration.ZERO);
        store.put(KEY, "{\"runId\":\"newer\",\"host\":\"h\",\"pid\":1,\"renewedAtMs\":1,\"ttlMs\":60000}"
                .getBytes(StandardCharsets.UTF_8));
        a.renew();
        LedgerConflictException e = assertThrows(LedgerConflictException.class, a::checkHeld);
        assertTrue(e.getMessage(), e.getMessage().startsWith("fenced: the lease on the output location was taken over by run newer"));
        a.renew();
        assertThrows(LedgerConflictException.class, a::checkHeld);
    }

    @Test
    public void aRenewalAnswered412AfterItsOwnRetriedPutIsNotATakeover() {
        OutputLease a = lease("a");
        a.take(Duration.ZERO);
        clock.now += 15_000;
        store.loseNextAnswer();
        a.renew();
        a.checkHeld();
        clock.now += 15_000;
        a.checkHeld();
        a.renew();
        a.checkHeld();
    }

    @Test
    public void aReleasedLeaseIsTakenAtOnceAndTheOldHolderHoldsNothing() {
        OutputLease a = lease("a");
        a.take(Duration.ZERO);
        a.release();
        assertThrows(LedgerConflictException.class, a::checkHeld);
        assertEquals("a", lease("b").take(Duration.ZERO).get().runId());
    }

    @Test
    public void aDeadProcessOnThisVeryHostAndNamespaceLosesItsLeaseAtOnce() {
        HostIdentity here = host("name/boot-1/pid:[4026531836]", 7, 500, OptionalLong.empty());
        lease("a", new HostIdentity("shared-name", here.id(), 42, 1000, here.processStart())).take(Duration.ZERO);
        Optional<OutputLease.Holder> previous = lease("b", here).take(Duration.ZERO);
        assertEquals("pid 42 is gone", "a", previous.get().runId());
    }

    @Test
    public void aHostNameSharedByAnotherContainerIsNotEnough() {
        // the same host name, but another PID namespace: pid 42 is not ours to look at
        lease("a", host("shared-name/boot-1/pid:[111]", 42, 1000, OptionalLong.empty())).take(Duration.ZERO);
        assertThrows(UnavailableException.class,
                () -> lease("b", host("shared-name/boot-1/pid:[222]", 7, 500, OptionalLong.empty())).take(Duration.ZERO));
        // and without /proc there is no identity at all: only release or expiry free the lease
        assertThrows(UnavailableException.class,
                () -> lease("c", host(null, 7, 500, OptionalLong.empty())).take(Duration.ZERO));
    }

    @Test
    public void aLivePidIsTheHolderOnlyIfItStartedWhenTheHolderDid() {
        String id = "name/boot-1/pid:[4026531836]";
        lease("a", host(id, 42, 1000, OptionalLong.of(1000))).take(Duration.ZERO);
        assertThrows("pid 42 still runs the holder", UnavailableException.class,
                () -> lease("b", host(id, 7, 500, OptionalLong.of(1000))).take(Duration.ZERO));
        assertEquals("pid 42 now runs another process: the holder is gone", "a",
                lease("c", host(id, 7, 500, OptionalLong.of(99_000))).take(Duration.ZERO).get().runId());
    }

    @Test
    public void aLeaseTimeWithoutMarginIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new OutputLease(store, KEY, "a", "job", Duration.ofSeconds(20), BUDGET, clock, host(null, 1, 0,
                        OptionalLong.empty())));
        assertTrue(e.getMessage(), e.getMessage().contains("more than twice the retry budget"));
        assertFalse(store.exists(KEY));
    }
}
