package io.directstream.ledger;

import java.io.Serializable;

/**
 * What a batch's per-message trigger did, as its ledger entry records it: the mode it ran in, how many messages it
 * finished and dead-lettered, and in how many slices the driver brought the messages over (0 on the executors).
 */
public record TriggerCounts(String mode, long done, long deadLettered, int slices) implements Serializable {
    public TriggerCounts {
        if (done < 0 || deadLettered < 0 || slices < 0) {
            throw new IllegalArgumentException("negative trigger counts: " + done + " done, " + deadLettered
                    + " dead-lettered, " + slices + " slices");
        }
    }

    public static TriggerCounts none(String mode) {
        return new TriggerCounts(mode, 0, 0, 0);
    }

    /** Both counts added, the slices summed; the mode, or "mixed" when they differ (a mode changed between runs). */
    public TriggerCounts plus(TriggerCounts o) {
        return new TriggerCounts(mode.equals(o.mode) ? mode : "mixed", done + o.done, deadLettered + o.deadLettered,
                slices + o.slices);
    }

    public long messages() {
        return done + deadLettered;
    }
}
