package io.directstream.local;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/**
 * {@code bin/local-services start|stop|status|env [--dir DIR]}: a Kafka broker and an S3 server that outlive the command,
 * so a job can be started, killed and restarted against them. Their addresses go to {@code DIR/services.properties}
 * (default {@code $DS_LOCAL_SERVICES_DIR}, else {@code target/local-services}); {@code stop} ends both and keeps their data for the next start.
 * {@code produce TOPIC RECORDS [--partitions N] [--first I]} creates the topic if needed and adds sample records.
 */
public final class LocalServices {
    public static final String BUCKET = "archive";

    private LocalServices() {
    }

    public static void main(String[] args) {
        System.exit(run(args));
    }

    static int run(String[] args) {
        args = io.directstream.cli.CliArgs.expand(args);
        if (io.directstream.cli.CliArgs.wantsVersion(args)) {
            System.out.println(io.directstream.config.BuildInfo.versionLine("bin/local-services"));
            return 0;
        }
        if (args.length == 0) {
            System.err.println(usage());
            return 2;
        }
        if (java.util.Arrays.asList(args).contains("--help") || java.util.Arrays.asList(args).contains("-h")) {
            System.out.println(usage());
            return 0;
        }
        Path dir = defaultDir();
        List<String> rest = new ArrayList<>();
        int partitions = 4;
        long first = -1;
        for (int i = 1; i < args.length; i++) {
            if (args[i].equals("--dir") && i + 1 < args.length) {
                dir = Path.of(args[++i]).toAbsolutePath();
            } else if (args[i].equals("--partitions") && i + 1 < args.length) {
                partitions = Integer.parseInt(args[++i]);
            } else if (args[i].equals("--first") && i + 1 < args.length) {
                first = Long.parseLong(args[++i]);
            } else if (args[0].equals("produce") && !args[i].startsWith("-")) {
                rest.add(args[i]);
            } else {
                System.err.println("unknown argument '" + args[i] + "'\n" + usage());
                return 2;
            }
        }
        switch (args[0]) {
            case "start": return start(dir);
            case "stop": return stop(dir, true);
            case "status": return status(dir);
            case "env": return env(dir);
            case "produce":
                if (rest.size() != 2) {
                    System.err.println(usage());
                    return 2;
                }
                return produce(dir, rest.get(0), Long.parseLong(rest.get(1)), partitions, first);
            default:
                System.err.println(usage());
                return 2;
        }
    }

    private static String usage() {
        return "usage: bin/local-services start|stop|status|env [--dir DIR]\n"
                + "       bin/local-services produce TOPIC RECORDS [--partitions N] [--first I] [--dir DIR]\n"
                + "  a Kafka broker and an S3 server that outlive the command; their data and ports are kept in DIR\n"
                + "  (default $" + DIR_VARIABLE + ", else target/local-services of this checkout: mvn clean deletes it)\n"
                + "  env: shell lines setting LOCAL_KAFKA and LOCAL_S3 to their addresses: eval \"$(bin/local-services env)\"";
    }

    private static int start(Path dir) {
        Properties state = read(dir);
        if (alive(state, "kafka.pid") && alive(state, "s3.pid")) {
            System.out.println("already running");
            return status(dir);
        }
        stop(dir, false); // what may be left of an earlier start (one service of two), quietly
        LocalKafka kafka = LocalKafka.start(dir.resolve("kafka"), false);
        LocalS3 s3 = LocalS3.start(dir.resolve("s3"), false);
        s3.createBucket(BUCKET);
        Properties p = new Properties();
        p.setProperty("kafka.pid", String.valueOf(kafka.pid()));
        p.setProperty("kafka.bootstrap.servers", kafka.bootstrapServers());
        p.setProperty("s3.pid", String.valueOf(s3.pid()));
        p.setProperty("s3.endpoint", s3.endpoint());
        p.setProperty("s3.access.key", LocalS3.ACCESS_KEY);
        p.setProperty("s3.secret.key", LocalS3.SECRET_KEY);
        p.setProperty("s3.path.style.access", "true");
        p.setProperty("output.bucket", BUCKET);
        write(dir, p);
        System.out.println("started; job settings for these services:");
        return status(dir);
    }

