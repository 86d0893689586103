package io.directstream.migrate;

import com.amazonaws.services.s3.AmazonS3;
import io.directstream.cli.CliArgs;
import io.directstream.cli.ExitCodes;
import io.directstream.config.ConfigLoader;
import io.directstream.config.InvalidConfigException;
import io.directstream.config.JobConfig;
import io.directstream.ledger.LedgerEntry;
import io.directstream.ledger.LedgerRange;
import io.directstream.ledger.LedgerStore;
import io.directstream.ledger.LedgerWriter;
import io.directstream.ledger.OutputLease;
import io.directstream.sink.S3Clients;
import io.directstream.source.KafkaAdmin;
import io.directstream.storage.S3ObjectStore;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;

/**
 * {@code bin/migrate-offsets}: imports a Spark 1.6 pipeline's offsets into this job, so it starts exactly where the old
 * one stopped. Reads them from ZooKeeper or a file, checks each against Kafka, and prints the plan (the default, a dry
 * run); with {@code --apply} writes them where the job will use them: the consumer group's committed offsets (refused
 * while the group has active members) and a seed entry in the job's ledger (refused when the ledger already has a
 * history), so the audit shows where the history begins.
 *
 * <pre>
 * bin/migrate-offsets --config job.properties [key=value ...]
 *     (--zookeeper HOST:PORT[/chroot] [--zk-group G] [--zk-path-template T]
 *      | --from-file offsets.csv|offsets.json | --from-group OLD_GROUP)
 *     [--offsets-are next|last] [--resume-at from|until] [--on-missing fail|earliest|latest]
 *     [--on-out-of-range fail|clamp] [--dry-run | --apply]
 * bin/migrate-offsets [--config job.properties] --zookeeper HOST:PORT[/chroot] --discover [--topic T ...]
 * </pre>
 * Exit codes: 0 planned (or applied) without problems, 1 problems found (nothing written), 2 usage, 3 unavailable.
 */
public final class MigrateMain {
    private MigrateMain() {
    }

    public static void main(String[] args) {
        System.exit(run(args));
    }

    static String usage() {
        return String.join("\n",
                "usage: bin/migrate-offsets --config job.properties [key=value ...] SOURCE [options]",
                "       bin/migrate-offsets [--config job.properties] --zookeeper HOST:PORT[/chroot] --discover [--topic T ...]",
                "  SOURCE: --zookeeper HOST:PORT[/chroot]   the legacy offsets in ZooKeeper",
                "            [--zk-group G]                 group of the old pipeline (default: the job's kafka.group.id)",
                "            [--zk-path-template T]         default " + ZooKeeperOffsetSource.STANDARD + "; without",
                "                                           {partition}: one znode per topic naming its partitions",
                "          --from-file FILE                 CSV topic,partition,offset or JSON {\"topic\":{\"0\":12}}",
                "          --from-group OLD_GROUP           offsets Kafka keeps for an existing consumer group",
                "  --offsets-are next|last   a saved number is the next offset to read (default, as KafkaCluster wrote it) or the last processed",
                "  --resume-at from|until    a saved range (fromOffset/untilOffset): resume at untilOffset if the old job saved it",
                "                            after its output, at fromOffset if before (no default)",
                "  --on-missing fail|earliest|latest       a partition the source lacks (default fail)",
                "  --on-out-of-range fail|clamp            an offset below earliest or beyond the log end (default fail)",
                "  --dry-run (default) | --apply",
                "  --discover [--topic T ...] [--discover-limit N]  walk ZooKeeper (read-only, at most N znodes, default "
                        + DISCOVER_LIMIT + ") for",
                "                            znodes naming the topics (--topic, else the job's); print what each holds and the command",
                "exit codes: 0 ready (or applied), 1 problems (nothing written), 2 usage, 3 ZooKeeper, Kafka or S3 unavailable");
    }

    static final int DISCOVER_LIMIT = 100_000;

