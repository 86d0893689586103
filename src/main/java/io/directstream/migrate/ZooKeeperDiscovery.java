package io.directstream.migrate;

import io.directstream.source.StartTable;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * {@code bin/migrate-offsets --discover}: walks ZooKeeper read-only and within a bound, finds the znodes whose path or
 * content names one of the job's topics, decodes each as {@link OffsetText} does, and says which partitions and
 * offsets each implies and the path template that would import it. Nothing is written.
 */
public final class ZooKeeperDiscovery {
    /** Kafka's own znodes at the root, never offsets of a pipeline. */
    static final Set<String> KAFKA_OWN = Set.of("zookeeper", "brokers", "admin", "config", "controller",
            "controller_epoch", "isr_change_notification", "latest_producer_id_block", "log_dir_event_notification",
            "cluster", "feature");

    /** One znode that looks like offsets of the job's topics. */
    public static final class Finding {
        final String path;
        final int version;
        final String decoding;
        final String content;
        final List<String> implies;
        final String template;
        final boolean ranges;
        final String error;

        Finding(String path, int version, String decoding, String content, List<String> implies, String template,
                boolean ranges, String error) {
            this.path = path;
            this.version = version;
            this.decoding = decoding;
            this.content = content;
            this.implies = implies;
            this.template = template;
            this.ranges = ranges;
            this.error = error;
        }

        public String path() {
            return path;
        }

        /** The path template that reads this znode; null when it cannot be read. */
        public String template() {
            return template;
        }

        public List<String> implies() {
            return implies;
        }

        public java.util.Optional<String> error() {
            return java.util.Optional.ofNullable(error);
        }
    }

    /** What a walk found, and whether it stopped at its bound. */
    public static final class Result {
        final List<Finding> findings;
        final int visited;
        final boolean truncated;
        final List<String> unreadable;

        Result(List<Finding> findings, int visited, boolean truncated, List<String> unreadable) {
            this.findings = findings;
            this.visited = visited;
            this.truncated = truncated;
            this.unreadable = unreadable;
        }

        public List<Finding> findings() {
            return findings;
        }

        public int visited() {
            return visited;
        }

        public boolean truncated() {
            return truncated;
        }
    }

    private ZooKeeperDiscovery() {
    }

    /** Walks breadth first from the root (of the chroot, if the connect string has one), at most {@code limit} znodes. */
    static Result walk(ZooKeeperReader zk, Predicate<String> isTopic, int limit) {
        List<Finding> out = new ArrayList<>();
        List<String> unreadable = new ArrayList<>();
        Deque<String> queue = new ArrayDeque<>();
        queue.add("/");
        int visited = 0;
        while (!queue.isEmpty()) {
            if (visited >= limit) {
                return new Result(out, visited, true, unreadable);
            }
            String path = queue.poll();
            visited++;
            ZooKeeperReader.Node node;
            try {
                node = zk.read(path);
            } catch (io.directstream.source.SourceUnavailableException e) {
                if (!(e.getCause() instanceof org.apache.zookeeper.KeeperException.NoAuthException)) {
                    throw e;
                }
                unreadable.add(path);
                continue;
            }
            if (node == null) {
                continue;
            }
            if (node.data != null && node.data.length > 0) {
                Finding f = examine(node, isTopic);
                if (f != null) {
                    out.add(f);
                }
            }
            if (node.children > 0) {
                for (String child : zk.children(path)) {
                    if (!(path.equals("/") && KAFKA_OWN.contains(child))) {
                        queue.add(path.equals("/") ? "/" + child : path + "/" + child);
                    }
                }
            }
        }
        return new Result(out, visited, false, unreadable);
    }

