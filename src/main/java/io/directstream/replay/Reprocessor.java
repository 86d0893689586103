package io.directstream.replay;

import com.amazonaws.services.s3.AmazonS3;
import com.amazonaws.services.s3.model.ListObjectsV2Request;
import com.amazonaws.services.s3.model.ListObjectsV2Result;
import com.amazonaws.services.s3.model.S3ObjectSummary;
import io.directstream.config.InvalidConfigException;
import io.directstream.config.JobConfig;
import io.directstream.ledger.LedgerRange;
import io.directstream.ledger.LedgerState;
import io.directstream.ledger.LedgerStore;
import io.directstream.ledger.LedgerWriter;
import io.directstream.ledger.OutputLease;
import io.directstream.sink.OrphanSweeper;
import io.directstream.sink.OutputSpec;
import io.directstream.sink.PartitionOutput;
import io.directstream.sink.S3Check;
import io.directstream.sink.S3Clients;
import io.directstream.source.DataLossPolicy;
import io.directstream.source.KafkaAdmin;
import io.directstream.source.PartitionStart;
import io.directstream.source.StartOffsetResolver;
import io.directstream.source.StartSpec;
import io.directstream.source.StartingPosition;
import io.directstream.storage.S3Location;
import io.directstream.storage.S3ObjectStore;
import io.directstream.task.PartitionTask;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.streaming.kafka010.KafkaUtils;
import org.apache.spark.streaming.kafka010.LocationStrategies;
import org.apache.spark.streaming.kafka010.OffsetRange;

/**
 * A bounded reprocessing run: resolves the two positions, plans deterministic chunks, writes them wave by wave with
 * {@code KafkaUtils.createRDD} through the job's processor and S3 writer, records each wave in the replay's own ledger,
 * and reports progress.
 */
final class Reprocessor {
    static final String REPLAY_DIR = "_replay";
    private final JobConfig config;
    private final long chunk;
    private final int wave;

    Reprocessor(JobConfig config, long chunk, int wave) {
        this.config = config;
        this.chunk = chunk;
        this.wave = wave;
    }

