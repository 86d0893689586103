package io.directstream.audit;

import com.amazonaws.services.s3.AmazonS3;
import io.directstream.cli.CliArgs;
import io.directstream.cli.ExitCodes;
import io.directstream.config.ConfigLoader;
import io.directstream.config.InvalidConfigException;
import io.directstream.config.JobConfig;
import io.directstream.ledger.LedgerStore;
import io.directstream.sink.S3Clients;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code bin/offset-audit}: what the job processed, committed, lags, misses or duplicated, from its ledger and Kafka.
 *
 * <pre>
 * bin/offset-audit --config job.properties [key=value ...] [--since 24h|ISO-8601] [--until ...]
 *                  [--format text|csv|json|html] [--output FILE] [--check-objects none|sample|full]
 *                  [--sample-size 20] [--max-batches 1000] [--csv-table partitions|findings|gaps|overlaps|batches|commits|objects]
 * </pre>
 * Exit codes: 0 clean, 1 gaps, overlaps or failed checks found, 2 usage errors, 3 Kafka or S3 unavailable.
 */
public final class AuditMain {
    private AuditMain() {
    }

    public static void main(String[] args) {
        int code;
        try {
            code = run(args, new PrintWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8)));
        } catch (RuntimeException e) {
            code = ExitCodes.bug("offset-audit", e);
        }
        System.exit(code);
    }

    static String usage() {
        return String.join("\n",
                "usage: bin/offset-audit --config job.properties [key=value ...] [options]",
                "  --since T            history window start: ISO-8601 (2026-11-20T10:00:00Z, 2026-11-20) or a duration ago (24h)",
                "  --until T            history window end (default now)",
                "  --format F           text (default), csv, json, html",
                "  --output FILE        write the report there instead of standard output",
                "  --check-objects M    read back objects the ledger lists: none, sample (default), full",
                "  --sample-size N      objects in the sample (default 20)",
                "  --max-batches N      batches of the window listed (default 1000; all are counted)",
                "  --csv-table T        with --format csv: " + String.join(", ", CsvRenderer.TABLES),
                "exit codes: 0 clean, 1 gaps, overlaps or failed checks found, 2 usage errors, 3 Kafka or S3 unavailable");
    }

    /** Runs the audit, writing to {@code --output} or {@code stdout}; returns the exit code. */
    public static int run(String[] args, PrintWriter stdout) {
        args = CliArgs.expand(args);
        AuditOptions o = new AuditOptions();
        Path file = null;
        List<String> overrides = new ArrayList<>();
        Instant now = Instant.now();
        String since = null;
        String until = null;
        if (CliArgs.wantsVersion(args)) {
            stdout.println(io.directstream.config.BuildInfo.versionLine("bin/offset-audit"));
            stdout.flush();
            return 0;
        }
        try {
            for (int i = 0; i < args.length; i++) {
                String a = args[i];
                switch (a) {
                    case "--config": file = Path.of(CliArgs.value(args, ++i, a)); break;
                    case "--since": since = CliArgs.value(args, ++i, a); break;
                    case "--until": until = CliArgs.value(args, ++i, a); break;
                    case "--format": o.format = AuditOptions.parseFormat(CliArgs.value(args, ++i, a)); break;
                    case "--output": o.output = Path.of(CliArgs.value(args, ++i, a)); break;
                    case "--check-objects": o.objects = AuditOptions.parseObjects(CliArgs.value(args, ++i, a)); break;
                    case "--sample-size": o.sampleSize = (int) CliArgs.atLeast(CliArgs.value(args, ++i, a), a, 1); break;
                    case "--max-batches": o.maxBatches = (int) CliArgs.atLeast(CliArgs.value(args, ++i, a), a, 1); break;
                    case "--csv-table": o.csvTable = CliArgs.value(args, ++i, a); break;
                    case "--help": case "-h":
                        stdout.println(usage());
                        stdout.flush();
                        return 0;
                    default: CliArgs.override(a, overrides);
                }
            }
            o.until = until == null ? now : AuditOptions.parseTime(until, now);
            o.since = since == null ? null : AuditOptions.parseTime(since, now);
            if (o.since != null && !o.since.isBefore(o.until)) {
                throw new IllegalArgumentException("--since " + since + " is not before --until " + o.until);
            }
            if (!CsvRenderer.TABLES.contains(o.csvTable)) {
                throw new IllegalArgumentException("--csv-table " + o.csvTable + ": expected one of " + CsvRenderer.TABLES);
            }
            JobConfig config = ConfigLoader.load(file, overrides);
            return audit(config, o, stdout);
        } catch (IOException e) {
            System.err.println("offset-audit: cannot write the report: " + e.getMessage());
            return ExitCodes.UNAVAILABLE;
        } catch (InvalidConfigException | RuntimeException e) {
            // a damaged ledger is a finding of the audit, not an outage: ExitCodes says which object and what is wrong
            return ExitCodes.of("offset-audit", usage(), e);
        }
    }

    /** A location written by bin/reprocess: a folder right under some location's {@code _replay/}. */
    static boolean isReplay(io.directstream.storage.S3Location location) {
        String[] parts = location.prefix().split("/");
        return parts.length >= 2 && parts[parts.length - 2].equals("_replay");
    }

    private static int audit(JobConfig config, AuditOptions o, PrintWriter stdout) throws IOException {
        // a missing bucket or an unreachable endpoint: one line and exit 3 within the start-up timeout, not a trace
        io.directstream.sink.S3Check.checkBucket(config.s3(), config.output().bucket(), config.startupTimeout());
        AmazonS3 s3 = S3Clients.create(config.s3());
        // a replay (bin/reprocess) commits nothing: its ledger is compared with Kafka's log, not with the live job's
        // group, and only over the partitions it covers
        boolean replay = isReplay(config.output());
        try (KafkaAuditView kafka = new KafkaAuditView(config.kafkaParams(), config.startupTimeout(), !replay)) {
            LedgerStore ledger = new LedgerStore(s3, config.output());
            AuditReport report = Auditor.run(o, ledger.history(), kafka,
                    new ObjectChecker(s3, config.output().bucket()), replay ? List.of() : config.topics(),
                    ledger.location().toString(), replay ? "(none: a replay location, which commits no offsets)"
                            : config.groupId());
            if (o.output().isPresent()) {
                try (Writer w = Files.newBufferedWriter(o.output().get(), StandardCharsets.UTF_8)) {
                    write(report, o, new PrintWriter(w));
                }
                System.err.println("offset-audit: report written to " + o.output().get() + " ("
                        + (report.errors() == 0 ? "clean" : report.errors() + " errors") + ")");
            } else {
                write(report, o, stdout);
            }
            return report.exitCode();
        } finally {
            s3.shutdown();
        }
    }

    static void write(AuditReport r, AuditOptions o, PrintWriter w) throws IOException {
        switch (o.format()) {
            case CSV: CsvRenderer.render(r, o.csvTable(), w); break;
            case JSON: JsonRenderer.render(r, w); break;
            case HTML: HtmlRenderer.render(r, w); break;
            default: TextRenderer.render(r, w);
        }
        w.flush();
    }


}
