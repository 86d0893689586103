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
        Map<TopicPartition, Long> committed = offsets.committed(partitions);
        Map<TopicPartition, Long> earliest = offsets.earliest(partitions);
        Map<TopicPartition, Long> latest = offsets.latest(partitions);
        List<PartitionStart> starts = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        for (TopicPartition tp : partitions) {
            long first = require(earliest, tp, "earliest");
            long end = require(latest, tp, "log-end");
            Long c = committed.get(tp);
            long offset;
            Reason reason;
            if (ledgerEnds.containsKey(tp)) {
                offset = ledgerEnds.get(tp);
                reason = Reason.LEDGER;
            } else if (c != null) {
                offset = c;
                reason = Reason.COMMITTED;
            } else if (fallback.kind() == StartingPosition.Kind.LATEST) {
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

    private static long require(Map<TopicPartition, Long> m, TopicPartition tp, String what) {
        Long v = m.get(tp);
        if (v == null) {
            throw new SourceUnavailableException("Kafka returned no " + what + " offset for " + tp);
        }
        return v;
    }
}
