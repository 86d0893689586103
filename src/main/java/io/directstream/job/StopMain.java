package io.directstream.job;

import com.amazonaws.services.s3.AmazonS3;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.directstream.cli.CliArgs;
import io.directstream.cli.ExitCodes;
import io.directstream.config.ConfigLoader;
import io.directstream.config.Durations;
import io.directstream.config.InvalidConfigException;
import io.directstream.config.JobConfig;
import io.directstream.ledger.LedgerStore;
import io.directstream.sink.S3Check;
import io.directstream.sink.S3Clients;
import io.directstream.storage.ObjectStore;
import io.directstream.storage.S3ObjectStore;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code bin/stop}: asks a running job to stop gracefully by writing the stop marker under its output location. With
 * {@code --wait}, waits until the job has released its lease (it finished its batch, recorded it and committed).
 *
 * <pre>bin/stop --config job.properties [key=value ...] [--wait] [--timeout 5m]</pre>
 * Exit codes: 0 requested (and, with --wait, stopped; or no job running), 1 still running after the timeout, 2 bad
 * arguments, 3 S3 unavailable.
 */
public final class StopMain {
    private StopMain() {
    }

    public static void main(String[] args) {
        System.exit(run(args));
    }

    static int run(String[] args) {
        args = CliArgs.expand(args);
        if (CliArgs.wantsVersion(args)) {
            System.out.println(io.directstream.config.BuildInfo.versionLine("bin/stop"));
            return ExitCodes.OK;
        }
        Path file = null;
        boolean wait = false;
        Duration timeout = Duration.ofMinutes(5);
        List<String> overrides = new ArrayList<>();
        try {
            for (int i = 0; i < args.length; i++) {
                if (args[i].equals("--help") || args[i].equals("-h")) {
                    System.out.println(USAGE);
                    return ExitCodes.OK;
                } else if (args[i].equals("--config") && i + 1 < args.length) {
                    file = Path.of(args[++i]);
                } else if (args[i].equals("--wait")) {
                    wait = true;
                } else if (args[i].equals("--timeout") && i + 1 < args.length) {
                    timeout = Durations.parse(args[++i]);
                } else {
                    CliArgs.override(args[i], overrides);
                }
            }
            JobConfig config = ConfigLoader.load(file, overrides);
            // a missing bucket or an unreachable endpoint: one line, within the start-up timeout
            S3Check.checkBucket(config.s3(), config.output().bucket(), config.startupTimeout());
            AmazonS3 s3 = S3Clients.create(config.s3());
            try {
                ObjectStore objects = new S3ObjectStore(s3, config.output().bucket());
                String leaseKey = new LedgerStore(s3, config.output()).leaseKey();
                Optional<String> idle = notRunning(objects.get(leaseKey));
                if (idle.isPresent()) {
                    // no marker: it would stop the next start at once
                    System.out.println("no job is running at " + config.output() + " (" + idle.get() + "): nothing to stop");
                    return ExitCodes.OK;
                }
                StopMarker marker = new StopMarker(objects, config.output());
                marker.request("bin/stop");
                System.out.println("stop requested: s3://" + config.output().bucket() + "/" + marker.key());
                if (!wait) {
                    return ExitCodes.OK;
                }
                return awaitRelease(objects, leaseKey, timeout);
            } finally {
                s3.shutdown();
            }
        } catch (InvalidConfigException | RuntimeException e) {
            return ExitCodes.of("stop", USAGE, e);
        }
    }

    static final String USAGE = "usage: bin/stop --config job.properties [key=value ...] [--wait] [--timeout 5m]\n"
            + "  asks the running job to stop after its current batch (a marker in S3); --wait waits until it has\n"
            + "exit codes: 0 requested (or stopped, or no job running), 1 still running after the timeout, 2 usage,\n"
            + "  3 S3 unavailable";

    /** Why no job is running, from the lease: absent, released, or expired; empty when one holds it. */
    static Optional<String> notRunning(Optional<ObjectStore.Versioned> lease) {
        if (lease.isEmpty()) {
            return Optional.of("no lease: it never ran there");
        }
        try {
            JsonNode n = new ObjectMapper().readTree(lease.get().bytes());
            if (n.path("released").asBoolean(false)) {
                return Optional.of("its lease was released: it stopped");
            }
            if (n.path("renewedAtMs").asLong() + n.path("ttlMs").asLong() < System.currentTimeMillis()) {
                return Optional.of("its lease expired without a clean stop");
            }
            return Optional.empty();
        } catch (IOException e) {
            throw new IllegalStateException("unreadable lease: " + e.getMessage(), e);
        }
    }

    private static int awaitRelease(ObjectStore objects, String leaseKey, Duration timeout) {
        long deadline = System.currentTimeMillis() + timeout.toMillis();
        ObjectMapper json = new ObjectMapper();
        while (System.currentTimeMillis() < deadline) {
            Optional<ObjectStore.Versioned> lease = objects.get(leaseKey);
            try {
                if (lease.isEmpty() || json.readTree(lease.get().bytes()).path("released").asBoolean(false)) {
                    System.out.println("the job has stopped");
                    return ExitCodes.OK;
                }
                JsonNode n = json.readTree(lease.get().bytes());
                if (n.path("renewedAtMs").asLong() + n.path("ttlMs").asLong() < System.currentTimeMillis()) {
                    System.out.println("no job is running (its lease expired without a clean stop)");
                    return ExitCodes.OK;
                }
            } catch (IOException e) {
                throw new IllegalStateException("unreadable lease " + leaseKey, e);
            }
            try {
                Thread.sleep(1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        System.err.println("stop: the job is still running after " + timeout.toSeconds() + " s");
        return ExitCodes.FAILED;
    }
}
