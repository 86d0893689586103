package io.directstream.audit;

import java.util.Locale;
import org.apache.kafka.common.TopicPartition;

/** Offsets [from, until) of a partition inside its processed span that no batch covered, with the cause if known. */
public final class Gap {
    /** Why the offsets were not processed. */
    public enum Cause {
        /** A gap entry: the job found them deleted and skipped them under {@code source.on.data.loss=skip}. */
        SKIPPED_LOST("recorded as skipped: deleted by retention before the job read them (source.on.data.loss=skip)"),
        /** Below the earliest offset Kafka still has: deleted by retention; whether before being read is unknown. */
        RETENTION("below the earliest available offset: deleted by retention"),
        /** Offsets without records inside batches: compacted away, or transaction markers. */
        COMPACTION("offsets without records inside batches: compaction or transaction markers "
                + "(spark.streaming.kafka.allowNonConsecutiveOffsets)"),
        /** Nothing explains it: a lost ledger entry or a job that skipped offsets. Investigate. */
        UNEXPLAINED("unexplained: no batch, no gap entry; a ledger entry may be missing");

        private final String description;

        Cause(String description) {
            this.description = description;
        }

        public String id() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }

        public String description() {
            return description;
        }
    }

    private final TopicPartition partition;
    private final long from;
    private final long until;
    private final Cause cause;
    private final long afterSequence;

    public Gap(TopicPartition partition, long from, long until, Cause cause, long afterSequence) {
        this.partition = partition;
        this.from = from;
        this.until = until;
        this.cause = cause;
        this.afterSequence = afterSequence;
    }

    public TopicPartition partition() {
        return partition;
    }

    public long from() {
        return from;
    }

    /** Exclusive end. */
    public long until() {
        return until;
    }

    public long size() {
        return until - from;
    }

    public Cause cause() {
        return cause;
    }

    /** The ledger entry where the gap showed (the gap entry itself, or the first entry after the gap). */
    public long atSequence() {
        return afterSequence;
    }

    Gap withCause(Cause c) {
        return new Gap(partition, from, until, c, afterSequence);
    }

    @Override
    public String toString() {
        return partition + " [" + from + "," + until + ") " + cause.id();
    }
}
