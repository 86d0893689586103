package io.directstream.audit;

import java.io.PrintWriter;
import java.util.List;

/** One table of the report as CSV (RFC 4180), chosen with {@code --csv-table}. */
final class CsvRenderer {
    static final List<String> TABLES = List.of("partitions", "findings", "gaps", "overlaps", "batches", "commits", "objects");

    private CsvRenderer() {
    }

    static void render(AuditReport r, String table, PrintWriter w) {
        switch (table) {
            case "partitions":
                row(w, "topic", "partition", "first_offset", "last_offset", "records", "batches", "ledger_end",
                        "current_offset", "log_end_offset", "lag", "unprocessed", "lag_time_ms", "skipped",
                        "offsets_without_records", "uncommitted_batches", "window_from", "window_until", "window_processed");
                for (PartitionRow p : r.partitions) {
                    row(w, p.partition().topic(), p.partition().partition(), Fmt.opt(p.firstOffset()), Fmt.opt(p.lastOffset()),
                            p.records(), p.batches(), Fmt.opt(p.ledgerEnd()), Fmt.opt(p.currentOffset()), p.logEnd(),
                            Fmt.opt(p.lag()), p.unprocessed(), Fmt.opt(p.lagTimeMs()), p.skipped(), p.offsetsWithoutRecords(),
                            p.uncommittedBatches(), Fmt.opt(p.windowFrom()), Fmt.opt(p.windowUntil()),
                            Fmt.windowProcessed(p));
                }
                break;
            case "findings":
                row(w, "severity", "kind", "message");
                r.findings.forEach(f -> row(w, f.severity().id(), f.kind(), f.message()));
                break;
            case "gaps":
                row(w, "topic", "partition", "from_offset", "until_offset", "size", "cause", "ledger_sequence");
                r.gaps.forEach(g -> row(w, g.partition().topic(), g.partition().partition(), g.from(), g.until(), g.size(),
                        g.cause().id(), g.atSequence()));
                break;
            case "overlaps":
                row(w, "topic", "partition", "from_offset", "until_offset", "ledger_sequences");
                r.overlaps().forEach(o -> row(w, o.partition().topic(), o.partition().partition(), o.from(), o.until(),
                        o.sequences().toString().replaceAll("[\\[\\] ]", "").replace(',', ' ')));
                break;
            case "batches":
                row(w, "batch_time", "sequence", "run_id", "topic", "partition", "from_offset", "until_offset", "records",
                        "bytes", "processing_ms");
                r.batches().forEach(b -> b.ranges().forEach(x -> row(w, Fmt.time(b.batchTimeMs()), b.sequence(), b.runId(),
                        x.topic(), x.partition(), x.fromOffset(), x.untilOffset(), x.records(), x.bytes(), b.processingMs())));
                break;
            case "commits":
                row(w, "sequence", "failed_at", "error");
                r.commitFailures().forEach(c -> row(w, c.sequence(), Fmt.time(c.atMs()), c.error()));
                break;
            case "objects":
                row(w, "ledger_sequence", "key", "exists", "expected_records", "actual_records");
                r.objectFailures.forEach(o -> row(w, o.sequence(), o.key(), o.exists(), o.expectedLines(), o.actualLines()));
                break;
            default:
                throw new IllegalArgumentException("--csv-table " + table + ": expected one of " + TABLES);
        }
        w.flush();
    }

    private static void row(PrintWriter w, Object... cells) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < cells.length; i++) {
            if (i > 0) {
                sb.append(',');
            }
            String c = String.valueOf(cells[i]);
            if (c.contains(",") || c.contains("\"") || c.contains("\n")) {
                c = "\"" + c.replace("\"", "\"\"") + "\"";
            }
            sb.append(c);
        }
        w.print(sb.append("\r\n"));
    }
}
