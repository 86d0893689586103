package io.directstream.local.bench;

import io.directstream.local.LocalKafka;
import io.directstream.local.LocalPaths;
import io.directstream.local.LocalS3;
import io.directstream.trigger.DataFrameTrigger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * {@code bin/benchmark triggers}: the same messages through the trigger modes, for three kinds of work — light CPU
 * work, a simulated 20 ms remote call, and DataFrame requests — each mode in a JVM of its own (Spark local[2]), the
 * whole topic in one batch. Prints messages/s inside the processing window, the batch's processing time, the JVM's
 * peak heap and peak RSS; writes the table as Markdown under {@code --out}. Figures, never assertions.
 */
public final class TriggerBenchmark {
    private TriggerBenchmark() {
    }

    /** One contestant: a workload in a mode. */
    private record Run(String workload, String name, List<String> settings) {
    }

    static String usage() {
        return String.join("\n",
                "usage: bin/benchmark triggers [--light 100000] [--io 2000] [--dataframe 200] [--partitions 4]",
                "                              [--rounds 1] [--only light,io,dataframe] [--out target/benchmark]",
                "  --light N      messages of light work (CRC32 over the value ten times: a few microseconds)",
                "  --io N         messages of I/O-bound work (a simulated 20 ms call per unit: per message, or per chunk)",
                "  --dataframe N  DataFrame requests (generated ranges of 1,000 to 2,000 rows, aggregated on the driver)");
    }