    static int run(String[] args) {
        args = CliArgs.expand(args);
        if (CliArgs.wantsVersion(args)) {
            System.out.println(io.directstream.config.BuildInfo.versionLine("bin/migrate-offsets"));
            return 0;
        }
        Path file = null;
        Path offsetsFile = null;
        String zookeeper = null;
        String zkGroup = null;
        String fromGroup = null;
        String template = ZooKeeperOffsetSource.STANDARD;
        String zkFormat = null;
        boolean last = false;
        ResumePoint.At resumeAt = null;
        MigrationPlan.OnMissing onMissing = MigrationPlan.OnMissing.FAIL;
        MigrationPlan.OnOutOfRange onOutOfRange = MigrationPlan.OnOutOfRange.FAIL;
        boolean apply = false;
        boolean discover = false;
        int discoverLimit = DISCOVER_LIMIT;
        List<String> discoverTopics = new ArrayList<>();
        List<String> overrides = new ArrayList<>();
        try {
            for (int i = 0; i < args.length; i++) {
                String a = args[i];
                switch (a) {
                    case "--config": file = Path.of(CliArgs.value(args, ++i, a)); break;
                    case "--zookeeper": zookeeper = CliArgs.value(args, ++i, a); break;
                    case "--zk-group": zkGroup = CliArgs.value(args, ++i, a); break;
                    case "--zk-path-template": template = CliArgs.value(args, ++i, a); break;
                    case "--zk-format": zkFormat = choice(CliArgs.value(args, ++i, a), a, "per-partition", "partition-list"); break;
                    case "--from-file": offsetsFile = Path.of(CliArgs.value(args, ++i, a)); break;
                    case "--from-group": fromGroup = CliArgs.value(args, ++i, a); break;
                    case "--offsets-are": last = "last".equals(choice(CliArgs.value(args, ++i, a), a, "next", "last")); break;
                    case "--resume-at": resumeAt = CliArgs.choice(ResumePoint.At.class, CliArgs.value(args, ++i, a), a); break;
                    case "--on-missing": onMissing = CliArgs.choice(MigrationPlan.OnMissing.class, CliArgs.value(args, ++i, a), a); break;
                    case "--on-out-of-range":
                        onOutOfRange = CliArgs.choice(MigrationPlan.OnOutOfRange.class, CliArgs.value(args, ++i, a), a);
                        break;
                    case "--dry-run": apply = false; break;
                    case "--apply": apply = true; break;
                    case "--discover": discover = true; break;
                    case "--topic": discoverTopics.addAll(List.of(CliArgs.value(args, ++i, a).split("\\s*,\\s*"))); break;
                    case "--discover-limit": discoverLimit = (int) CliArgs.atLeast(CliArgs.value(args, ++i, a), a, 1); break;
                    case "--help": case "-h":
                        System.out.println(usage());
                        return 0;
                    default: CliArgs.override(a, overrides);
                }
            }
            if (discover) {
                return discover(zookeeper, file, overrides, discoverTopics, discoverLimit);
            }
            if ((zookeeper != null ? 1 : 0) + (offsetsFile != null ? 1 : 0) + (fromGroup != null ? 1 : 0) != 1) {
                throw new IllegalArgumentException("give exactly one source: --zookeeper, --from-file or --from-group");
            }
            if (zkFormat != null && zkFormat.equals("per-partition") != template.contains("{partition}")) {
                throw new IllegalArgumentException("--zk-format " + zkFormat + " but the path template " + template
                        + (template.contains("{partition}") ? " has" : " has no") + " {partition}: a template with "
                        + "{partition} reads one znode per partition, one without reads one znode per topic");
            }
            JobConfig config = ConfigLoader.load(file, overrides);
            config.legacyWarnings().forEach(w -> System.err.println("migrate-offsets: warning: " + w));
            try (KafkaAdmin admin = new KafkaAdmin(config.kafkaParams(), config.startupTimeout())) {
                admin.checkReachable();
                Collection<TopicPartition> partitions = config.topicPattern().isPresent()
                        ? admin.partitionsMatching(config.topicPattern().get())
                        : admin.partitions(config.topics(), false, new ArrayList<>());
                List<String> topics = partitions.stream().map(TopicPartition::topic).distinct().sorted().toList();
                List<String> oldMembers = new ArrayList<>();
                LegacyOffsets legacy;
                if (zookeeper != null) {
                    legacy = new ZooKeeperOffsetSource(zookeeper, config.startupTimeout()).read(template,
                            zkGroup != null ? zkGroup : config.groupId(), topics);
                } else if (offsetsFile != null) {
                    legacy = FileOffsetSource.read(offsetsFile);
                } else {
                    legacy = GroupOffsetSource.read(config.kafkaParams(), config.startupTimeout(), fromGroup, partitions,
                            oldMembers);
                }
                ResumePoint resume = new ResumePoint(last, resumeAt);
                MigrationPlan plan = MigrationPlan.of(legacy, partitions, admin, resume, onMissing, onOutOfRange);
                System.out.println("Legacy offsets from " + legacy.source() + " (" + legacy.values().size()
                        + " partitions), for group " + config.groupId() + " and " + config.output() + ":");
                System.out.print(plan.table());
                String origins = plan.origins();
                if (!origins.isEmpty()) {
                    System.out.println("Where each value came from:");
                    System.out.print(origins);
                }
                plan.sourceProblems().forEach(p -> System.out.println("ERROR " + p));
                plan.notes().forEach(n -> System.out.println("note: " + n));
                if (plan.problems() > 0) {
                    System.out.println(plan.problems() + " problem(s): nothing written. Fix the source or say how to read "
                            + "it (--resume-at, --offsets-are, --zk-path-template) or choose a policy (--on-missing, "
                            + "--on-out-of-range).");
                    return 1;
                }
                if (!apply) {
                    System.out.println("Dry run: nothing written. Re-run with --apply to write these start offsets.");
                    return 0;
                }
                if (!oldMembers.isEmpty()) {
                    throw new IllegalStateException("refusing to apply: the old consumer group " + fromGroup
                            + " has active members " + oldMembers + "; stop the old pipeline first");
                }
                applyPlan(config, admin, plan, legacy.source());
                return 0;
            }
        } catch (IllegalStateException e) {
            // a refusal to apply (the old group still has members) or ZooKeeper's answer: not a bug
            return ExitCodes.unavailable("migrate-offsets", e.getMessage());
        } catch (InvalidConfigException | RuntimeException e) {
            return ExitCodes.of("migrate-offsets", usage(), e);
        }
    }

