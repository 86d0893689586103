package io.directstream.source;

import java.util.ArrayList;
import java.util.List;

/** Formats the start plan as an aligned table, in the manner of {@code kafka-consumer-groups --describe}. */
public final class StartTable {
    private StartTable() {
    }

    public static String format(List<PartitionStart> starts) {
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"TOPIC", "PARTITION", "START-OFFSET", "FROM", "COMMITTED", "EARLIEST", "LOG-END", "BACKLOG"});
        long lost = 0;
        long backlog = 0;
        for (PartitionStart s : starts) {
            rows.add(new String[] {s.partition().topic(), String.valueOf(s.partition().partition()),
                String.valueOf(s.offset()), s.reason() + s.lostFrom().map(l -> " (lost " + l + "-" + (s.offset() - 1) + ")")
                        .orElse(""), s.committed().map(String::valueOf).orElse("-"),
                String.valueOf(s.earliest()), String.valueOf(s.logEnd()), String.valueOf(s.backlog())});
            backlog += s.backlog();
            lost += s.lostFrom().map(l -> s.offset() - l).orElse(0L);
        }
        StringBuilder sb = new StringBuilder(align(rows));
        sb.append(starts.size()).append(" partitions, ").append(backlog).append(" records to catch up");
        if (lost > 0) {
            sb.append(", ").append(lost).append(" offsets lost to retention (skipped, recorded as a gap)");
        }
        sb.append('\n');
        return sb.toString();
    }

    /** Left-aligned columns separated by two spaces. */
    public static String align(List<String[]> rows) {
        int cols = rows.get(0).length;
        int[] width = new int[cols];
        for (String[] r : rows) {
            for (int i = 0; i < cols; i++) {
                width[i] = Math.max(width[i], r[i].length());
            }
        }
        StringBuilder sb = new StringBuilder();
        for (String[] r : rows) {
            for (int i = 0; i < cols; i++) {
                sb.append(r[i]);
                if (i < cols - 1) {
                    sb.append(" ".repeat(width[i] - r[i].length() + 2));
                }
            }
            sb.append('\n');
        }
        return sb.toString();
    }
}
