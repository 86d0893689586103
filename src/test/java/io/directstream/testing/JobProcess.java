package io.directstream.testing;

import io.directstream.job.JobMain;
import io.directstream.local.ChildJvm;
import io.directstream.local.LocalPaths;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The job in its own JVM (JobMain with a properties file), so a test can kill it for real. */
public final class JobProcess {
    private final ChildJvm jvm;

    private JobProcess(ChildJvm jvm) {
        this.jvm = jvm;
    }

    /** Starts the job; {@code fault} arms a fault point ({@code point@batch}) or is null. */
    public static JobProcess start(String name, Map<String, String> props, String fault) {
        return startWith(name, props, fault == null ? List.of() : List.of("-Ddirectstream.fault=" + fault));
    }

    /** Starts the job with extra JVM options. */
    public static JobProcess startWith(String name, Map<String, String> props, List<String> extraJvmOptions) {
        Path dir = SharedServices.work().resolve("jobs");
        Path file = dir.resolve(name + ".properties");
        StringBuilder sb = new StringBuilder();
        props.forEach((k, v) -> sb.append(k).append('=').append(v.replace("\\", "\\\\")).append('\n'));
        try {
            Files.createDirectories(dir);
            Files.writeString(file, sb.toString(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<String> opts = jvmOptions();
        opts.addAll(extraJvmOptions);
        return new JobProcess(ChildJvm.start("job " + name, LocalPaths.childClasspath(), opts, JobMain.class.getName(),
                List.of("--config", file.toString()), dir.resolve(name + ".log"), true));
    }

    /** The test JVM's --add-opens and -D options, which Spark needs on Java 17. */
    public static List<String> jvmOptions() {
        List<String> opts = new ArrayList<>(List.of("-Xmx1g", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1"));
        for (String a : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (a.startsWith("--add-opens") || a.startsWith("-Djdk.reflect") || a.startsWith("-Daws.")) {
                opts.add(a);
            }
        }
        opts.add("-Ddirectstream.home=" + LocalPaths.home());
        return opts;
    }

    public int waitFor(Duration timeout) {
        return jvm.waitFor(timeout);
    }

    public boolean isAlive() {
        return jvm.isAlive();
    }

    public long pid() {
        return jvm.pid();
    }

    /** SIGKILL. */
    public void kill() {
        jvm.kill();
    }

    /** SIGTERM, and waits up to {@code timeout} for the exit; returns the exit code. */
    public int terminate(Duration timeout) {
        ProcessHandle.of(jvm.pid()).ifPresent(ProcessHandle::destroy);
        return jvm.waitFor(timeout);
    }

    public String log() {
        try {
            return Files.readString(jvm.log(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(no log)";
        }
    }

    /** Waits until the log contains {@code text}; fails with the log if the process dies first. */
    public void awaitLog(String text, Duration timeout) {
        Jobs.await("'" + text + "' in the job's log", timeout, () -> {
            if (log().contains(text)) {
                return true;
            }
            if (!jvm.isAlive()) {
                throw new AssertionError("the job exited before logging '" + text + "':\n" + tail());
            }
            return false;
        });
    }

    public String tail() {
        String l = log();
        return l.length() > 6000 ? l.substring(l.length() - 6000) : l;
    }
}
