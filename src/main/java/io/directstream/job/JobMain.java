package io.directstream.job;

import io.directstream.cli.CliArgs;
import io.directstream.cli.Exit;
import io.directstream.cli.ExitCodes;
import io.directstream.config.BuildInfo;
import io.directstream.config.ConfigLoader;
import io.directstream.config.InvalidConfigException;
import io.directstream.config.JobConfig;
import io.directstream.ledger.LedgerDamagedException;
import io.directstream.storage.UnavailableException;
import io.directstream.trigger.Triggers;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Command line of the streaming job, the main class of the job jar.
 *
 * <pre>
 * spark-submit ... direct-stream-job.jar [--config job.properties] [key=value ...]
 *   --config FILE   the job's properties (conf/job.properties.template lists every key)
 *   key=value       overrides a key of the file
 *   --check         validate the configuration, print it and exit
 * </pre>
 * Exit codes: 0 stopped as asked, 1 a batch failed (restart to resume from the ledger), 2 bad configuration,
 * 3 Kafka or S3 unavailable, 4 the ledger is damaged (repair it; a restart does not help). Always ends the JVM: Spark and Kafka leave non-daemon threads behind.
 */
public final class JobMain {
    private JobMain() {
    }

    public static void main(String[] args) throws org.apache.spark.SparkUserAppException {
        int code;
        try {
            code = run(args);
        } catch (Throwable t) {
            code = ExitCodes.bug("direct-stream-job", t);
        }
        Exit.with(code);
    }

    /** Runs the job for these arguments and returns the exit code, without exiting. */
    public static int run(String[] args) {
        args = CliArgs.expand(args);
        if (CliArgs.wantsVersion(args)) {
            System.out.println(BuildInfo.versionLine("direct-stream-job"));
            return ExitCodes.OK;
        }
        Path file = null;
        boolean checkOnly = false;
        List<String> overrides = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.equals("--config") && i + 1 < args.length) {
                file = Path.of(args[++i]);
            } else if (a.equals("--check")) {
                checkOnly = true;
            } else if (a.equals("--help") || a.equals("-h")) {
                System.out.println(usage());
                return ExitCodes.OK;
            } else if (a.contains("=") && !a.startsWith("-")) {
                overrides.add(a);
            } else {
                System.err.println("direct-stream-job: unknown argument '" + a + "'\n" + usage());
                return ExitCodes.CONFIG;
            }
        }
        try {
            JobConfig config = ConfigLoader.load(file, overrides);
            for (String w : config.legacyWarnings()) {
                System.err.println("direct-stream-job: warning: " + w);
            }
            if (checkOnly) {
                if (config.triggers().isPresent()) {
                    Triggers.check(config.triggers().get());
                }
                config.sources().forEach((k, v) -> System.out.println(k + "=" + v));
                System.out.println("configuration OK");
                return ExitCodes.OK;
            }
            return new DirectStreamJob(config).run().exitCode();
        } catch (InvalidConfigException e) {
            System.err.println("direct-stream-job: invalid configuration:");
            for (String p : e.problems()) {
                System.err.println("  - " + p);
            }
            return ExitCodes.CONFIG;
        } catch (UnavailableException e) {
            System.err.println("direct-stream-job: cannot start: " + e.getMessage());
            return ExitCodes.UNAVAILABLE;
        } catch (LedgerDamagedException e) {
            return ExitCodes.damaged("direct-stream-job", e);
        }
    }

    static String usage() {
        return "usage: direct-stream-job [--config job.properties] [key=value ...] [--check]\n"
                + "  exit codes: 0 stopped as asked, 1 a batch failed, 2 bad configuration, 3 Kafka or S3 unavailable,\n"
                + "              4 the ledger is damaged";
    }
}
