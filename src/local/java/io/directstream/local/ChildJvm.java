package io.directstream.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** A server in its own JVM, its output in a log file. Stopping sends SIGTERM, then SIGKILL after a grace period. */
public final class ChildJvm {
    private final Process process;
    private final Path log;
    private final String name;

    private ChildJvm(String name, Process process, Path log) {
        this.name = name;
        this.process = process;
        this.log = log;
    }

    /**
     * Starts {@code mainClass} with {@code jvmArgs}. With {@code tiedToParent} the child halts when this JVM ends
     * (through {@link ParentWatch}); without, it outlives this JVM (for {@code bin/local-services}).
     */
    public static ChildJvm start(String name, String classpath, List<String> jvmArgs, String mainClass, List<String> args,
                                 Path log, boolean tiedToParent) {
        return startWithEnv(name, classpath, jvmArgs, mainClass, args, log, tiedToParent, java.util.Map.of());
    }

    /** As {@link #start}, with extra environment variables. */
    public static ChildJvm startWithEnv(String name, String classpath, List<String> jvmArgs, String mainClass,
                                        List<String> args, Path log, boolean tiedToParent, java.util.Map<String, String> env) {
        List<String> cmd = new ArrayList<>();
        cmd.add(LocalPaths.javaBin());
        cmd.addAll(jvmArgs);
        cmd.add("-cp");
        cmd.add(classpath);
        cmd.add(ParentWatch.class.getName());
        cmd.add(String.valueOf(tiedToParent ? ProcessHandle.current().pid() : 0));
        cmd.add(mainClass);
        cmd.addAll(args);
        try {
            Files.createDirectories(log.getParent());
            ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
            pb.environment().remove("JAVA_TOOL_OPTIONS");
            pb.environment().putAll(env);
            return new ChildJvm(name, pb.start(), log);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + name, e);
        }
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public Path log() {
        return log;
    }

    /** Fails with the log's tail if the process died. */
    public void checkAlive() {
        if (!process.isAlive()) {
            throw new IllegalStateException(name + " exited with code " + process.exitValue() + "; last lines of "
                    + log + ":\n" + tail(log, 40));
        }
    }

    /** SIGTERM, then SIGKILL after {@code graceSeconds}. */
    public void stop(int graceSeconds) {
        stop(process.toHandle(), graceSeconds);
    }

    /** Waits for the process to end and returns its exit code; fails after {@code timeout}. */
    public int waitFor(java.time.Duration timeout) {
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new IllegalStateException(name + " still running after " + timeout.toSeconds() + " s; log:\n" + tail(log, 40));
            }
            return process.exitValue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** SIGKILL: the process dies as on a crash. */
    public void kill() {
        process.destroyForcibly();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static void stop(ProcessHandle h, int graceSeconds) {
        if (!h.isAlive()) {
            return;
        }
        h.destroy();
        try {
            h.onExit().get(graceSeconds, TimeUnit.SECONDS);
        } catch (Exception e) {
            h.destroyForcibly();
            try {
                h.onExit().get(10, TimeUnit.SECONDS);
            } catch (Exception ignored) {
                // reported by isAlive
            }
        }
    }

    public static String tail(Path file, int lines) {
        try {
            List<String> all = Files.readAllLines(file, StandardCharsets.UTF_8);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }
}