    public static void main(String[] args) throws Exception {
        args = io.directstream.cli.CliArgs.expand(args);
        if (io.directstream.cli.CliArgs.wantsVersion(args)) {
            System.out.println(io.directstream.config.BuildInfo.versionLine("bin/benchmark triggers"));
            return;
        }
        long light = 100_000;
        long io = 2_000;
        long dataframe = 200;
        int partitions = 4;
        int rounds = 1;
        List<String> only = List.of("light", "io", "dataframe");
        Path out = LocalPaths.target().resolve("benchmark");
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--light": light = Long.parseLong(args[++i]); break;
                case "--io": io = Long.parseLong(args[++i]); break;
                case "--dataframe": dataframe = Long.parseLong(args[++i]); break;
                case "--partitions": partitions = Integer.parseInt(args[++i]); break;
                case "--rounds": rounds = Integer.parseInt(args[++i]); break;
                case "--only": only = List.of(args[++i].split(",")); break;
                case "--out": out = Path.of(args[++i]); break;
                case "--help": case "-h": System.out.println(usage()); return;
                default:
                    System.err.println("benchmark triggers: unknown argument '" + args[i] + "'\n" + usage());
                    System.exit(2);
            }
        }
        List<Run> runs = runs(only);
        Map<Run, List<Map<String, String>>> results = new LinkedHashMap<>();
        runs.forEach(r -> results.put(r, new ArrayList<>()));
        Map<String, Long> counts = Map.of("light", light, "io", io, "dataframe", dataframe);
        Files.createDirectories(out);
        Path work = Files.createTempDirectory(LocalPaths.target(), "triggers-");
        try (LocalKafka kafka = LocalKafka.start(work.resolve("kafka")); LocalS3 s3 = LocalS3.start(work.resolve("s3"))) {
            s3.createBucket("bench");
            for (String w : only) {
                kafka.createTopic("triggers-" + w, partitions);
                produce(kafka.bootstrapServers(), "triggers-" + w, counts.get(w), w);
            }
            for (int round = 1; round <= rounds; round++) {
                int n = 0;
                for (Run run : runs) {
                    List<String> settings = new ArrayList<>(run.settings);
                    // the whole topic in one batch, the same for every mode
                    settings.addAll(List.of("stream.max.rate.per.partition=100000000",
                            "spark.streaming.backpressure.enabled=false", "stream.batch.interval=2s",
                            "spark.sql.shuffle.partitions=4"));
                    Map<String, String> r = CompareBenchmark.run("job-" + run.workload + "-" + (++n), round, kafka, s3,
                            "triggers-" + run.workload, counts.get(run.workload), settings, work, null, null, "2g", 0);
                    if (!run.settings.isEmpty() && Long.parseLong(r.get("triggered")) != counts.get(run.workload)) {
                        throw new IllegalStateException(run + ": the trigger saw " + r.get("triggered") + " messages");
                    }
                    results.get(run).add(r);
                    System.out.printf(Locale.ROOT, "round %d %-9s %-32s %10s messages/s, batch %,d ms, peak heap %,d MiB%n",
                            round, run.workload, run.name, rate(CompareBenchmark.rate(r, "windowMs")),
                            Long.parseLong(r.get("batchMsMax")), Long.parseLong(r.get("peakHeapMb")));
                }
            }
        }
        String table = table(results, counts, partitions, rounds);
        System.out.println();
        System.out.println(table);
        Files.writeString(out.resolve("triggers.md"), table, StandardCharsets.UTF_8);
        System.out.println("written: " + out.resolve("triggers.md"));
    }

    private static List<Run> runs(List<String> only) {
        String lightClass = "trigger.class=" + BenchTriggers.Light.class.getName();
        String ioClass = "trigger.class=" + BenchTriggers.RemoteCall.class.getName();
        String dfClass = "trigger.class=" + DataFrameTrigger.class.getName();
        List<Run> runs = new ArrayList<>();
        if (only.contains("light")) {
            runs.add(new Run("light", "archive only (no trigger)", List.of()));
            runs.add(new Run("light", "executor", List.of(lightClass, "trigger.mode=executor")));
            runs.add(new Run("light", "chunked executor, 100", List.of(lightClass, "trigger.mode=chunked", "trigger.chunk.size=100")));
            runs.add(new Run("light", "driver, 4 threads", List.of(lightClass, "trigger.mode=driver", "trigger.driver.threads=4")));
            runs.add(new Run("light", "driver, 4 threads, unbounded", List.of(lightClass, "trigger.mode=driver",
                    "trigger.driver.threads=4", "trigger.driver.max.messages=100000000")));
            runs.add(new Run("light", "chunked driver, 100, 4 threads", List.of(lightClass, "trigger.mode=chunked",
                    "trigger.chunk.on=driver", "trigger.chunk.size=100", "trigger.driver.threads=4")));
        }
        if (only.contains("io")) {
            runs.add(new Run("io", "executor", List.of(ioClass, "trigger.mode=executor")));
            runs.add(new Run("io", "driver, 4 threads", List.of(ioClass, "trigger.mode=driver", "trigger.driver.threads=4")));
            runs.add(new Run("io", "driver, 16 threads", List.of(ioClass, "trigger.mode=driver", "trigger.driver.threads=16")));
            runs.add(new Run("io", "driver, 64 threads", List.of(ioClass, "trigger.mode=driver", "trigger.driver.threads=64")));
            runs.add(new Run("io", "chunked executor, 100", List.of(ioClass, "trigger.mode=chunked", "trigger.chunk.size=100")));
            runs.add(new Run("io", "chunked driver, 100, 4 threads", List.of(ioClass, "trigger.mode=chunked",
                    "trigger.chunk.on=driver", "trigger.chunk.size=100", "trigger.driver.threads=4")));
        }
        if (only.contains("dataframe")) {
            runs.add(new Run("dataframe", "driver, 1 thread", List.of(dfClass, "trigger.mode=driver", "trigger.driver.threads=1")));
            runs.add(new Run("dataframe", "driver, 4 threads", List.of(dfClass, "trigger.mode=driver", "trigger.driver.threads=4")));
            runs.add(new Run("dataframe", "driver, 8 threads", List.of(dfClass, "trigger.mode=driver", "trigger.driver.threads=8")));
            runs.add(new Run("dataframe", "chunked driver, 10, 4 threads", List.of(dfClass, "trigger.mode=chunked",
                    "trigger.chunk.on=driver", "trigger.chunk.size=10", "trigger.driver.threads=4")));
        }
        return runs;
    }

    private static void produce(String bootstrap, String topic, long n, String workload) {
        if (!workload.equals("dataframe")) {
            CompareBenchmark.produce(bootstrap, topic, n, 200);
            return;
        }
        Map<String, Object> conf = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        try (KafkaProducer<byte[], byte[]> p = new KafkaProducer<>(conf, new ByteArraySerializer(), new ByteArraySerializer())) {
            for (long i = 0; i < n; i++) {
                // generated ranges only: the request's cost is Spark's, not the S3 server's
                String request = "{\"range\":" + (1000 + i % 1000) + ",\"buckets\":8,\"factor\":2}";
                p.send(new ProducerRecord<>(topic, request.getBytes(StandardCharsets.UTF_8)));
            }
        }
    }

    private static String table(Map<Run, List<Map<String, String>>> results, Map<String, Long> counts, int partitions,
                                int rounds) {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "Triggers: %d partitions, the whole topic in one batch, Spark local[2], "
                + "%d round%s (medians); light %,d, io %,d, dataframe %,d messages%n%n", partitions, rounds,
                rounds == 1 ? "" : "s", counts.get("light"), counts.get("io"), counts.get("dataframe")));
        sb.append("| work | mode | messages/s | batch time | driver peak heap | peak RSS |\n");
        sb.append("|---|---|---:|---:|---:|---:|\n");
        results.forEach((run, rs) -> sb.append(String.format(Locale.ROOT, "| %s | %s | %s | %.1f s | %,d MiB | %,d MiB |%n",
                run.workload, run.name, rate(CompareBenchmark.median(CompareBenchmark.values(rs, r -> CompareBenchmark.rate(r, "windowMs")))),
                CompareBenchmark.median(CompareBenchmark.values(rs, r -> Double.parseDouble(r.get("batchMsMax")))) / 1000.0,
                (long) CompareBenchmark.median(CompareBenchmark.values(rs, r -> Double.parseDouble(r.get("peakHeapMb")))),
                (long) CompareBenchmark.median(CompareBenchmark.values(rs, r -> Double.parseDouble(r.get("peakRssKb")))) / 1024)));
        return sb.toString();
    }

    private static String rate(double perSecond) {
        return String.format(Locale.ROOT, perSecond < 100 ? "%,.1f" : "%,.0f", perSecond);
    }
}
