package io.directstream.replay;

import io.directstream.cli.CliArgs;
import io.directstream.cli.Exit;
import io.directstream.cli.ExitCodes;
import io.directstream.config.ConfigLoader;
import io.directstream.config.InvalidConfigException;
import io.directstream.config.JobConfig;
import io.directstream.source.StartSpec;
import io.directstream.storage.S3Location;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code bin/reprocess}: a bounded batch run between two positions with {@code KafkaUtils.createRDD}, through the
 * job's processor and S3 writer, under a separate prefix ({@code <output>/_replay/<name>/}) with its own ledger. It
 * never touches the live job's consumer group or ledger. The same range gives the same objects: chunk boundaries and
 * the default name depend only on the range; a run resumes from its own ledger, and {@code --restart} rewrites it all.
 *
 * <pre>
 * bin/reprocess --config job.properties [key=value ...] --from POS [--until POS] [--by-timestamp]
 *               [--name NAME] [--output s3://bucket/prefix] [--chunk-records 100000] [--wave-chunks 8] [--restart]
 * POS: earliest | latest | offsets JSON {"topic":{"0":23}} (-2 earliest, -1 latest) | a time (ISO-8601 or epoch ms)
 *      | with --by-timestamp, a JSON of per-partition times {"topic":{"0":1700000000000}}
 * </pre>
 * Exit codes: 0 done, 1 failed (run again: it resumes), 2 usage, 3 Kafka or S3 unavailable.
 */
public final class ReprocessMain {
    private ReprocessMain() {
    }

    public static void main(String[] args) throws org.apache.spark.SparkUserAppException {
        int code;
        try {
            code = run(args);
        } catch (RuntimeException e) {
            code = ExitCodes.bug("reprocess", e);
        }
        Exit.with(code);
    }

    static String usage() {
        return String.join("\n",
                "usage: bin/reprocess --config job.properties [key=value ...] --from POS [--until POS] [options]",
                "  POS              earliest | latest | offsets JSON {\"topic\":{\"0\":23}} (-2 earliest, -1 latest)",
                "                   | a time: ISO-8601 (2026-11-20T10:00:00Z) or epoch ms",
                "  --until POS      end of the range, exclusive (default latest: the log end when it starts)",
                "  --by-timestamp   JSON positions hold per-partition times instead of offsets",
                "  --name NAME      the replay's name (default: derived from the range, so a repeat finds its work)",
                "  --output URI     where to write (default <output.location>/_replay/<name>)",
                "  --chunk-records N  offsets per object (default 100000)",
                "  --wave-chunks N    chunks per Spark job between ledger entries (default 8)",
                "  --restart        delete what an earlier run of the same replay wrote and write it again",
                "exit codes: 0 done, 1 failed (run again: it resumes), 2 usage, 3 Kafka or S3 unavailable");
    }

    /** A replay's name becomes one folder under {@code _replay/}: letters, digits, '.', '_' and '-' only. */
    static String replayName(String name) {
        if (!name.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,199}")) {
            throw new IllegalArgumentException("--name " + name + ": expected 1-200 of A-Z a-z 0-9 . _ - (starting with "
                    + "a letter or digit): the name is one folder under " + Reprocessor.REPLAY_DIR + "/");
        }
        return name;
    }

    public static int run(String[] args) {
        args = CliArgs.expand(args);
        if (CliArgs.wantsVersion(args)) {
            System.out.println(io.directstream.config.BuildInfo.versionLine("bin/reprocess"));
            return 0;
        }
        Path file = null;
        List<String> overrides = new ArrayList<>();
        String from = null;
        String until = "latest";
        boolean byTimestamp = false;
        String name = null;
        String output = null;
        long chunk = 100_000;
        int wave = 8;
        boolean restart = false;
        try {
            for (int i = 0; i < args.length; i++) {
                String a = args[i];
                switch (a) {
                    case "--config": file = Path.of(CliArgs.value(args, ++i, a)); break;
                    case "--from": from = CliArgs.value(args, ++i, a); break;
                    case "--until": until = CliArgs.value(args, ++i, a); break;
                    case "--by-timestamp": byTimestamp = true; break;
                    case "--name": name = replayName(CliArgs.value(args, ++i, a)); break;
                    case "--output": output = CliArgs.value(args, ++i, a); break;
                    case "--chunk-records": chunk = CliArgs.atLeast(CliArgs.value(args, ++i, a), a, 1); break;
                    case "--wave-chunks": wave = (int) CliArgs.atLeast(CliArgs.value(args, ++i, a), a, 1); break;
                    case "--restart": restart = true; break;
                    case "--help": case "-h":
                        System.out.println(usage());
                        return 0;
                    default: CliArgs.override(a, overrides);
                }
            }
            if (from == null) {
                throw new IllegalArgumentException("--from is required");
            }
            if (name != null && !name.matches("[A-Za-z0-9._\\-]{1,100}")) {
                throw new IllegalArgumentException("--name " + name + ": use 1-100 of A-Z a-z 0-9 . _ -");
            }
            JobConfig config = ConfigLoader.load(file, overrides);
            StartSpec fromSpec = position(from, byTimestamp, false);
            StartSpec untilSpec = position(until, byTimestamp, true);
            return new Reprocessor(config, chunk, wave).run(fromSpec, untilSpec, name,
                    output == null ? null : S3Location.parse(output), restart);
        } catch (InvalidConfigException | RuntimeException e) {
            return ExitCodes.of("reprocess", usage(), e);
        }
    }

    /** A position: keyword, JSON (offsets, or times with --by-timestamp), or one time for every partition. */
    static StartSpec position(String text, boolean byTimestamp, boolean isUntil) {
        String t = text.trim();
        if (t.startsWith("{")) {
            return byTimestamp ? StartSpec.timestamps(StartSpec.parsePartitionJson(t, "times"), isUntil)
                    : StartSpec.offsets(StartSpec.parsePartitionJson(t, "offsets"));
        }
        switch (t.toLowerCase(Locale.ROOT)) {
            case "earliest": return StartSpec.earliest();
            case "latest": return StartSpec.latest();
            default: return StartSpec.timestamp(StartSpec.parseTime(t), isUntil);
        }
    }

}
