package io.directstream.job;

import com.amazonaws.services.s3.AmazonS3;
import io.directstream.config.InvalidConfigException;
import io.directstream.config.JobConfig;
import io.directstream.ledger.Fence;
import io.directstream.ledger.LedgerEntry;
import io.directstream.ledger.LedgerRange;
import io.directstream.ledger.LedgerState;
import io.directstream.ledger.LedgerStore;
import io.directstream.ledger.LedgerWriter;
import io.directstream.ledger.OutputLease;
import io.directstream.sink.ObjectKeys;
import io.directstream.sink.OrphanSweeper;
import io.directstream.sink.S3Check;
import io.directstream.sink.S3Clients;
import io.directstream.source.KafkaAdmin;
import io.directstream.source.PartitionStart;
import io.directstream.source.StartOffsetResolver;
import io.directstream.source.StartTable;
import io.directstream.storage.ObjectStore;
import io.directstream.storage.S3ObjectStore;
import io.directstream.storage.UnavailableException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Everything before Spark starts, in order: the output bucket is reachable; this instance takes the output location's
 * lease (one writer); the ledger is loaded; Kafka is reachable, the topics exist and the consumer group is free; each
 * partition's start is decided; objects a crashed batch left beyond the ledger's end are removed; offsets lost to
 * retention are recorded as a gap (policy skip); a stale stop marker is cleared. Any refusal is an exception naming
 * what and where, and leaves nothing half done but the lease, which the caller releases.
 */
final class JobStartup {
    private static final Logger LOG = LoggerFactory.getLogger(JobStartup.class);

    private final JobConfig config;
    private final String runId;

    JobStartup(JobConfig config, String runId) {
        this.config = config;
        this.runId = runId;
    }

    StartPlan prepare() throws InvalidConfigException {
        for (String w : config.legacyWarnings()) {
            LOG.warn("Legacy configuration: {}", w);
        }
        S3Check.checkBucket(config.s3(), config.output().bucket(), config.startupTimeout());
        AmazonS3 s3 = S3Clients.shared(config.s3());
        ObjectStore objects = new S3ObjectStore(s3, config.output().bucket());
        LedgerStore store = new LedgerStore(s3, config.output());
        store.requireConditionalWrites(objects);
        OutputLease lease = new OutputLease(objects, store.leaseKey(), runId, config.jobName(), config.leaseTimeout(),
                config.s3().retryBudget());
        // renewed from here on: the group-free wait below alone may last session.timeout.ms + 5 s
        Optional<OutputLease.Holder> previous = lease.acquire(config.leaseWait());
        try {
            LedgerWriter ledger = LedgerWriter.open(store, lease, runId, config.jobName(), config.snapshotInterval());
            LedgerState state = ledger.state();
            for (String anomaly : state.anomalies()) {
                LOG.warn("Ledger anomaly (see bin/offset-audit): {}", anomaly);
            }
            OrphanSweeper sweeper = new OrphanSweeper(s3, config.output());
            if (previous.isEmpty() && state.isEmpty() && sweeper.holdsOutput()) {
                throw new UnavailableException("The output location " + config.output() + " already holds objects "
                        + "but no ledger and no lease: it was not written by this job. Choose an empty location.");
            }
            ExplicitStart explicit = new ExplicitStart(config);
            boolean applyExplicit = config.startSpec().explicit() && explicit.pending(state);
            List<PartitionStart> starts = resolveStarts(state, applyExplicit);
            Map<TopicPartition, Long> endsBefore = new HashMap<>(state.endOffsets());
            if (applyExplicit) {
                starts = explicit.apply(ledger, starts);
            }
            reconcile(sweeper, lease, starts, state, endsBefore);
            recordGaps(ledger, starts);
            pinStarts(ledger, starts);
            new StopMarker(objects, config.output()).clear();
            LOG.info("Run {} of {}: reading {} into {}; ledger at sequence {}. Starting positions (group {}):\n{}",
                    runId, config.jobName(), describeSource(), config.output(), state.lastSequence(), config.groupId(),
                    StartTable.format(starts));
            return new StartPlan(lease, ledger, starts, applyExplicit);
        } catch (RuntimeException | InvalidConfigException e) {
            lease.release();
            throw e;
        }
    }