    int run(StartSpec fromSpec, StartSpec untilSpec, String name, S3Location output, boolean restart)
            throws InvalidConfigException {
        SparkConf conf = new SparkConf();
        config.sparkProperties().forEach(conf::setIfMissing);
        if (!conf.contains("spark.master")) {
            throw new InvalidConfigException("Missing required configuration spark.master: run through spark-submit, "
                    + "or set spark.master=local[*]");
        }
        PartitionTask.refuseSpeculation(conf);
        S3Check.checkBucket(config.s3(), config.output().bucket(), config.startupTimeout());
        ReprocessPlan plan;
        try (KafkaAdmin admin = new KafkaAdmin(config.kafkaParams(), config.startupTimeout())) {
            admin.checkReachable();
            List<TopicPartition> partitions = config.topicPattern().isPresent()
                    ? admin.partitionsMatching(config.topicPattern().get())
                    : admin.partitions(config.topics(), false, new ArrayList<>());
            if (fromSpec.namedPartitions().isPresent()) {
                // a JSON start names the partitions to reprocess
                partitions.retainAll(fromSpec.namedPartitions().get());
            }
            StartOffsetResolver resolver = new StartOffsetResolver(admin);
            Map<TopicPartition, Long> from = offsets(resolver.resolve(partitions, Map.of(),
                    StartingPosition.earliest(), DataLossPolicy.FAIL, fromSpec));
            Map<TopicPartition, Long> until = offsets(resolver.resolve(partitions, Map.of(),
                    StartingPosition.latest(), DataLossPolicy.SKIP, untilSpec));
            for (TopicPartition tp : partitions) {
                Long f = from.get(tp);
                Long u = until.get(tp);
                if (f != null && u != null && u < f) {
                    throw new InvalidConfigException("--until " + untilSpec + " comes before --from " + fromSpec + ": for "
                            + tp + " it resolves to offset " + u + ", before " + f + " (the range is the wrong way round)");
                }
            }
            plan = new ReprocessPlan(from, until, chunk);
        }
        String replayName = name != null ? name : plan.defaultName();
        S3Location out = output != null ? output : config.output().resolve(REPLAY_DIR + "/" + replayName);
        checkOutput(config.output(), out);
        AmazonS3 s3 = S3Clients.shared(config.s3());
        LedgerStore store = new LedgerStore(s3, out);
        store.requireConditionalWrites(new S3ObjectStore(s3, out.bucket()));
        String runId = "reprocess-" + DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC)
                .format(Instant.now());
        OutputLease lease = new OutputLease(new S3ObjectStore(s3, out.bucket()), store.leaseKey(), runId,
                config.jobName(), config.leaseTimeout(), config.s3().retryBudget());
        // renewed from here until the end: a reprocess may run far longer than the lease time
        lease.acquire(config.leaseWait());
        try {
            if (restart) {
                lease.checkHeld();
                System.out.println("reprocess: --restart: removing " + deleteAll(s3, out, store.leaseKey())
                        + " objects of the earlier run under " + out);
            }
            LedgerWriter ledger = LedgerWriter.open(store, lease, runId, "reprocess " + replayName,
                    config.snapshotInterval());
            return execute(conf, plan, replayName, out, ledger, s3);
        } finally {
            lease.release();
        }
    }

    /**
     * A reprocess writes, and with {@code --restart} deletes, everything under its output: so its output must not
     * overlap the live job's location, except as a named folder under the live location's {@code _replay/}.
     */
    static void checkOutput(S3Location live, S3Location out) throws InvalidConfigException {
        S3Location replays = live.resolve(REPLAY_DIR);
        if (replays.contains(out) && !out.equals(replays)) {
            return;
        }
        if (live.contains(out) || out.contains(live)) {
            throw new InvalidConfigException("--output " + out + " overlaps the live job's output.location " + live
                    + (out.equals(live) ? " (it is the same location)" : out.contains(live) ? " (it contains it)"
                    : " (it lies inside it)") + ": a reprocess writes its own objects and ledger there, and --restart "
                    + "deletes everything under it. Use " + replays + "/<name> (the default) or a location outside "
                    + live + ".");
        }
    }

    private int execute(SparkConf conf, ReprocessPlan plan, String replayName, S3Location out, LedgerWriter ledger,
                        AmazonS3 s3) {
        LedgerState state = ledger.state();
        List<OffsetRange> chunks = plan.chunks(state.endOffsets());
        System.out.println("reprocess " + replayName + ": " + plan.ranges().size() + " partitions, "
                + String.format(Locale.ROOT, "%,d", plan.totalOffsets()) + " offsets into " + out + " ("
                + chunks.size() + " chunks of at most " + chunk + " to do)");
        plan.ranges().forEach(r -> System.out.println("  " + r.topicPartition() + " [" + r.fromOffset() + ","
                + r.untilOffset() + ")"));
        if (chunks.isEmpty()) {
            System.out.println("reprocess: nothing to do: the replay's ledger already covers the whole range "
                    + "(--restart writes it again)");
            return 0;
        }
        sweepUnrecorded(s3, out, ledger, chunks);
        conf.setIfMissing("spark.app.name", "reprocess " + replayName);
        OutputSpec spec = new OutputSpec(config.s3(), out, config.compression(), config.partSize(),
                config.processorClass(), config.processorProperties(), config.onError());
        Map<String, Object> params = new HashMap<>(config.kafkaParams());
        params.put("group.id", config.groupId() + "-reprocess-" + replayName);
        long todo = chunks.stream().mapToLong(OffsetRange::count).sum();
        Progress progress = new Progress(System.err, todo, System.console() != null);
        long done = 0;
        long bytes = 0;
        long started = System.currentTimeMillis();
        try (JavaSparkContext jsc = new JavaSparkContext(conf)) {
            progress.update(0);
            for (int i = 0; i < chunks.size(); i += wave) {
                OffsetRange[] ranges = chunks.subList(i, Math.min(chunks.size(), i + wave)).toArray(new OffsetRange[0]);
                long waveStart = System.currentTimeMillis();
                ledger.fence().checkHeld();
                JavaRDD<ConsumerRecord<byte[], byte[]>> rdd = KafkaUtils.createRDD(jsc, params, ranges,
                        LocationStrategies.PreferConsistent());
                List<PartitionOutput> outputs = rdd.mapPartitionsWithIndex(new PartitionTask(spec, ranges, waveStart),
                        true).collect();
                List<LedgerRange> recorded = new ArrayList<>();
                for (PartitionOutput o : outputs) {
                    recorded.add(o.range());
                    done += o.range().records();
                    bytes += o.range().bytes();
                }
                ledger.batch(waveStart, waveStart, System.currentTimeMillis(), recorded, List.of());
                progress.update(done);
            }
        }
        progress.finish();
        double seconds = Math.max(0.001, (System.currentTimeMillis() - started) / 1000.0);
        System.out.printf(Locale.ROOT, "reprocess %s done: %,d records, %.1f MiB in %.1f s (%,.0f records/s); "
                        + "objects under %s, ledger %s%n", replayName, done, bytes / 1048576.0, seconds, done / seconds,
                out, ledger.store().location());
        return 0;
    }

    /**
     * Objects of an earlier run of this replay that crashed before recording them lie at or beyond where its ledger
     * ends; they are removed before this run writes those chunks again, as the job's restart does.
     */
    private static void sweepUnrecorded(AmazonS3 s3, S3Location out, LedgerWriter ledger, List<OffsetRange> chunks) {
        OrphanSweeper sweeper = new OrphanSweeper(s3, out);
        Map<TopicPartition, Long> firstToDo = new HashMap<>();
        chunks.forEach(c -> firstToDo.merge(c.topicPartition(), c.fromOffset(), Math::min));
        firstToDo.forEach((tp, from) -> {
            ledger.fence().checkHeld();
            sweeper.sweep(tp, from).forEach(k -> System.out.println("reprocess: removed s3://" + out.bucket() + "/" + k
                    + ", written by an earlier run that did not record it; this run writes it again"));
        });
    }

    private static Map<TopicPartition, Long> offsets(List<PartitionStart> starts) {
        Map<TopicPartition, Long> m = new HashMap<>();
        starts.forEach(s -> m.put(s.partition(), s.offset()));
        return m;
    }

    /** Deletes every object under {@code out}'s folder (never a sibling's) but the lease. */
    private static long deleteAll(AmazonS3 s3, S3Location out, String keep) {
        long n = 0;
        ListObjectsV2Request req = new ListObjectsV2Request().withBucketName(out.bucket()).withPrefix(out.folder());
        ListObjectsV2Result page;
        do {
            page = s3.listObjectsV2(req);
            for (S3ObjectSummary o : page.getObjectSummaries()) {
                if (!o.getKey().equals(keep) && o.getKey().startsWith(out.folder())) {
                    s3.deleteObject(out.bucket(), o.getKey());
                    n++;
                }
            }
            req.setContinuationToken(page.getNextContinuationToken());
        } while (page.isTruncated());
        return n;
    }
}