    /** --discover: reads ZooKeeper only (no Kafka, no S3), prints the findings and the commands; exit 0, 1 if none. */
    private static int discover(String zookeeper, Path file, List<String> overrides, List<String> topics, int limit)
            throws InvalidConfigException {
        if (zookeeper == null) {
            throw new IllegalArgumentException("--discover walks ZooKeeper: give --zookeeper HOST:PORT[/chroot]");
        }
        java.util.function.Predicate<String> isTopic;
        java.time.Duration timeout = java.time.Duration.ofSeconds(30);
        if (!topics.isEmpty()) {
            isTopic = topics::contains;
        } else if (file != null || !overrides.isEmpty()) {
            JobConfig config = ConfigLoader.load(file, overrides);
            timeout = config.startupTimeout();
            isTopic = config.topicPattern().isPresent() ? t -> config.topicPattern().get().matcher(t).matches()
                    : config.topics()::contains;
        } else {
            throw new IllegalArgumentException("--discover needs the topics to look for: --topic T or --config");
        }
        ZooKeeperDiscovery.Result r;
        try (ZooKeeperReader zk = new ZooKeeperReader(zookeeper, timeout)) {
            r = ZooKeeperDiscovery.walk(zk, isTopic, limit);
        }
        System.out.print(ZooKeeperDiscovery.report(r, zookeeper, file != null ? "--config " + file : "--config job.properties"));
        return r.findings().isEmpty() ? 1 : 0;
    }

    private static void applyPlan(JobConfig config, KafkaAdmin admin, MigrationPlan plan, String source) {
        List<String> members = admin.activeMembers();
        if (!members.isEmpty()) {
            throw new IllegalStateException("refusing to apply: consumer group " + config.groupId() + " has active members "
                    + members + "; stop its consumers (the old pipeline) first");
        }
        // a missing bucket or an unreachable endpoint: one line and exit 3 within the start-up timeout, not a trace
        io.directstream.sink.S3Check.checkBucket(config.s3(), config.output().bucket(), config.startupTimeout());
        AmazonS3 s3 = S3Clients.create(config.s3());
        String runId = "migrate-" + DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC)
                .format(Instant.now());
        LedgerStore store = new LedgerStore(s3, config.output());
        OutputLease lease = new OutputLease(new S3ObjectStore(s3, config.output().bucket()), store.leaseKey(), runId,
                config.jobName(), config.leaseTimeout(), config.s3().retryBudget());
        try {
            lease.acquire(Duration.ZERO);
            LedgerWriter ledger = LedgerWriter.open(store, lease, runId, config.jobName(), config.snapshotInterval());
            if (!ledger.state().isEmpty()) {
                throw new IllegalStateException("refusing to apply: the job's ledger at " + store.location() + " already "
                        + "has a history (" + ledger.state().lastSequence() + " entries); migration seeds a new job");
            }
            Map<TopicPartition, Long> starts = new HashMap<>();
            List<LedgerRange> lost = new ArrayList<>();
            List<LedgerRange> seeds = new ArrayList<>();
            for (MigrationPlan.Row r : plan.rows()) {
                long s = r.start().get();
                starts.put(r.partition(), s);
                r.lostFrom().ifPresent(from -> lost.add(LedgerWriter.offsets(r.partition(), from, s)));
                seeds.add(LedgerWriter.empty(r.partition(), s));
            }
            lease.checkHeld();
            admin.commit(starts);
            if (!lost.isEmpty()) {
                ledger.gap("deleted by retention before the migration (legacy offsets below the earliest, clamped by "
                        + "bin/migrate-offsets)", lost);
            }
            LedgerEntry seed = ledger.seed("migrated from " + source + " by bin/migrate-offsets", seeds);
            System.out.printf(Locale.ROOT, "Applied: group %s committed at the start offsets of %d partitions; ledger "
                    + "seeded at %s (entry %d). Start the job: every partition resumes there.%n", config.groupId(),
                    starts.size(), store.entryKey(seed.sequence()), seed.sequence());
        } finally {
            lease.release();
            s3.shutdown();
        }
    }

    private static String choice(String v, String option, String... allowed) {
        for (String a : allowed) {
            if (a.equals(v)) {
                return v;
            }
        }
        throw new IllegalArgumentException(option + " " + v + ": expected one of " + String.join(", ", allowed));
    }
}
