package io.directstream.trigger;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import io.directstream.process.TriggerSettings;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.junit.Test;

/** The unit of work's bounds, without Spark or S3: timeouts, thrown errors, wrong outcome lists. */
public class UnitRunnerTest {
    private static final TriggerMessage M = new TriggerMessage("t", 0, 7, 0, null, new byte[0], List.of());

    private static UnitRunner runner(TriggerSettings.Mode mode, Duration timeout) {
        return new UnitRunner(new TriggerSettings("x", mode, TriggerSettings.Where.EXECUTOR, 2, 1, 10, timeout, Map.of()),
                null);
    }

    @Test
    public void aUnitThatBlocksPastTheTimeoutIsInterruptedAndFailsNamingTheMessage() {
        CountDownLatch never = new CountDownLatch(1);
        Trigger blocking = (m, c) -> {
            never.await();
            return TriggerOutcome.done();
        };
        TriggerFailedException e = assertThrows(TriggerFailedException.class,
                () -> runner(TriggerSettings.Mode.EXECUTOR, Duration.ofMillis(50)).run(blocking, null, List.of(M)));
        assertTrue(e.getMessage(), e.getMessage().contains("on message t-0@7 did not finish within trigger.timeout=PT0.05S"));
        assertFalse("the interrupt does not outlive the unit", Thread.currentThread().isInterrupted());
    }

    @Test
    public void aUnitThatIgnoresTheInterruptAndReturnsLateStillFails() {
        Trigger stubborn = (m, c) -> {
            while (!Thread.interrupted()) {
                Thread.onSpinWait(); // busy until the deadline's interrupt, which it swallows, as careless code does
            }
            return TriggerOutcome.done();
        };
        TriggerFailedException e = assertThrows(TriggerFailedException.class,
                () -> runner(TriggerSettings.Mode.EXECUTOR, Duration.ofMillis(20)).run(stubborn, null, List.of(M)));
        assertTrue(e.getMessage(), e.getMessage().contains("returned after being interrupted"));
        assertFalse(Thread.currentThread().isInterrupted());
    }

    @Test
    public void aThrownErrorOrAWrongNumberOfOutcomesFailsTheUnit() {
        Trigger throwing = (m, c) -> {
            throw new IllegalStateException("boom");
        };
        TriggerFailedException e = assertThrows(TriggerFailedException.class,
                () -> runner(TriggerSettings.Mode.EXECUTOR, Duration.ofSeconds(30)).run(throwing, null, List.of(M)));
        assertTrue(e.getMessage(), e.getMessage().contains("on message t-0@7 failed: java.lang.IllegalStateException: boom"));

        Trigger shortChunk = new Trigger() {
            @Override
            public TriggerOutcome handle(TriggerMessage m, TriggerContext c) {
                return TriggerOutcome.done();
            }

            @Override
            public List<TriggerOutcome> handleChunk(List<TriggerMessage> chunk, TriggerContext c) {
                return List.of(TriggerOutcome.done());
            }
        };
        TriggerMessage m8 = new TriggerMessage("t", 0, 8, 0, null, new byte[0], List.of());
        TriggerFailedException s = assertThrows(TriggerFailedException.class,
                () -> runner(TriggerSettings.Mode.CHUNKED, Duration.ofSeconds(30)).run(shortChunk, null, List.of(M, m8)));
        assertTrue(s.getMessage(), s.getMessage().contains("chunk t-0@7..8 returned 1 outcomes for 2 messages"));
    }

    @Test
    public void finishedUnitsAreCounted() {
        UnitRunner r = runner(TriggerSettings.Mode.EXECUTOR, Duration.ofSeconds(30));
        r.run((m, c) -> TriggerOutcome.done(), null, List.of(M));
        r.run((m, c) -> TriggerOutcome.done(), null, List.of(M));
        assertEquals(2, r.counts(0).done());
        assertEquals(0, r.counts(0).deadLettered());
        assertEquals("executor", r.counts(0).mode());
    }
}