    private List<PartitionStart> resolveStarts(LedgerState state, boolean explicit) {
        try (KafkaAdmin admin = new KafkaAdmin(config.kafkaParams(), config.startupTimeout())) {
            admin.checkReachable();
            List<TopicPartition> partitions;
            if (config.topicPattern().isPresent()) {
                partitions = admin.partitionsMatching(config.topicPattern().get());
                if (partitions.isEmpty()) {
                    LOG.warn("No topic matches {} yet; the stream picks topics up as they appear", config.topicPattern().get());
                }
            } else {
                boolean autoCreate = "true".equalsIgnoreCase(
                        String.valueOf(config.kafkaParams().get(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG)));
                List<String> missing = new ArrayList<>();
                partitions = admin.partitions(config.topics(), autoCreate, missing);
                if (!missing.isEmpty()) {
                    LOG.warn("Topics {} do not exist yet; kafka.allow.auto.create.topics=true lets the consumer create "
                            + "them, and they start at their earliest offset", missing);
                }
            }
            admin.awaitGroupFree(sessionTimeout().plusSeconds(5));
            return new StartOffsetResolver(admin).resolve(partitions, state.endOffsets(), config.startingPosition(),
                    config.onDataLoss(), explicit ? config.startSpec() : io.directstream.source.StartSpec.resume());
        }
    }

    private Duration sessionTimeout() {
        Object v = config.kafkaParams().get(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG);
        return Duration.ofMillis(v == null ? 45_000 : Long.parseLong(v.toString()));
    }

    /**
     * Removes objects of a crashed batch: those at or beyond where each partition's unrecorded history begins, and, for
     * a partition a replay moved back, the recorded objects the replay writes again. Each partition's deletes happen
     * under a checked lease.
     */
    private void reconcile(OrphanSweeper sweeper, Fence fence, List<PartitionStart> starts, LedgerState state,
                           Map<TopicPartition, Long> endsBefore) {
        for (PartitionStart s : starts) {
            long from = state.endOffset(s.partition()).orElse(s.lostFrom().orElse(s.offset()));
            boolean replayed = endsBefore.getOrDefault(s.partition(), from) > from;
            fence.checkHeld();
            List<String> removed = sweeper.sweep(s.partition(), from);
            if (removed.isEmpty()) {
                continue;
            }
            if (replayed) {
                LOG.info("Replay of {} from offset {}: removed {} objects (archive, dead letters, trigger results) of the "
                        + "offsets it processes again; the replay writes them anew", s.partition(), from, removed.size());
                continue;
            }
            int triggerObjects = 0;
            for (String key : removed) {
                if (key.startsWith(config.output().key(ObjectKeys.TRIGGER_DIR + "/"))) {
                    triggerObjects++; // one per message: counted, not listed
                    continue;
                }
                LOG.warn("Removed s3://{}/{}: written by a batch that did not reach the ledger (crash before its "
                        + "entry); the re-run writes it again", config.output().bucket(), key);
            }
            if (triggerObjects > 0) {
                LOG.warn("Removed {} trigger objects of {} from offset {} on (under {}): written by a batch that did "
                        + "not reach the ledger; the re-run writes them again", triggerObjects, s.partition(), from,
                        config.output().resolve(ObjectKeys.TRIGGER_DIR));
            }
        }
    }

    /** Policy skip: the offsets lost to retention become one gap entry, so the ledger stays contiguous and says why. */
    private void recordGaps(LedgerWriter ledger, List<PartitionStart> starts) {
        List<LedgerRange> gaps = new ArrayList<>();
        for (PartitionStart s : starts) {
            s.lostFrom().ifPresent(from -> gaps.add(LedgerWriter.offsets(s.partition(), from, s.offset())));
        }
        if (!gaps.isEmpty()) {
            LedgerEntry gap = ledger.gap("deleted by retention before the job read them (source.on.data.loss=skip)",
                    gaps);
            LOG.warn("Offsets lost to retention, recorded in the ledger as gap entry {}: {}", gap.sequence(), gaps);
        }
    }

    /**
     * Every start that did not come from the ledger (committed, earliest, latest) is written to the ledger as a seed
     * before the first batch: a crash before that partition's first recorded batch then resumes here, instead of
     * deciding again (latest would skip what arrived meanwhile; earliest may have moved with retention).
     */
    private void pinStarts(LedgerWriter ledger, List<PartitionStart> starts) {
        List<LedgerRange> seeds = new ArrayList<>();
        List<String> why = new ArrayList<>();
        for (PartitionStart s : starts) {
            if (ledger.state().endOffset(s.partition()).isEmpty()) {
                seeds.add(LedgerWriter.empty(s.partition(), s.offset()));
                why.add(s.partition() + "@" + s.offset() + " (" + s.reason() + ")");
            }
        }
        if (!seeds.isEmpty()) {
            ledger.seed("starts pinned before the first batch: " + String.join(", ", why), seeds);
        }
    }

    private String describeSource() {
        return config.topicPattern().map(p -> "topics matching /" + p + "/").orElse("topics " + config.topics());
    }
}