    /** A finding when the znode's path or content names one of the topics; null otherwise. */
    static Finding examine(ZooKeeperReader.Node node, Predicate<String> isTopic) {
        String[] segments = node.path.substring(1).split("/");
        int topicAt = -1;
        for (int i = 0; i < segments.length; i++) {
            if (isTopic.test(segments[i])) {
                topicAt = i;
            }
        }
        String pathTopic = topicAt >= 0 ? segments[topicAt] : null;
        boolean lastIsPartition = segments[segments.length - 1].matches("\\d+")
                && (topicAt < 0 || topicAt == segments.length - 2);
        Integer pathPartition = lastIsPartition ? Integer.valueOf(segments[segments.length - 1]) : null;
        OffsetText.Decoded d;
        try {
            d = OffsetText.decode(node.path, node.data);
        } catch (UnreadableOffsetException e) {
            return pathTopic == null ? null : new Finding(node.path, node.version, "-", node.data.length + " bytes",
                    List.of(), null, false, e.getMessage());
        }
        boolean namesTopic = d.offsets().stream().anyMatch(s -> s.topic().map(isTopic::test).orElse(false));
        if (pathTopic == null && !namesTopic) {
            return null;
        }
        LegacyOffsets probe = new LegacyOffsets("discover");
        ZooKeeperOffsetSource.attribute(node, d, pathTopic, pathPartition, probe);
        List<String> implies = new ArrayList<>();
        probe.values().values().forEach(v -> implies.add(v.partition() + ": " + v.saved().get().describe()));
        String error = probe.problems().isEmpty() ? null : String.join("; ", probe.problems());
        String[] t = segments.clone();
        if (topicAt >= 0) {
            t[topicAt] = "{topic}";
        }
        if (lastIsPartition) {
            t[t.length - 1] = "{partition}";
        }
        boolean ranges = d.offsets().stream().anyMatch(SavedOffset::isRange);
        return new Finding(node.path, node.version, d.describe(), d.text().trim(), implies,
                error == null ? "/" + String.join("/", t) : null, ranges, error);
    }

    /** The findings as a table, then the command line per template. */
    static String report(Result r, String connect, String configArg) {
        StringBuilder s = new StringBuilder();
        List<String[]> t = new ArrayList<>();
        t.add(new String[] {"PATH", "VERSION", "DECODED-AS", "CONTENT", "IMPLIES"});
        for (Finding f : r.findings) {
            String content = f.content.length() > 60 ? f.content.substring(0, 57) + "..." : f.content;
            t.add(new String[] {f.path, String.valueOf(f.version), f.decoding, content.replaceAll("\\s+", " "),
                f.error != null ? "ERROR " + f.error : String.join(", ", f.implies)});
        }
        s.append(String.format(java.util.Locale.ROOT, "Discovered %d znode(s) that look like offsets of the job's topics "
                + "(%d znodes read%s; nothing written):%n", r.findings.size(), r.visited,
                r.truncated ? ", STOPPED at --discover-limit: raise it or start below the root with a chroot" : ""));
        if (!r.unreadable.isEmpty()) {
            s.append("not readable with this session (ZooKeeper ACLs), not searched: ").append(String.join(", ",
                    r.unreadable)).append('\n');
        }
        if (r.findings.isEmpty()) {
            s.append("none: the old pipeline saved nothing here that names these topics (every partition would be "
                    + "missing: --on-missing decides), or under another chroot, or in Kafka (--from-group)\n");
            return s.toString();
        }
        s.append(StartTable.align(t));
        Map<String, Boolean> templates = new LinkedHashMap<>();
        for (Finding f : r.findings) {
            if (f.template != null) {
                templates.merge(f.template, f.ranges, Boolean::logicalOr);
            }
        }
        if (!templates.isEmpty()) {
            s.append("To import (a dry run; add --apply once the plan is right):\n");
        }
        templates.forEach((template, ranges) -> {
            s.append("  bin/migrate-offsets ").append(configArg).append(" --zookeeper ").append(connect)
                    .append(" --zk-path-template '").append(template).append("'");
            if (ranges) {
                s.append(" --resume-at until");
            }
            s.append('\n');
            if (ranges) {
                s.append("    (saved ranges: --resume-at until if the old job saved them after its output, --resume-at "
                        + "from if before it)\n");
            }
        });
        return s.toString();
    }
}
