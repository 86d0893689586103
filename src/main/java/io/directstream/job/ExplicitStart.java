package io.directstream.job;

import io.directstream.config.InvalidConfigException;
import io.directstream.config.JobConfig;
import io.directstream.config.JobKeys;
import io.directstream.ledger.LedgerDamagedException;
import io.directstream.ledger.LedgerEntry;
import io.directstream.ledger.LedgerRange;
import io.directstream.ledger.LedgerState;
import io.directstream.ledger.LedgerStore;
import io.directstream.ledger.LedgerWriter;
import io.directstream.source.PartitionStart;
import io.directstream.source.StartSpec;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies an explicit starting position ({@code source.starting.offsets} or a timestamp) against the ledger, once.
 * A partition moved back re-reads offsets the ledger holds: allowed only with {@code source.replay=true}; its start
 * goes back to the beginning of the recorded batch that holds it (so an object never overlaps another) and a replay
 * entry records it. A partition moved forward skips offsets: allowed only with the same flag, recorded as a gap. A
 * seed entry records the applied start, so that a restart with the same configuration resumes from the ledger instead
 * of applying it again.
 */
final class ExplicitStart {
    private static final Logger LOG = LoggerFactory.getLogger(ExplicitStart.class);

    private final JobConfig config;

    ExplicitStart(JobConfig config) {
        this.config = config;
    }

    /**
     * Whether the configured explicit start is still to be applied: a restart finds it recorded, as data (compared as a
     * value: the same start whatever the order its partitions were given in), or, in a ledger written before starts
     * were recorded as data, as the seed's description.
     */
    boolean pending(LedgerState state) {
        StartSpec spec = config.startSpec();
        boolean applied = state.appliedStartJson().map(ExplicitStart::recorded).map(spec::equals)
                .orElseGet(() -> state.appliedStart().map(spec::sameAs).orElse(false));
        if (applied) {
            LOG.warn("The explicit start ({}) was applied by an earlier run; resuming from the ledger. Remove or change "
                    + "the source.starting.* key to start elsewhere.", spec);
            return false;
        }
        return true;
    }

    private static StartSpec recorded(String json) {
        try {
            return StartSpec.fromJson(json);
        } catch (IllegalArgumentException e) {
            throw new LedgerDamagedException("The ledger's last applied start cannot be read (" + e.getMessage()
                    + "); nothing was decided from it", e);
        }
    }

    /** Checks and records the departures from the ledger; returns the starts, moved to batch boundaries. */
    List<PartitionStart> apply(LedgerWriter ledger, List<PartitionStart> starts) throws InvalidConfigException {
        LedgerState state = ledger.state();
        Map<TopicPartition, Long> back = new HashMap<>();
        List<String> refused = new ArrayList<>();
        for (PartitionStart s : starts) {
            state.endOffset(s.partition()).ifPresent(end -> {
                if (s.offset() != end) {
                    refused.add(s.partition() + ": start " + s.offset() + " (" + s.reason() + "), the ledger ends at " + end
                            + (s.offset() < end ? " (would re-read " + (end - s.offset()) + " offsets)"
                            : " (would skip " + (s.offset() - end) + " offsets)"));
                }
                if (s.offset() < end) {
                    back.put(s.partition(), s.offset());
                }
            });
        }
        if (!refused.isEmpty() && !config.replayAllowed()) {
            refused.add(0, "The explicit starting position (" + config.startSpec() + ") moves partitions away from the "
                    + "ledger's end; set " + JobKeys.SOURCE_REPLAY + "=true to reprocess (replay) or skip those offsets:");
            throw new InvalidConfigException(refused);
        }
        Map<TopicPartition, Long> snapped = batchStarts(ledger.store(), back);
        List<PartitionStart> out = new ArrayList<>();
        List<LedgerRange> replayed = new ArrayList<>();
        List<LedgerRange> skipped = new ArrayList<>();
        for (PartitionStart s : starts) {
            long offset = s.offset();
            Long end = state.endOffset(s.partition()).orElse(null);
            if (back.containsKey(s.partition())) {
                offset = snapped.get(s.partition());
                if (offset < s.earliest()) {
                    throw new InvalidConfigException("Cannot replay " + s.partition() + " from " + s.offset() + ": that "
                            + "offset lies in a recorded batch that starts at " + offset + ", which Kafka no longer has "
                            + "(earliest " + s.earliest() + "); start at a batch boundary at or after " + s.earliest());
                }
                if (offset != s.offset()) {
                    LOG.warn("Replay of {} starts at {}, the start of the recorded batch that holds offset {}, so that no "
                            + "record is archived twice", s.partition(), offset, s.offset());
                }
                replayed.add(LedgerWriter.offsets(s.partition(), offset, end));
            } else if (end != null && offset > end) {
                skipped.add(LedgerWriter.offsets(s.partition(), end, offset));
            }
            out.add(new PartitionStart(s.partition(), offset, s.reason(), s.earliest(), s.logEnd(), s.committed().orElse(null),
                    s.lostFrom().orElse(null)));
        }
        String note = "explicit starting position " + config.startSpec();
        if (!skipped.isEmpty()) {
            ledger.gap("skipped by an " + note + " (" + JobKeys.SOURCE_REPLAY + "=true)", skipped);
        }
        if (!replayed.isEmpty()) {
            ledger.replay("replay from an " + note, replayed);
        }
        List<LedgerRange> seeds = new ArrayList<>();
        out.forEach(s -> seeds.add(LedgerWriter.empty(s.partition(), s.offset())));
        ledger.seed(LedgerState.EXPLICIT_START + config.startSpec(), seeds, config.startSpec().toJson());
        return out;
    }

    /** For each partition, the start of the last recorded batch range holding its offset (else the offset itself). */
    private static Map<TopicPartition, Long> batchStarts(LedgerStore ledger, Map<TopicPartition, Long> offsets) {
        Map<TopicPartition, Long> out = new HashMap<>(offsets);
        if (offsets.isEmpty()) {
            return out;
        }
        for (Iterator<LedgerEntry> it = ledger.history(); it.hasNext(); ) {
            LedgerEntry e = it.next();
            if (e.type() != LedgerEntry.Type.BATCH) {
                continue;
            }
            for (LedgerRange r : e.ranges()) {
                Long x = offsets.get(r.topicPartition());
                if (x != null && r.fromOffset() <= x && x < r.untilOffset()) {
                    out.put(r.topicPartition(), r.fromOffset());
                }
            }
        }
        return out;
    }
}
