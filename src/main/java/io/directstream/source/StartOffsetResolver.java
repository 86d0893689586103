package io.directstream.source;

import io.directstream.source.PartitionStart.Reason;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;

/**
 * Decides where each partition starts: at the ledger's end if the ledger knows it, else at the group's committed
 * offset, else at the configured position. A start below the earliest offset still in Kafka is data loss: refused with
 * a message that names the partition, the missing range and the earliest offset ({@link DataLossPolicy#FAIL}), or
 * moved to the earliest offset with the lost range kept for the ledger ({@link DataLossPolicy#SKIP}). A start beyond
 * the log end is always refused.
 */
public final class StartOffsetResolver {
    private final OffsetsRetriever offsets;

    public StartOffsetResolver(OffsetsRetriever offsets) {
        this.offsets = offsets;
    }

    public List<PartitionStart> resolve(Collection<TopicPartition> partitions, Map<TopicPartition, Long> ledgerEnds,
                                        StartingPosition fallback) {
        return resolve(partitions, ledgerEnds, fallback, DataLossPolicy.FAIL);
    }

    public List<PartitionStart> resolve(Collection<TopicPartition> partitions, Map<TopicPartition, Long> ledgerEnds,
                                        StartingPosition fallback, DataLossPolicy onDataLoss) {
        return resolve(partitions, ledgerEnds, fallback, onDataLoss, StartSpec.resume());
    }

    /**
     * As above; with an explicit {@code spec} (not {@link StartSpec#resume()}) every partition starts where the spec
     * says, whatever the ledger holds. The caller decides whether that departure from the ledger is allowed.
     */
    public List<PartitionStart> resolve(Collection<TopicPartition> partitions, Map<TopicPartition, Long> ledgerEnds,
                                        StartingPosition fallback, DataLossPolicy onDataLoss, StartSpec spec) {
        List<String> problems = new ArrayList<>();
        checkNamedPartitions(spec, partitions, problems);
        Map<TopicPartition, Long> byTime = spec.timeOffsets(offsets, partitions);
        Map<TopicPartition, Long> committed = offsets.committed(partitions);
        Map<TopicPartition, Long> earliest = offsets.earliest(partitions);
        Map<TopicPartition, Long> latest = offsets.latest(partitions);
        List<PartitionStart> starts = new ArrayList<>();
        for (TopicPartition tp : partitions) {
            long first = require(earliest, tp, "earliest");
            long end = require(latest, tp, "log-end");
            Long c = committed.get(tp);
            long offset;
            Reason reason;
            if (spec.ownsStart()) {
                java.util.Optional<StartSpec.Resolved> explicit = spec.start(tp, first, end, byTime, problems);
                if (explicit.isEmpty()) {
                    continue;
                }
                offset = explicit.get().offset();
                reason = explicit.get().reason();
            } else if (ledgerEnds.containsKey(tp) && !spec.explicit()) {
                offset = ledgerEnds.get(tp);
                reason = Reason.LEDGER;
            } else if (c != null) {
                offset = c;
                reason = Reason.COMMITTED;
            } else if (fallback == StartingPosition.LATEST) {
                offset = end;
                reason = Reason.LATEST;
            } else {
                offset = first;
                reason = Reason.EARLIEST;
            }
            Long lostFrom = null;
            if (offset < first && onDataLoss == DataLossPolicy.SKIP) {
                lostFrom = offset;
                offset = first;
            } else if (offset < first) {
                problems.add(tp + ": the " + reason + " start offset " + offset + " is no longer in Kafka (retention "
                        + "deleted offsets " + offset + " to " + (first - 1) + "; the earliest available is " + first
                        + "). Set source.on.data.loss=skip to start at " + first + " and record the gap in the ledger.");
            } else if (offset > end) {
                problems.add(tp + ": the " + reason + " start offset " + offset + " is beyond the log end " + end
                        + " (was the topic deleted and re-created?)");
            }
            starts.add(new PartitionStart(tp, offset, reason, first, end, c, lostFrom));
        }
        if (!problems.isEmpty()) {
            throw new SourceUnavailableException("Cannot start without losing or inventing data:\n  "
                    + String.join("\n  ", problems));
        }
        return starts;
    }

    /** JSON starts must name every partition read, and only those (as Structured Streaming requires). */
    private static void checkNamedPartitions(StartSpec spec, Collection<TopicPartition> partitions, List<String> problems) {
        spec.namedPartitions().ifPresent(named -> {
            List<TopicPartition> missing = new ArrayList<>();
            for (TopicPartition tp : partitions) {
                if (!named.contains(tp)) {
                    missing.add(tp);
                }
            }
            List<TopicPartition> unknown = new ArrayList<>();
            for (TopicPartition tp : named) {
                if (!partitions.contains(tp)) {
                    unknown.add(tp);
                }
            }
            if (!missing.isEmpty()) {
                problems.add("the explicit starting position must name every partition read; missing: " + missing);
            }
            if (!unknown.isEmpty()) {
                problems.add("the explicit starting position names partitions that are not read: " + unknown);
            }
        });
    }

    private static long require(Map<TopicPartition, Long> m, TopicPartition tp, String what) {
        Long v = m.get(tp);
        if (v == null) {
            throw new SourceUnavailableException("Kafka returned no " + what + " offset for " + tp);
        }
        return v;
    }
}
