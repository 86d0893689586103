package io.directstream.local;

import com.amazonaws.services.s3.AmazonS3;
import com.amazonaws.services.s3.model.ListObjectsV2Request;
import com.amazonaws.services.s3.model.ListObjectsV2Result;
import com.amazonaws.services.s3.model.S3ObjectSummary;
import io.directstream.cli.CliArgs;
import io.directstream.cli.ExitCodes;
import io.directstream.config.ConfigLoader;
import io.directstream.config.InvalidConfigException;
import io.directstream.config.JobConfig;
import io.directstream.job.DirectStreamJob;
import io.directstream.job.JobResult;
import io.directstream.job.JobStats;
import io.directstream.sink.S3Clients;
import io.directstream.source.KafkaAdmin;
import io.directstream.source.SourceUnavailableException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.kafka.common.TopicPartition;

/**
 * {@code bin/run-local}: the job end to end on this machine. Starts a real Kafka broker and a real S3 server (unless
 * given existing ones), creates the topics, produces sample records, runs the job in Spark local mode until the input
 * is drained (or for {@code --duration}), prints the batch lines and a summary, then stops what it started.
 */
public final class RunLocal {
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);

    private long records = 100_000;
    private List<String> topics = List.of("orders", "payments");
    private int partitions = 4;
    private Duration duration;
    private String bootstrap;
    private String s3Endpoint;
    private String bucket = LocalServices.BUCKET;
    private boolean keep;
    private long triggers;
    private final List<String> overrides = new ArrayList<>();

    public static void main(String[] args) {
        int code;
        try {
            code = new RunLocal().run(args);
        } catch (IllegalArgumentException e) {
            code = ExitCodes.usageError("run-local", e, usage());
        }
        System.exit(code);
    }

    static String usage() {
        return String.join("\n",
                "usage: bin/run-local [options] [job-key=value ...]",
                "  --records N               sample records to produce (default 100000; 0 = none)",
                "  --topics a,b              topics (default orders,payments), created if missing",
                "  --partitions N            partitions of each created topic (default 4)",
                "  --duration 60s            run this long instead of stopping when the input is drained",
                "  --bootstrap-servers H:P   use this Kafka instead of starting one",
                "  --s3-endpoint URL         use this S3 server instead of starting one (credentials: s3.access.key=...",
                "                            s3.secret.key=... as job keys, or the AWS default chain)",
                "  --bucket NAME             bucket to write to (default archive; created on the local server)",
                "  --keep                    keep the local services' data directory and print where it is",
                "  --triggers N              the DataFrame trigger example instead of the sample records: uploads",
                "                            input files, sends N requests to topic trigger-requests, and runs the",
                "                            job with trigger.class=...DataFrameTrigger, trigger.mode=driver",
                "  job-key=value             any key of conf/job.properties.template, e.g. output.compression=gzip");
    }

    int run(String[] args) {
        args = io.directstream.cli.CliArgs.expand(args);
        if (io.directstream.cli.CliArgs.wantsVersion(args)) {
            System.out.println(io.directstream.config.BuildInfo.versionLine("bin/run-local"));
            return 0;
        }
        parse(args);
        Path work = tempDir();
        String stamp = STAMP.format(Instant.now());
        LocalKafka kafka = null;
        LocalS3 s3 = null;
        long wallStart = System.currentTimeMillis();
        try {
            if (bootstrap == null) {
                say("starting a Kafka broker (KRaft, kafka_2.12 3.4.1) ...");
                kafka = LocalKafka.start(work.resolve("kafka"));
                bootstrap = kafka.bootstrapServers();
                say("Kafka broker at " + bootstrap);
            }
            Map<String, String> s3Keys = new LinkedHashMap<>();
            if (s3Endpoint == null) {
                say("starting an S3 server (s3proxy 4.1.0, filesystem backend) ...");
                s3 = LocalS3.start(work.resolve("s3"));
                s3.createBucket(bucket);
                s3Keys.put("s3.endpoint", s3.endpoint());
                s3Keys.put("s3.access.key", LocalS3.ACCESS_KEY);
                s3Keys.put("s3.secret.key", LocalS3.SECRET_KEY);
                say("S3 server at " + s3.endpoint() + ", bucket " + bucket);
            } else {
                s3Keys.put("s3.endpoint", s3Endpoint);
            }
            s3Keys.put("s3.path.style.access", "true");
            if (triggers > 0) {
                topics = List.of(TriggerSamples.TOPIC);
                records = 0;
            }
            createTopics(kafka);
            JobConfig config = config(stamp, s3Keys);
            if (triggers > 0) {
                String inputs = "run-local/" + stamp + "-inputs";
                List<String> uris = TriggerSamples.uploadInputs(S3Clients.shared(config.s3()), bucket, inputs);
                TriggerSamples.produce(bootstrap, TriggerSamples.TOPIC, triggers, uris);
                say(String.format(Locale.ROOT, "uploaded %d input files under s3://%s/%s/ and sent %,d trigger "
                        + "requests to %s", uris.size(), bucket, inputs, triggers, TriggerSamples.TOPIC));
            }
            if (records > 0) {
                long t0 = System.currentTimeMillis();
                SampleProducer.produce(bootstrap, topics, 0, records);
                say(String.format(Locale.ROOT, "produced %,d sample records to %s in %.1f s", records, topics,
                        (System.currentTimeMillis() - t0) / 1000.0));
            }
            say("running the job: " + config.output() + ", group " + config.groupId()
                    + (duration == null ? ", until the input is drained" : ", for " + duration.toSeconds() + " s"));
            DirectStreamJob job = new DirectStreamJob(config);
            JobResult result = job.run();
            summary(config, result, wallStart);
            return result.exitCode();
        } catch (InvalidConfigException e) {
            return ExitCodes.invalidConfig("run-local", e);
        } catch (io.directstream.storage.UnavailableException e) {
            System.err.println("run-local: cannot start: " + e.getMessage());
            return ExitCodes.UNAVAILABLE;
        } finally {
            if (kafka != null) {
                kafka.close();
            }
            if (s3 != null) {
                s3.close();
            }
            if (kafka != null || s3 != null) {
                if (keep) {
                    say("stopped the local services; their data is kept in " + work);
                } else {
                    deleteTree(work);
                    say("stopped the local services and removed their data");
                }
            }
        }
    }

    private void parse(String[] args) {
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            switch (a) {
                case "--records": records = CliArgs.atLeast(CliArgs.value(args, ++i, a), a, 0); break;
                case "--topics": topics = Arrays.asList(CliArgs.value(args, ++i, a).split(",")); break;
                case "--partitions": partitions = (int) CliArgs.atLeast(CliArgs.value(args, ++i, a), a, 1); break;
                case "--duration": duration = io.directstream.config.Durations.parse(CliArgs.value(args, ++i, a)); break;
                case "--bootstrap-servers": bootstrap = CliArgs.value(args, ++i, a); break;
                case "--s3-endpoint": s3Endpoint = CliArgs.value(args, ++i, a); break;
                case "--bucket": bucket = CliArgs.value(args, ++i, a); break;
                case "--keep": keep = true; break;
                case "--triggers": triggers = CliArgs.atLeast(CliArgs.value(args, ++i, a), a, 1); break;
                case "--help": case "-h":
                    System.out.println(usage());
                    System.exit(0);
                    break;
                default: CliArgs.override(a, overrides);
            }
        }
    }

    private void createTopics(LocalKafka kafka) {
        if (kafka != null) {
            for (String t : topics) {
                kafka.createTopic(t, partitions);
            }
            return;
        }
        try (org.apache.kafka.clients.admin.Admin a = org.apache.kafka.clients.admin.Admin.create(
                Map.of("bootstrap.servers", bootstrap, "default.api.timeout.ms", 30_000))) {
            java.util.Set<String> existing = a.listTopics().names().get();
            List<org.apache.kafka.clients.admin.NewTopic> create = new ArrayList<>();
            for (String t : topics) {
                if (!existing.contains(t)) {
                    create.add(new org.apache.kafka.clients.admin.NewTopic(t, partitions, (short) 1));
                }
            }
            a.createTopics(create).all().get();
        } catch (Exception e) {
            throw new SourceUnavailableException("cannot create topics " + topics + " on " + bootstrap + ": " + e, e);
        }
    }

    private JobConfig config(String stamp, Map<String, String> s3Keys) throws InvalidConfigException {
        Map<String, String> c = new LinkedHashMap<>();
        c.put("kafka.bootstrap.servers", bootstrap);
        c.put("kafka.group.id", "run-local-" + stamp);
        c.put("source.topics", String.join(",", topics));
        c.put("output.location", "s3://" + bucket + "/run-local/" + stamp);
        c.putAll(s3Keys);
        c.put("stream.batch.interval", "2s");
        c.put("stream.max.rate.per.partition", "50000");
        c.put("job.name", "run-local");
        if (duration == null) {
            c.put("job.stop.after.idle.batches", "1");
        } else {
            c.put("job.max.duration", duration.toSeconds() + "s");
        }
        c.put("spark.master", "local[2]");
        c.put("spark.ui.enabled", "false");
        c.put("spark.driver.host", "127.0.0.1");
        c.put("spark.driver.bindAddress", "127.0.0.1");
        if (triggers > 0) {
            c.put("trigger.class", io.directstream.trigger.DataFrameTrigger.class.getName());
            c.put("trigger.mode", "driver");
            // small aggregations: a few shuffle partitions instead of 200 per request
            c.put("spark.sql.shuffle.partitions", "4");
        }
        for (String o : overrides) {
            int eq = o.indexOf('=');
            c.put(o.substring(0, eq), o.substring(eq + 1));
        }
        return ConfigLoader.fromMap(c);
    }

    private void summary(JobConfig config, JobResult result, long wallStart) {
        JobStats st = result.stats();
        AmazonS3 client = S3Clients.shared(config.s3());
        long[] objects = countObjects(client, config);
        boolean ledgerAtEnd;
        boolean committedAtEnd;
        try (KafkaAdmin admin = new KafkaAdmin(config.kafkaParams(), Duration.ofSeconds(30))) {
            Map<TopicPartition, Long> ends = result.ledger().endOffsets();
            Map<TopicPartition, Long> logEnd = admin.latest(ends.keySet());
            Map<TopicPartition, Long> committed = admin.committed(ends.keySet());
            ledgerAtEnd = !ends.isEmpty() && ends.equals(logEnd);
            committedAtEnd = !ends.isEmpty() && ends.equals(committed);
        }
        double wall = (System.currentTimeMillis() - wallStart) / 1000.0;
        double busy = st.processingMs() / 1000.0;
        System.out.println();
        System.out.println("run-local summary (run " + result.runId() + ", exit code " + result.exitCode() + ")");
        System.out.printf(Locale.ROOT, "  records archived    %,d in %d batches (+%d idle), %,d dead letters%n",
                st.records(), st.batches(), st.idleBatches(), st.deadLetters());
        System.out.printf(Locale.ROOT, "  throughput          %,.0f records/s inside batches (%.1f s of batch processing)%n",
                busy > 0 ? st.records() / busy : 0.0, busy);
        System.out.printf(Locale.ROOT, "  wall time           %.1f s in all (broker, S3 server, producing, Spark start, batches)%n", wall);
        System.out.printf(Locale.ROOT, "  S3 objects          %,d data objects, %,d dead-letter objects, %,d ledger objects, %s%n",
                objects[0], objects[1], objects[2], human(objects[3]));
        if (config.triggers().isPresent()) {
            System.out.printf(Locale.ROOT, "  triggers            %,d done, %,d dead-lettered (%s), %,d objects under %s%n",
                    st.triggersDone(), st.triggersDeadLettered(), config.triggers().get().label(), objects[4],
                    config.output().resolve("_triggers"));
        }
        System.out.println("  ledger end          " + (ledgerAtEnd ? "= log end of every partition" : "NOT at the log end"));
        System.out.println("  committed offsets   " + (committedAtEnd ? "= ledger end (group " + config.groupId() + ")"
                : "NOT at the ledger end"));
        System.out.println("  output              " + config.output());
        System.out.println("  stopped because     " + (result.stopReason() != null ? result.stopReason()
                : result.failure().map(Throwable::toString).orElse("-")));
    }

    /** data objects, dead-letter objects, ledger objects, bytes of data objects, trigger objects. */
    private static long[] countObjects(AmazonS3 s3, JobConfig config) {
        long[] n = new long[5];
        ListObjectsV2Request req = new ListObjectsV2Request().withBucketName(config.output().bucket())
                .withPrefix(config.output().key(""));
        ListObjectsV2Result page;
        do {
            page = s3.listObjectsV2(req);
            for (S3ObjectSummary o : page.getObjectSummaries()) {
                String rel = o.getKey().substring(config.output().key("").length());
                if (rel.startsWith("_ledger/")) {
                    n[2]++;
                } else if (rel.startsWith("_triggers/")) {
                    n[4]++;
                } else if (rel.startsWith("_control/")) {
                    continue;
                } else if (rel.startsWith("_dead-letter/")) {
                    n[1]++;
                } else {
                    n[0]++;
                    n[3] += o.getSize();
                }
            }
            req.setContinuationToken(page.getNextContinuationToken());
        } while (page.isTruncated());
        return n;
    }

    private static String human(long bytes) {
        return bytes < 1024 * 1024 ? String.format(Locale.ROOT, "%.1f KiB", bytes / 1024.0)
                : String.format(Locale.ROOT, "%.1f MiB", bytes / (1024.0 * 1024));
    }

    private static void say(String s) {
        System.out.println("run-local: " + s);
    }

    private static Path tempDir() {
        try {
            return Files.createTempDirectory("direct-stream-local-");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            System.err.println("run-local: could not remove " + dir + ": " + e.getMessage());
        }
    }
}
