package io.directstream.local.bench;

import io.directstream.local.ChildJvm;
import io.directstream.local.LocalKafka;
import io.directstream.local.LocalPaths;
import io.directstream.local.LocalS3;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import javax.imageio.ImageIO;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * {@code bin/benchmark compare}: the job against a plain Kafka consumer, a naive DStream job and Spark Structured
 * Streaming writing to S3 through S3A ({@link StructuredCandidate}), on one data set, in one run. Starts the local broker and S3 server, produces the data set once (records of about {@code --size} bytes of JSON
 * with a unique id, over {@code --partitions} partitions), then runs each contestant {@code --rounds} times,
 * interleaved, each in a JVM of its own reading the whole topic from its start ({@link Candidate}). Prints records/s
 * inside the processing window (median, min, max) and from the JVM's start, the time to the first output, the peak RSS,
 * the S3 requests per million records, and the ratios of the job to each other contestant within this run; writes the
 * table as Markdown and a PNG chart under {@code --out}. Figures, never assertions: it is not a test.
 */
public final class CompareBenchmark {
    private CompareBenchmark() {
    }

    static String usage() {
        return String.join("\n",
                "usage: bin/benchmark compare [--records 2000000] [--size 200] [--partitions 8] [--rounds 3]",
                "                             [--candidates consumer,job,naive,structured] [--out target/benchmark]",
                "                             [--baseline CLASSES_DIR] [--jfr] [--variant NAME k=v,...] [--ledger-history N]",
                "                             [--xmx 2g] [key=value ...]",
                "  --jfr       record each contestant with Java Flight Recorder (profile settings) into --out",
                "  --variant NAME k=v,k=v   also run the job with these settings, as job-NAME",
                "  --baseline  also run the job built in another checkout (its target/classes), as job-before",
                "  --ledger-history N   also run the job over a ledger of N past batches, as job-history",
                "  --xmx SIZE  each contestant's maximum heap (default 2g)",
                "  key=value   a setting for the job (default: none, the job's own defaults)");
    }

