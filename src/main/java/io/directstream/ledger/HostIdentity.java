package io.directstream.ledger;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;
import java.util.function.LongFunction;

/**
 * Who holds a lease, precisely enough to tell that its process is gone. A host name alone is not enough: containers
 * share host names, and a pid is only meaningful in its own PID namespace. So the identity is the host name plus the
 * kernel's boot id plus the PID namespace ({@code /proc}); a lease may be taken from a live-looking holder only when
 * that identity matches ours exactly and its pid no longer runs the process that wrote it (same pid and start time).
 * Where {@code /proc} is not available there is no identity, and a lease is only taken when released or expired.
 */
public record HostIdentity(String hostName, String id, long pid, long pidStartMs, LongFunction<OptionalLong> processStart) {

    /** This process. */
    public static HostIdentity current() {
        ProcessHandle me = ProcessHandle.current();
        String host = hostName0();
        String boot = read(Path.of("/proc/sys/kernel/random/boot_id"));
        String pidNs = link(Path.of("/proc/self/ns/pid"));
        String id = boot == null || pidNs == null ? null : host + "/" + boot + "/" + pidNs;
        return new HostIdentity(host, id, me.pid(), startMs(me).orElse(0), HostIdentity::liveProcessStart);
    }

    /**
     * True only when the holder provably ran on this host, in this PID namespace, and its process is gone: the pid
     * is free, or now belongs to a process started at another time.
     */
    public boolean provesGone(String holderId, long holderPid, long holderPidStartMs) {
        if (id == null || holderId == null || !id.equals(holderId) || holderPid <= 0) {
            return false;
        }
        OptionalLong start = processStart.apply(holderPid);
        if (start.isEmpty()) {
            return true;
        }
        return holderPidStartMs > 0 && start.getAsLong() > 0 && Math.abs(start.getAsLong() - holderPidStartMs) > 1000;
    }

    /** The start time of a live process, 0 when unknown; empty when no such process runs. */
    private static OptionalLong liveProcessStart(long pid) {
        return ProcessHandle.of(pid).filter(ProcessHandle::isAlive).map(p -> OptionalLong.of(startMs(p).orElse(0)))
                .orElse(OptionalLong.empty());
    }

    private static OptionalLong startMs(ProcessHandle p) {
        return p.info().startInstant().map(i -> OptionalLong.of(i.toEpochMilli())).orElse(OptionalLong.empty());
    }

    private static String hostName0() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "unknown-host";
        }
    }

    private static String read(Path p) {
        try {
            return Files.readString(p, StandardCharsets.UTF_8).trim();
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private static String link(Path p) {
        try {
            return Files.readSymbolicLink(p).toString();
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }
}
