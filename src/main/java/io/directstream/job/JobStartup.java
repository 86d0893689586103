package io.directstream.job;

import com.amazonaws.services.s3.AmazonS3;
import io.directstream.config.InvalidConfigException;
import io.directstream.config.JobConfig;
import io.directstream.ledger.LedgerEntry;
import io.directstream.ledger.LedgerRange;
import io.directstream.ledger.LedgerState;
import io.directstream.ledger.LedgerStore;
import io.directstream.ledger.OutputLease;
import io.directstream.sink.OrphanSweeper;
import io.directstream.sink.S3Check;
import io.directstream.sink.S3Clients;
import io.directstream.sink.S3Objects;
import io.directstream.source.KafkaAdmin;
import io.directstream.source.PartitionStart;
import io.directstream.source.SourceUnavailableException;
import io.directstream.source.StartOffsetResolver;
import io.directstream.source.StartTable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
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
        S3Objects objects = new S3Objects(s3, config.output().bucket());
        LedgerStore ledger = new LedgerStore(s3, config.output());
        OutputLease lease = new OutputLease(objects, ledger.leaseKey(), runId, config.jobName(), config.leaseTimeout());
        Optional<OutputLease.Holder> previous = lease.acquire(config.leaseWait());
        try {
            List<LedgerEntry> sinceSnapshot = new ArrayList<>();
            LedgerState state = ledger.load(sinceSnapshot);
            for (String anomaly : state.anomalies()) {
                LOG.warn("Ledger anomaly (see bin/offset-audit): {}", anomaly);
            }
            OrphanSweeper sweeper = new OrphanSweeper(s3, config.output());
            if (previous.isEmpty() && state.isEmpty() && sweeper.holdsOutput()) {
                throw new SourceUnavailableException("The output location " + config.output() + " already holds objects "
                        + "but no ledger and no lease: it was not written by this job. Choose an empty location.");
            }
            ExplicitStart explicit = new ExplicitStart(config, runId);
            boolean applyExplicit = config.startSpec().explicit() && explicit.pending(state);
            List<PartitionStart> starts = resolveStarts(state, applyExplicit);
            long before = state.lastSequence();
            if (applyExplicit) {
                starts = explicit.apply(ledger, state, starts);
            }
            reconcile(sweeper, starts, state);
            recordGaps(ledger, state, starts).ifPresent(sinceSnapshot::add);
            if (state.lastSequence() > before) {
                // entries written here count toward the next segment; reload them in order from the ledger
                sinceSnapshot.clear();
                ledger.load(sinceSnapshot);
            }
            new StopMarker(objects, config.output()).clear();
            LOG.info("Run {} of {}: reading {} into {}; ledger at sequence {}. Starting positions (group {}):\n{}",
                    runId, config.jobName(), describeSource(), config.output(), state.lastSequence(), config.groupId(),
                    StartTable.format(starts));
            return new StartPlan(lease, ledger, state, starts, sinceSnapshot, applyExplicit);
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

    /** Removes objects of a crashed batch: those at or beyond where each partition's unrecorded history begins. */
    private void reconcile(OrphanSweeper sweeper, List<PartitionStart> starts, LedgerState state) {
        for (PartitionStart s : starts) {
            long from = state.endOffset(s.partition()).orElse(s.lostFrom().orElse(s.offset()));
            for (String key : sweeper.sweep(s.partition(), from)) {
                LOG.warn("Removed s3://{}/{}: written by a batch that did not reach the ledger (crash before its "
                        + "entry); the re-run writes it again", config.output().bucket(), key);
            }
        }
    }

    /** Policy skip: the offsets lost to retention become one gap entry, so the ledger stays contiguous and says why. */
    private Optional<LedgerEntry> recordGaps(LedgerStore ledger, LedgerState state, List<PartitionStart> starts) {
        List<LedgerRange> gaps = new ArrayList<>();
        for (PartitionStart s : starts) {
            s.lostFrom().ifPresent(from -> gaps.add(new LedgerRange(s.partition().topic(), s.partition().partition(), from,
                    s.offset(), 0, 0, 0, 0, null, null)));
        }
        if (gaps.isEmpty()) {
            return Optional.empty();
        }
        long now = System.currentTimeMillis();
        LedgerEntry gap = new LedgerEntry(LedgerEntry.Type.GAP, "deleted by retention before the job read them "
                + "(source.on.data.loss=skip)", state.lastSequence() + 1, runId, config.jobName(), 0, now, now, now, gaps,
                List.of());
        ledger.append(gap);
        state.apply(gap);
        LOG.warn("Offsets lost to retention, recorded in the ledger as gap entry {}: {}", gap.sequence(), gaps);
        return Optional.of(gap);
    }

    private String describeSource() {
        return config.topicPattern().map(p -> "topics matching /" + p + "/").orElse("topics " + config.topics());
    }
}