    /** Creates the topic when missing and produces sample records numbered from {@code first} (default: its end). */
    private static int produce(Path dir, String topic, long records, int partitions, long first) {
        Properties state = read(dir);
        if (!alive(state, "kafka.pid")) {
            System.err.println("the local Kafka broker is not running (bin/local-services start)");
            return 1;
        }
        String bootstrap = state.getProperty("kafka.bootstrap.servers");
        long from = first;
        try (org.apache.kafka.clients.admin.Admin a = org.apache.kafka.clients.admin.Admin.create(
                java.util.Map.of("bootstrap.servers", bootstrap))) {
            if (!a.listTopics().names().get().contains(topic)) {
                a.createTopics(List.of(new org.apache.kafka.clients.admin.NewTopic(topic, partitions, (short) 1))).all().get();
            }
            if (from < 0) {
                java.util.Map<org.apache.kafka.common.TopicPartition, org.apache.kafka.clients.admin.OffsetSpec> q =
                        new java.util.HashMap<>();
                for (org.apache.kafka.common.TopicPartitionInfo p
                        : a.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions()) {
                    q.put(new org.apache.kafka.common.TopicPartition(topic, p.partition()),
                            org.apache.kafka.clients.admin.OffsetSpec.latest());
                }
                from = a.listOffsets(q).all().get().values().stream().mapToLong(i -> i.offset()).sum();
            }
        } catch (Exception e) {
            System.err.println("cannot prepare topic " + topic + " on " + bootstrap + ": " + e);
            return 1;
        }
        SampleProducer.produce(bootstrap, List.of(topic), from, records);
        System.out.println("produced " + records + " records to " + topic);
        return 0;
    }

    private static int stop(Path dir, boolean report) {
        Properties state = read(dir);
        for (String key : new String[] {"kafka.pid", "s3.pid"}) {
            String pid = state.getProperty(key);
            if (pid != null) {
                ProcessHandle.of(Long.parseLong(pid)).ifPresent(h -> ChildJvm.stop(h, 30));
            }
        }
        if (report && !state.isEmpty()) {
            System.out.println("stopped (data kept in " + dir + "; a later start reuses it, mvn clean deletes it)");
        }
        return 0;
    }

    private static int status(Path dir) {
        Properties state = read(dir);
        boolean kafka = alive(state, "kafka.pid");
        boolean s3 = alive(state, "s3.pid");
        System.out.println("kafka  " + (kafka ? "running  pid " + state.getProperty("kafka.pid") : "stopped"));
        System.out.println("s3     " + (s3 ? "running  pid " + state.getProperty("s3.pid") : "stopped"));
        if (kafka && s3) {
            System.out.println("kafka.bootstrap.servers=" + state.getProperty("kafka.bootstrap.servers"));
            System.out.println("s3.endpoint=" + state.getProperty("s3.endpoint"));
            System.out.println("s3.path.style.access=true");
            System.out.println("s3.access.key=" + state.getProperty("s3.access.key"));
            System.out.println("s3.secret.key=" + state.getProperty("s3.secret.key"));
            System.out.println("output.location=s3://" + state.getProperty("output.bucket") + "/archive");
        }
        return kafka && s3 ? 0 : 1;
    }

    /**
     * {@code env}: {@code export} lines for a shell's {@code eval}, so that examples can name the services' addresses
     * ({@code $LOCAL_KAFKA}, {@code $LOCAL_S3}) instead of ports to copy by hand. Exit 1, and nothing on standard
     * output, when they are not running.
     */
    private static int env(Path dir) {
        Properties state = read(dir);
        if (!alive(state, "kafka.pid") || !alive(state, "s3.pid")) {
            System.err.println("the local services are not running (bin/local-services start)");
            return 1;
        }
        System.out.println("export LOCAL_KAFKA=" + state.getProperty("kafka.bootstrap.servers"));
        System.out.println("export LOCAL_S3=" + state.getProperty("s3.endpoint"));
        return 0;
    }

    /** The environment variable naming the default folder of the services' data and addresses. */
    static final String DIR_VARIABLE = "DS_LOCAL_SERVICES_DIR";

    private static Path defaultDir() {
        String fromEnv = System.getenv(DIR_VARIABLE);
        return fromEnv != null && !fromEnv.isBlank()
                ? Path.of(fromEnv).toAbsolutePath() : LocalPaths.target().resolve("local-services");
    }

    private static boolean alive(Properties state, String key) {
        String pid = state.getProperty(key);
        return pid != null && ProcessHandle.of(Long.parseLong(pid)).map(ProcessHandle::isAlive).orElse(false);
    }

    /** The recorded state, empty when none. */
    public static Properties read(Path dir) {
        Properties p = new Properties();
        Path f = dir.resolve("services.properties");
        if (Files.exists(f)) {
            try (Reader r = Files.newBufferedReader(f)) {
                p.load(r);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return p;
    }

    private static void write(Path dir, Properties p) {
        try {
            Files.createDirectories(dir);
            try (Writer w = Files.newBufferedWriter(dir.resolve("services.properties"))) {
                p.store(w, "bin/local-services");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
