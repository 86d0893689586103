package io.directstream.trigger;

import java.util.Objects;

/** What a trigger did with one message: done, or dead-lettered with a reason. */
public record TriggerOutcome(boolean isDone, String reason) {
    private static final TriggerOutcome DONE = new TriggerOutcome(true, null);

    public TriggerOutcome {
        if (!isDone) {
            Objects.requireNonNull(reason, "a dead-lettered message needs a reason");
        }
    }

    /** The work is done and its results are stored. */
    public static TriggerOutcome done() {
        return DONE;
    }

    /** The message cannot be handled (bad input, not a transient failure): stored with the reason, the batch goes on. */
    public static TriggerOutcome deadLetter(String reason) {
        return new TriggerOutcome(false, reason);
    }
}
