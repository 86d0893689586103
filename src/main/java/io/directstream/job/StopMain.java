package io.directstream.job;

import com.amazonaws.services.s3.AmazonS3;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.directstream.config.CliArgs;
import io.directstream.config.ConfigLoader;
import io.directstream.config.Durations;
import io.directstream.config.InvalidConfigException;
import io.directstream.config.JobConfig;
import io.directstream.ledger.LedgerStore;
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
 * Exit codes: 0 requested (and, with --wait, stopped), 1 still running after the timeout, 2 bad arguments.
 */
public final class StopMain {
    private StopMain() {
    }

    public static void main(String[] args) {
        System.exit(run(args));
    }

    static int run(String[] args) {
        Path file = null;
        boolean wait = false;
        Duration timeout = Duration.ofMinutes(5);
        List<String> overrides = new ArrayList<>();
        try {
            for (int i = 0; i < args.length; i++) {
                if (args[i].equals("--config") && i + 1 < args.length) {
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
            AmazonS3 s3 = S3Clients.create(config.s3());
            try {
                ObjectStore objects = new S3ObjectStore(s3, config.output().bucket());
                StopMarker marker = new StopMarker(objects, config.output());
                marker.request("bin/stop");
                System.out.println("stop requested: s3://" + config.output().bucket() + "/" + marker.key());
                if (!wait) {
                    return ExitCodes.OK;
                }
                return awaitRelease(objects, new LedgerStore(s3, config.output()).leaseKey(), timeout);
            } finally {
                s3.shutdown();
            }
        } catch (InvalidConfigException e) {
            return ExitCodes.invalidConfig("stop", e);
        } catch (IllegalArgumentException e) {
            return ExitCodes.usageError("stop", e,
                    "usage: bin/stop --config job.properties [key=value ...] [--wait] [--timeout 5m]");
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
