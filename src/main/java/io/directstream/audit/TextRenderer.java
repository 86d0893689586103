package io.directstream.audit;

import io.directstream.ledger.LedgerRange;
import io.directstream.source.StartTable;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/** The default report: aligned tables, columns named as kafka-consumer-groups --describe names them where they overlap. */
final class TextRenderer {
    private TextRenderer() {
    }

    static void render(AuditReport r, PrintWriter w) {
        w.println("Offset audit of " + r.ledgerLocation + " (group " + r.group + ") at " + Fmt.time(r.generatedAtMs));
        w.println("Ledger: " + r.analysis.entries() + " entries, last sequence " + r.analysis.lastSequence()
                + (r.sinceMs == null ? "" : "; window " + Fmt.time(r.sinceMs) + " .. " + Fmt.time(r.untilMs) + ": "
                + r.analysis.batchesInWindow() + " batches, " + r.analysis.recordsInWindow() + " records"));
        w.println();
        boolean window = r.sinceMs != null;
        List<String[]> rows = new ArrayList<>();
        List<String> header = new ArrayList<>(List.of("TOPIC", "PARTITION", "FIRST-OFFSET", "LAST-OFFSET", "RECORDS",
                "BATCHES", "LEDGER-END", "CURRENT-OFFSET", "LOG-END-OFFSET", "LAG", "UNPROCESSED", "LAG-TIME", "SKIPPED"));
        if (window) {
            header.addAll(List.of("WINDOW-OFFSETS", "WINDOW-PROCESSED"));
        }
        rows.add(header.toArray(new String[0]));
        for (PartitionRow p : r.partitions) {
            List<String> c = new ArrayList<>(List.of(p.partition().topic(), String.valueOf(p.partition().partition()),
                    Fmt.opt(p.firstOffset()), Fmt.opt(p.lastOffset()), String.valueOf(p.records()),
                    String.valueOf(p.batches()), Fmt.opt(p.ledgerEnd()), Fmt.opt(p.currentOffset()),
                    String.valueOf(p.logEnd()), Fmt.opt(p.lag()), String.valueOf(p.unprocessed()),
                    Fmt.age(p.lagTimeMs()), String.valueOf(p.skipped())));
            if (window) {
                c.add(Fmt.window(p));
                c.add(Fmt.windowProcessed(p));
            }
            rows.add(c.toArray(new String[0]));
        }
        w.print(StartTable.align(rows));
        w.println();

        long errors = r.errors();
        long warnings = r.findings.stream().filter(f -> f.severity() == Finding.Severity.WARNING).count();
        w.println("Findings: " + errors + " error" + (errors == 1 ? "" : "s") + ", " + warnings + " warning"
                + (warnings == 1 ? "" : "s"));
        for (Finding f : r.findings) {
            w.println("  " + f);
        }
        w.println();
        w.println("Objects checked: " + r.objectsChecked + " (" + r.objectMode + "), " + r.objectFailures.size() + " failed");
        r.analysis.triggerTotals().ifPresent(t -> w.println("Triggers: " + t.done() + " messages done, "
                + t.deadLettered() + " dead-lettered (" + t.mode() + " mode), over the whole ledger"));
        w.println();

        if (window) {
            w.println("Batch history " + Fmt.time(r.sinceMs) + " .. " + Fmt.time(r.untilMs) + ": "
                    + r.analysis.batchesInWindow() + " batches" + (r.analysis.batchesInWindow() > r.batches().size()
                    ? " (first " + r.batches().size() + " listed; --max-batches)" : ""));
            List<String[]> b = new ArrayList<>();
            b.add(new String[] {"BATCH-TIME", "SEQUENCE", "RECORDS", "PARTITIONS", "PROCESSING-MS", "RANGES"});
            for (BatchRow row : r.batches()) {
                b.add(new String[] {Fmt.time(row.batchTimeMs()), String.valueOf(row.sequence()),
                    String.valueOf(row.records()), String.valueOf(row.ranges().size()),
                    String.valueOf(row.processingMs()), ranges(row.ranges())});
            }
            w.print(StartTable.align(b));
            w.println();
        }
        w.println(errors == 0 ? "Result: CLEAN" : "Result: " + errors + " error" + (errors == 1 ? "" : "s") + " (exit 1)");
        w.flush();
    }

    static String ranges(List<LedgerRange> ranges) {
        String s = ranges.stream().map(x -> x.topic() + "-" + x.partition() + "[" + x.fromOffset() + "," + x.untilOffset() + ")")
                .collect(Collectors.joining(" "));
        return s.length() > 160 ? s.substring(0, 157) + "..." : s;
    }
}
