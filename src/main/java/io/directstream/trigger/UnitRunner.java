package io.directstream.trigger;

import io.directstream.process.TriggerSettings;
import io.directstream.ledger.TriggerCounts;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Runs units of trigger work — one message, or a chunk — the same way on both sides: within {@code trigger.timeout},
 * dead letters stored, counts kept. Thread-safe (the driver's pool threads share one runner per batch).
 */
final class UnitRunner {
    private final TriggerSettings settings;
    private final TriggerOutputs outputs;
    private final AtomicLong done = new AtomicLong();
    private final AtomicLong deadLettered = new AtomicLong();

    UnitRunner(TriggerSettings settings, TriggerOutputs outputs) {
        this.settings = settings;
        this.outputs = outputs;
    }

    /** Runs one unit with {@code trigger}; throws {@link TriggerFailedException} when it throws or times out. */
    void run(Trigger trigger, TriggerContext context, List<TriggerMessage> unit) {
        Duration timeout = settings.timeout();
        List<TriggerOutcome> outcomes;
        Watchdog.Watch watch = Watchdog.start(timeout);
        try {
            outcomes = unit.size() == 1 && settings.mode() != TriggerSettings.Mode.CHUNKED
                    ? List.of(trigger.handle(unit.get(0), context))
                    : trigger.handleChunk(unit, context);
        } catch (Exception | Error e) {
            boolean inTime = watch.end();
            throw new TriggerFailedException(describe(trigger, unit) + (inTime ? " failed: " + e
                    : " did not finish within trigger.timeout=" + timeout + " (interrupted): " + e), e);
        }
        if (!watch.end()) {
            throw new TriggerFailedException(describe(trigger, unit) + " did not finish within trigger.timeout="
                    + timeout + " (it returned after being interrupted)", null);
        }
        if (outcomes == null || outcomes.size() != unit.size()) {
            throw new TriggerFailedException(describe(trigger, unit) + " returned " + (outcomes == null ? "null"
                    : outcomes.size() + " outcomes") + " for " + unit.size() + " messages", null);
        }
        for (int i = 0; i < unit.size(); i++) {
            TriggerOutcome o = outcomes.get(i);
            if (o == null) {
                throw new TriggerFailedException(describe(trigger, unit) + " returned no outcome for "
                        + unit.get(i).coordinates(), null);
            }
            if (o.isDone()) {
                done.incrementAndGet();
            } else {
                outputs.deadLetter(unit.get(i), trigger.getClass().getName() + ": " + o.reason());
                deadLettered.incrementAndGet();
            }
        }
    }

    TriggerCounts counts(int slices) {
        return new TriggerCounts(settings.label(), done.get(), deadLettered.get(), slices);
    }

    private static String describe(Trigger trigger, List<TriggerMessage> unit) {
        String what = unit.size() == 1 ? "message " + unit.get(0).coordinates()
                : "chunk " + unit.get(0).coordinates() + ".." + unit.get(unit.size() - 1).offset();
        return "trigger " + trigger.getClass().getName() + " on " + what;
    }
}