    public static void main(String[] args) throws Exception {
        args = io.directstream.cli.CliArgs.expand(args);
        if (io.directstream.cli.CliArgs.wantsVersion(args)) {
            System.out.println(io.directstream.config.BuildInfo.versionLine("bin/benchmark compare"));
            return;
        }
        long records = 2_000_000;
        int size = 200;
        int partitions = 8;
        int rounds = 3;
        List<String> candidates = List.of("consumer", "job", "naive", "structured");
        Path out = LocalPaths.target().resolve("benchmark");
        List<String> jobSettings = new ArrayList<>();
        String baseline = null;
        boolean jfr = false;
        long history = 0;
        String xmx = "2g";
        Map<String, List<String>> variants = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--records": records = Long.parseLong(args[++i]); break;
                case "--size": size = Integer.parseInt(args[++i]); break;
                case "--partitions": partitions = Integer.parseInt(args[++i]); break;
                case "--rounds": rounds = Integer.parseInt(args[++i]); break;
                case "--candidates": candidates = Arrays.asList(args[++i].split(",")); break;
                case "--out": out = Path.of(args[++i]); break;
                case "--baseline": baseline = args[++i]; break;
                case "--jfr": jfr = true; break;
                case "--ledger-history": history = Long.parseLong(args[++i]); break;
                case "--xmx": xmx = args[++i]; break;
                case "--variant":
                    variants.put("job-" + args[++i], Arrays.asList(args[++i].split(",")));
                    break;
                case "--help": case "-h": System.out.println(usage()); return;
                default:
                    if (args[i].contains("=") && !args[i].startsWith("-")) {
                        jobSettings.add(args[i]);
                    } else {
                        System.err.println("benchmark compare: unknown argument '" + args[i] + "'\n" + usage());
                        System.exit(2);
                    }
            }
        }
        if (!variants.isEmpty()) {
            candidates = new ArrayList<>(candidates);
            candidates.addAll(variants.keySet());
        }
        if (history > 0 && !candidates.contains("job-history")) {
            candidates = new ArrayList<>(candidates);
            candidates.add(candidates.indexOf("job") + 1, "job-history");
        }
        if (baseline != null && !candidates.contains("job-before")) {
            candidates = new ArrayList<>(candidates);
            candidates.add(candidates.indexOf("job") + 1, "job-before");
        }
        Files.createDirectories(out);
        Path work = Files.createTempDirectory(LocalPaths.target(), "compare-");
        Map<String, List<Map<String, String>>> results = new LinkedHashMap<>();
        candidates.forEach(c -> results.put(c, new ArrayList<>()));
        try (LocalKafka kafka = LocalKafka.start(work.resolve("kafka")); LocalS3 s3 = LocalS3.start(work.resolve("s3"))) {
            s3.createBucket("bench");
            String topic = "bench-" + partitions + "p-" + size + "b";
            kafka.createTopic(topic, partitions);
            long t0 = System.nanoTime();
            produce(kafka.bootstrapServers(), topic, records, size);
            System.out.printf(Locale.ROOT, "produced %,d records of ~%d B into %d partitions in %.1f s%n", records, size,
                    partitions, (System.nanoTime() - t0) / 1e9);
            if (candidates.contains("job-history")) {
                // every round's history first, so that the S3 server is as busy (and holds as much) for each contestant
                for (int round = 1; round <= rounds; round++) {
                    LedgerHistory.write(s3.client(), "bench", "job-history-" + round, topic, partitions, history);
                }
            }
            for (int round = 1; round <= rounds; round++) {
                for (String c : candidates) {
                    List<String> settings = new ArrayList<>(jobSettings);
                    settings.addAll(variants.getOrDefault(c, List.of()));
                    double brokerCpu = cpuSeconds(kafka.pid());
                    double s3Cpu = cpuSeconds(s3.pid());
                    Map<String, String> r = run(c, round, kafka, s3, topic, records, settings, work, baseline,
                            jfr ? out.resolve(c + "-" + round + ".jfr") : null, xmx, history);
                    r.put("brokerCpuS", String.format(Locale.ROOT, "%.1f", cpuSeconds(kafka.pid()) - brokerCpu));
                    r.put("s3CpuS", String.format(Locale.ROOT, "%.1f", cpuSeconds(s3.pid()) - s3Cpu));
                    results.get(c).add(r);
                    System.out.printf(Locale.ROOT, "round %d %-10s %,10.0f records/s in the window, %,10.0f from start, "
                                    + "peak RSS %,d MiB, CPU: contestant %s s, broker %s s, S3 server %s s%n", round, c,
                            rate(r, "windowMs"), rate(r, "totalMs"), Long.parseLong(r.get("peakRssKb")) / 1024,
                            r.get("cpuS"), r.get("brokerCpuS"), r.get("s3CpuS"));
                    if (r.containsKey("startMs")) {
                        System.out.printf(Locale.ROOT, "        %-10s first batch %.1f s after the JVM's start, %s batches "
                                        + "(median %s ms), peak heap %s MiB, %s empty batches (mean %s ms, max %s ms)%n",
                                c, Long.parseLong(r.get("startMs")) / 1000.0, r.get("batches"), r.get("batchMsMedian"),
                                r.get("peakHeapMb"), r.get("idleBatches"), r.get("idleMsMean"), r.get("idleMsMax"));
                    }
                }
            }
        }
        String table = table(results, records, size, partitions, rounds, jobSettings);
        System.out.println();
        System.out.println(table);
        Files.writeString(out.resolve("compare.md"), table, StandardCharsets.UTF_8);
        chart(results, out.resolve("compare.png"));
        System.out.println("written: " + out.resolve("compare.md") + ", " + out.resolve("compare.png"));
    }

    static Map<String, String> run(String candidate, int round, LocalKafka kafka, LocalS3 s3, String topic,
                                           long records, List<String> jobSettings, Path work, String baseline,
                                           Path jfr, String xmx, long history) {
        boolean before = candidate.equals("job-before");
        String kind = candidate.startsWith("job") ? "job" : candidate;
        List<String> args = new ArrayList<>(List.of(kind, kafka.bootstrapServers(), topic, String.valueOf(records)));
        if (!kind.equals("consumer")) {
            args.addAll(List.of(s3.endpoint(), "bench", candidate + "-" + round));
        }
        if (kind.equals("job")) {
            args.addAll(jobSettings);
        }
        // the baseline's job classes first, so that they, not this checkout's, run; the contestant itself comes after
        String classpath = before ? baseline + java.io.File.pathSeparator + LocalPaths.childClasspath()
                : LocalPaths.childClasspath();
        if (kind.equals("structured")) {
            classpath = classpath + java.io.File.pathSeparator + LocalPaths.structuredClasspath();
        }
        List<String> jvm = new ArrayList<>(List.of("-Xmx" + xmx));
        for (String a : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (a.startsWith("--add-opens") || a.startsWith("-Djdk.reflect") || a.startsWith("-Daws.")) {
                jvm.add(a);
            }
        }
        if (candidate.equals("job-history")) {
            // the contestant reads its own ledger entries after the past batches, not the whole seeded history
            jvm.add("-D" + LedgerHistory.PROPERTY + "=" + history);
        }
        if (jfr != null) {
            jvm.add("-XX:StartFlightRecording=settings=profile,filename=" + jfr);
        }
        Path log = work.resolve(candidate + "-" + round + ".log");
        ChildJvm child = ChildJvm.start(candidate, classpath, jvm, Candidate.class.getName(), args, log, true);
        int code = child.waitFor(Duration.ofMinutes(30));
        String result = null;
        try {
            for (String line : Files.readAllLines(log, StandardCharsets.UTF_8)) {
                if (line.startsWith("RESULT ")) {
                    result = line;
                }
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        if (code != 0 || result == null) {
            throw new IllegalStateException(candidate + " failed (exit " + code + "):\n" + ChildJvm.tail(log, 40));
        }
        Map<String, String> m = new HashMap<>();
        for (String kv : result.substring(7).split(" ")) {
            int eq = kv.indexOf('=');
            m.put(kv.substring(0, eq), kv.substring(eq + 1));
        }
        return m;
    }

    /** Records of about {@code size} bytes: JSON with a unique id, padded with text. */
    static void produce(String bootstrap, String topic, long records, int size) {
        Map<String, Object> conf = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.ACKS_CONFIG, "1", ProducerConfig.LINGER_MS_CONFIG, 20,
                ProducerConfig.BATCH_SIZE_CONFIG, 512 * 1024, ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, false,
                ProducerConfig.BUFFER_MEMORY_CONFIG, 128L * 1024 * 1024);
        String pad = "lorem ipsum dolor sit amet consectetur adipiscing elit ".repeat(1 + size / 50);
        try (KafkaProducer<byte[], byte[]> p = new KafkaProducer<>(conf, new ByteArraySerializer(), new ByteArraySerializer())) {
            for (long i = 0; i < records; i++) {
                String head = "{\"id\":\"rec-" + i + "\",\"customer\":" + (i % 9973) + ",\"amount\":" + (i % 100000) / 100.0
                        + ",\"note\":\"";
                int room = Math.max(0, size - head.length() - 2);
                String value = head + pad.substring(0, Math.min(room, pad.length())) + "\"}";
                p.send(new ProducerRecord<>(topic, ("k" + i).getBytes(StandardCharsets.UTF_8),
                        value.getBytes(StandardCharsets.UTF_8)));
            }
            p.flush();
        }
    }

    /** CPU time (user and system) a process has used, from {@code /proc/PID/stat}; 0 where it is not available. */
    static double cpuSeconds(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return (Long.parseLong(f[11]) + Long.parseLong(f[12])) / 100.0;
        } catch (java.io.IOException | RuntimeException e) {
            return 0;
        }
    }

    static double rate(Map<String, String> r, String window) {
        return Long.parseLong(r.get("records")) * 1000.0 / Math.max(1, Long.parseLong(r.get(window)));
    }

    static double median(List<Double> xs) {
        List<Double> s = new ArrayList<>(xs);
        s.sort(Double::compare);
        int n = s.size();
        return n % 2 == 1 ? s.get(n / 2) : (s.get(n / 2 - 1) + s.get(n / 2)) / 2;
    }

    static List<Double> values(List<Map<String, String>> rs, java.util.function.ToDoubleFunction<Map<String, String>> f) {
        List<Double> out = new ArrayList<>();
        rs.forEach(r -> out.add(f.applyAsDouble(r)));
        return out;
    }

    static String table(Map<String, List<Map<String, String>>> results, long records, int size, int partitions,
                        int rounds, List<String> jobSettings) {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "%,d records of ~%d B, %d partitions, %d rounds interleaved (medians; "
                + "min-max in brackets); job settings: %s%n%n", records, size, partitions, rounds, jobSettings));
        sb.append("| contestant | records/s in the processing window | records/s from JVM start | time to first output "
                + "| peak RSS | S3 requests per million records | CPU s: contestant / broker / S3 server |\n"
                + "|---|---|---|---|---|---|---|\n");
        Map<String, Double> medians = new TreeMap<>();
        results.forEach((c, rs) -> {
            List<Double> window = values(rs, r -> rate(r, "windowMs"));
            List<Double> total = values(rs, r -> rate(r, "totalMs"));
            List<Double> firstOut = values(rs, r -> Long.parseLong(r.get("firstOutputMs")) / 1000.0);
            List<Double> rss = values(rs, r -> Long.parseLong(r.get("peakRssKb")) / 1024.0);
            List<Double> req = values(rs, r -> Long.parseLong(r.get("s3Requests")) * 1e6 / Math.max(1, Long.parseLong(r.get("records"))));
            List<Double> cpu = values(rs, r -> Double.parseDouble(r.get("cpuS")));
            List<Double> brokerCpu = values(rs, r -> Double.parseDouble(r.get("brokerCpuS")));
            List<Double> s3Cpu = values(rs, r -> Double.parseDouble(r.get("s3CpuS")));
            medians.put(c, median(window));
            sb.append(String.format(Locale.ROOT, "| %s | %,.0f [%,.0f-%,.0f] | %,.0f | %.1f s | %,.0f MiB | %,.0f "
                            + "| %.1f / %.1f / %.1f |%n", c, median(window),
                    window.stream().mapToDouble(d -> d).min().orElse(0),
                    window.stream().mapToDouble(d -> d).max().orElse(0), median(total), median(firstOut), median(rss),
                    median(req), median(cpu), median(brokerCpu), median(s3Cpu)));
        });
        jobDetails(sb, results);
        Double job = medians.get("job");
        if (job != null) {
            sb.append('\n');
            medians.forEach((c, m) -> {
                if (!c.equals("job")) {
                    sb.append(String.format(Locale.ROOT, "job / %s = %.2f%n", c, job / m));
                }
            });
        }
        return sb.toString();
    }

    /** The job contestants' own figures: start-up, batches, heap, and the driver's cost of an empty batch. */
    static void jobDetails(StringBuilder sb, Map<String, List<Map<String, String>>> results) {
        StringBuilder rows = new StringBuilder();
        results.forEach((c, rs) -> {
            if (rs.isEmpty() || !rs.get(0).containsKey("startMs")) {
                return;
            }
            rows.append(String.format(Locale.ROOT, "| %s | %.1f s | %.0f | %,.0f ms | %,.0f MiB | %.0f ms / %.0f ms |%n", c,
                    median(values(rs, r -> Long.parseLong(r.get("startMs")) / 1000.0)),
                    median(values(rs, r -> Double.parseDouble(r.get("batches")))),
                    median(values(rs, r -> Double.parseDouble(r.get("batchMsMedian")))),
                    median(values(rs, r -> Double.parseDouble(r.get("peakHeapMb")))),
                    median(values(rs, r -> Double.parseDouble(r.get("idleMsMean")))),
                    median(values(rs, r -> Double.parseDouble(r.get("idleMsMax"))))));
        });
        if (rows.length() > 0) {
            sb.append("\n| job contestant | JVM start to first batch | batches | median batch | peak heap "
                    + "| empty batch on the driver: mean / max |\n|---|---|---|---|---|---|\n").append(rows);
        }
    }

    /** Median records/s in the window per contestant as bars, min-max as whiskers. */
    static void chart(Map<String, List<Map<String, String>>> results, Path png) throws java.io.IOException {
        int w = 720;
        int h = 360;
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, w, h);
        double max = 1;
        for (List<Map<String, String>> rs : results.values()) {
            for (Map<String, String> r : rs) {
                max = Math.max(max, rate(r, "windowMs"));
            }
        }
        int left = 90;
        int bottom = h - 50;
        int top = 40;
        g.setColor(Color.DARK_GRAY);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 14));
        g.drawString("records/s inside the processing window (median, min-max)", left, 24);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        g.drawLine(left, top, left, bottom);
        g.drawLine(left, bottom, w - 20, bottom);
        for (int i = 0; i <= 4; i++) {
            int y = bottom - (bottom - top) * i / 4;
            g.drawString(String.format(Locale.ROOT, "%,.0f", max * i / 4), 4, y + 4);
        }
        int n = results.size();
        int slot = (w - left - 40) / Math.max(1, n);
        int i = 0;
        for (Map.Entry<String, List<Map<String, String>>> e : results.entrySet()) {
            List<Double> v = values(e.getValue(), r -> rate(r, "windowMs"));
            double med = median(v);
            double lo = v.stream().mapToDouble(d -> d).min().orElse(0);
            double hi = v.stream().mapToDouble(d -> d).max().orElse(0);
            int x = left + 20 + i * slot;
            int bw = slot - 40;
            int y = bottom - (int) ((bottom - top) * med / max);
            g.setColor(e.getKey().equals("job") ? new Color(0x09, 0x69, 0xda) : new Color(0x8c, 0x95, 0x9f));
            g.fillRect(x, y, bw, bottom - y);
            g.setColor(Color.BLACK);
            g.setStroke(new BasicStroke(2));
            int ylo = bottom - (int) ((bottom - top) * lo / max);
            int yhi = bottom - (int) ((bottom - top) * hi / max);
            g.drawLine(x + bw / 2, ylo, x + bw / 2, yhi);
            g.drawString(e.getKey(), x, bottom + 18);
            g.drawString(String.format(Locale.ROOT, "%,.0f", med), x, y - 6);
            i++;
        }
        g.dispose();
        ImageIO.write(img, "png", png.toFile());
    }
}
