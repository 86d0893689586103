package io.directstream.local;

import com.amazonaws.services.s3.AmazonS3;
import io.directstream.audit.AuditReport;
import io.directstream.audit.AuditRun;
import io.directstream.audit.KafkaAuditView;
import io.directstream.ledger.LedgerEntry;
import io.directstream.ledger.LedgerRange;
import io.directstream.ledger.LedgerStore;
import io.directstream.storage.S3Location;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code bin/benchmark audit}: how long the audit takes to read and analyse a long ledger, and how much heap it needs.
 * Writes a synthetic ledger of N batch-partition entries (default 1,000,000: 125,000 batches of 8 partitions) into a
 * real S3 server the way the job does (segments of {@code ledger.snapshot.interval} entries, then loose entries), then
 * runs the audit against it and a real broker, and prints the figures. Run it with a small heap (the script uses
 * -Xmx256m) to show the history is never held in memory whole.
 */
public final class AuditBenchmark {
    private AuditBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        args = io.directstream.cli.CliArgs.expand(args);
        if (io.directstream.cli.CliArgs.wantsVersion(args)) {
            System.out.println(io.directstream.config.BuildInfo.versionLine("bin/benchmark audit"));
            return;
        }
        long ranges = 1_000_000;
        int partitions = 8;
        int segment = 100;
        String usage = "usage: bin/benchmark audit [--entries N] [--partitions P] [--segment S]\n"
                + "  audits a generated ledger of N batch-partition entries (default 1000000, 8 partitions, segments of 100)\n"
                + "  and prints the time and peak heap";
        for (int i = 0; i < args.length; i++) {
            String option = args[i];
            try {
                switch (option) {
                    case "--entries": ranges = Long.parseLong(args[++i]); break;
                    case "--partitions": partitions = Integer.parseInt(args[++i]); break;
                    case "--segment": segment = Integer.parseInt(args[++i]); break;
                    case "--help": case "-h":
                        System.out.println(usage);
                        return;
                    default:
                        System.err.println("bin/benchmark audit: unknown argument '" + option + "'\n" + usage);
                        System.exit(2);
                        return;
                }
            } catch (NumberFormatException | ArrayIndexOutOfBoundsException e) {
                System.err.println("bin/benchmark audit: " + option + " needs a number\n" + usage);
                System.exit(2);
                return;
            }
        }
        Path work = Files.createTempDirectory("audit-bench-");
        try (LocalS3 s3server = LocalS3.start(work.resolve("s3")); LocalKafka kafka = LocalKafka.start(work.resolve("kafka"))) {
            s3server.createBucket("bench");
            kafka.createTopic("bench", partitions);
            AmazonS3 s3 = s3server.client();
            S3Location output = new S3Location("bench", "ledger-bench");
            LedgerStore store = new LedgerStore(s3, output);
            long batches = ranges / partitions;
            long t0 = System.nanoTime();
            List<LedgerEntry> pending = new ArrayList<>(segment);
            long trailing = Math.min(50, batches);
            for (long seq = 1; seq <= batches; seq++) {
                LedgerEntry e = entry(seq, partitions);
                if (seq > batches - trailing) {
                    store.append(e);
                    continue;
                }
                pending.add(e);
                if (pending.size() == segment) {
                    store.writeSegment(pending);
                    pending.clear();
                }
            }
            store.writeSegment(pending);
            double writeS = (System.nanoTime() - t0) / 1e9;
            System.out.printf(Locale.ROOT, "ledger written: %,d batches x %d partitions = %,d batch-partition entries "
                    + "(%,d segments of %d, %d loose entries) in %.1f s%n", batches, partitions, batches * partitions,
                    (batches - trailing + segment - 1) / segment, segment, trailing, writeS);

            System.gc();
            resetPeaks();
            long t1 = System.nanoTime();
            AuditReport report;
            Map<String, Object> kafkaParams = Map.of("bootstrap.servers", kafka.bootstrapServers(), "group.id", "bench");
            try (KafkaAuditView view = new KafkaAuditView(kafkaParams, Duration.ofSeconds(30))) {
                report = AuditRun.ledgerOnly(store.history(), view, output + "/_ledger", "bench");
            }
            double auditS = (System.nanoTime() - t1) / 1e9;
            System.out.printf(Locale.ROOT, "audit: %,d ledger entries (%,d batch-partition entries) in %.2f s = %,.0f "
                            + "batch-partition entries/s; peak heap used %.0f MiB of max %.0f MiB; %d partitions, %d findings%n",
                    report.entries(), batches * partitions, auditS, batches * partitions / auditS, peakHeapMiB(),
                    Runtime.getRuntime().maxMemory() / 1048576.0, report.partitions().size(), report.findings().size());
            s3.shutdown();
        } finally {
            RunLocal.deleteTree(work);
        }
    }

    private static LedgerEntry entry(long seq, int partitions) {
        List<LedgerRange> rs = new ArrayList<>(partitions);
        for (int p = 0; p < partitions; p++) {
            long from = (seq - 1) * 100;
            rs.add(new LedgerRange("bench", p, from, from + 100, 100, 100, 0, 29_000,
                    "ledger-bench/topic=bench/partition=" + p + "/bench+" + p + "+" + String.format("%020d", from) + ".jsonl",
                    null));
        }
        long t = 1_700_000_000_000L + seq * 5000;
        return new LedgerEntry(seq, "bench-run", "bench", t, t, t + 800, t + 850, rs, List.of());
    }

    private static void resetPeaks() {
        for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
            p.resetPeakUsage();
        }
    }

    private static double peakHeapMiB() {
        long peak = 0;
        for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
            if (p.getType() == MemoryType.HEAP) {
                peak += p.getPeakUsage().getUsed();
            }
        }
        return peak / 1048576.0;
    }
}
