package io.directstream.audit;

import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;

/**
 * A self-contained HTML page (inline CSS and SVG, no script, no network): the verdict, a chart per partition of the
 * processed offsets over time with the log end and the lag, the partition table, the findings and the batch history.
 */
final class HtmlRenderer {
    private static final int W = 640;
    private static final int H = 190;
    private static final int LEFT = 80;
    private static final int RIGHT = 150;
    private static final int TOP = 14;
    private static final int BOTTOM = 34;

    private HtmlRenderer() {
    }

    static void render(AuditReport r, PrintWriter w) {
        long errors = r.errors();
        w.println("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">");
        w.println("<title>Offset audit: " + esc(r.ledgerLocation) + "</title>");
        w.println("<style>body{font-family:sans-serif;margin:24px;color:#1f2328}h1{font-size:20px}h2{font-size:16px;"
                + "margin-top:28px}table{border-collapse:collapse;font-size:13px}th,td{border:1px solid #d0d7de;padding:4px 8px;"
                + "text-align:right}th{background:#f6f8fa}td.l,th.l{text-align:left}.verdict{display:inline-block;padding:6px 14px;"
                + "border-radius:6px;color:#fff;font-weight:bold}.clean{background:#1a7f37}.dirty{background:#cf222e}"
                + ".error{color:#cf222e}.warning{color:#9a6700}.note{color:#57606a}.charts{display:flex;flex-wrap:wrap;gap:16px}"
                + ".chart{border:1px solid #d0d7de;border-radius:6px;padding:6px}.chart h3{font-size:13px;margin:2px 6px}"
                + "svg text{font-size:11px;fill:#57606a}</style></head><body>");
        w.println("<h1>Offset audit</h1>");
        w.println("<p>Ledger <code>" + esc(r.ledgerLocation) + "</code>, group <code>" + esc(r.group) + "</code>, at "
                + Fmt.time(r.generatedAtMs) + ". " + r.analysis.entries() + " ledger entries, last sequence "
                + r.analysis.lastSequence() + ".</p>");
        w.println("<p><span id=\"verdict\" class=\"verdict " + (errors == 0 ? "clean\">CLEAN" : "dirty\">" + errors + " ERROR"
                + (errors == 1 ? "" : "S")) + "</span></p>");

        w.println("<h2>Processed offsets over time</h2><div class=\"charts\">");
        for (PartitionRow p : r.partitions) {
            chart(w, p, r.series.getOrDefault(p.partition(), List.of()));
        }
        w.println("</div>");

        w.println("<h2>Partitions</h2><table id=\"partitions\"><tr><th class=\"l\">TOPIC</th><th>PARTITION</th>"
                + "<th>FIRST-OFFSET</th><th>LAST-OFFSET</th><th>RECORDS</th><th>BATCHES</th><th>LEDGER-END</th>"
                + "<th>CURRENT-OFFSET</th><th>LOG-END-OFFSET</th><th>LAG</th><th>UNPROCESSED</th><th>LAG-TIME</th>"
                + "<th>SKIPPED</th></tr>");
        for (PartitionRow p : r.partitions) {
            w.println("<tr><td class=\"l\">" + esc(p.partition().topic()) + "</td>" + td(p.partition().partition())
                    + td(Fmt.opt(p.firstOffset())) + td(Fmt.opt(p.lastOffset())) + td(p.records()) + td(p.batches())
                    + td(Fmt.opt(p.ledgerEnd())) + td(Fmt.opt(p.currentOffset())) + td(p.logEnd()) + td(Fmt.opt(p.lag()))
                    + td(p.unprocessed()) + td(Fmt.age(p.lagTimeMs())) + td(p.skipped()) + "</tr>");
        }
        w.println("</table>");

        w.println("<h2>Findings</h2>");
        if (r.findings.isEmpty()) {
            w.println("<p>None: every offset of the processed spans was covered by exactly one batch.</p>");
        } else {
            w.println("<ul id=\"findings\">");
            for (Finding f : r.findings) {
                w.println("<li class=\"" + f.severity().id() + "\"><b>" + f.severity().id() + "</b> " + esc(f.kind()) + ": "
                        + esc(f.message()) + "</li>");
            }
            w.println("</ul>");
        }
        w.println("<p>Objects checked: " + r.objectsChecked + " (" + esc(r.objectMode) + "), " + r.objectFailures.size()
                + " failed.</p>");
        r.analysis.triggerTotals().ifPresent(t -> w.println("<p id=\"triggers\">Triggers: " + t.done()
                + " messages done, " + t.deadLettered() + " dead-lettered (" + esc(t.mode()) + " mode).</p>"));

        if (r.sinceMs != null) {
            w.println("<h2>Batches " + Fmt.time(r.sinceMs) + " .. " + Fmt.time(r.untilMs) + " ("
                    + r.analysis.batchesInWindow() + ")</h2>");
            w.println("<table id=\"batches\"><tr><th class=\"l\">BATCH-TIME</th><th>SEQUENCE</th><th>RECORDS</th>"
                    + "<th>PARTITIONS</th><th>PROCESSING-MS</th><th class=\"l\">RANGES</th></tr>");
            for (BatchRow b : r.batches()) {
                w.println("<tr><td class=\"l\">" + Fmt.time(b.batchTimeMs()) + "</td>" + td(b.sequence()) + td(b.records())
                        + td(b.ranges().size()) + td(b.processingMs()) + "<td class=\"l\">" + esc(TextRenderer.ranges(b.ranges()))
                        + "</td></tr>");
            }
            w.println("</table>");
        }
        w.println("</body></html>");
        w.flush();
    }

    private static void chart(PrintWriter w, PartitionRow p, List<PartitionTrack.Point> series) {
        String id = "chart-" + p.partition().topic() + "-" + p.partition().partition();
        w.println("<div class=\"chart\"><h3>" + esc(p.partition().toString()) + "</h3>");
        w.println("<svg id=\"" + esc(id) + "\" class=\"partition-chart\" width=\"" + W + "\" height=\"" + H
                + "\" viewBox=\"0 0 " + W + " " + H + "\" xmlns=\"http://www.w3.org/2000/svg\">");
        int plotW = W - LEFT - RIGHT;
        int plotH = H - TOP - BOTTOM;
        w.println("<rect x=\"" + LEFT + "\" y=\"" + TOP + "\" width=\"" + plotW + "\" height=\"" + plotH
                + "\" fill=\"#ffffff\" stroke=\"#d0d7de\"/>");
        if (series.isEmpty()) {
            w.println("<text x=\"" + (LEFT + 10) + "\" y=\"" + (TOP + plotH / 2) + "\">nothing processed yet</text></svg></div>");
            return;
        }
        long t0 = series.get(0).timeMs();
        long t1 = Math.max(series.get(series.size() - 1).timeMs(), t0 + 1);
        long y0 = p.firstOffset().orElse(0L);
        long y1 = Math.max(Math.max(p.logEnd(), series.get(series.size() - 1).offset()), y0 + 1);
        StringBuilder pts = new StringBuilder();
        for (PartitionTrack.Point pt : series) {
            pts.append(String.format(Locale.ROOT, "%.1f,%.1f ", x(pt.timeMs(), t0, t1, plotW), y(pt.offset(), y0, y1, plotH)));
        }
        double logEndY = y(p.logEnd(), y0, y1, plotH);
        double endY = y(series.get(series.size() - 1).offset(), y0, y1, plotH);
        double right = LEFT + plotW;
        // the lag: from the last processed offset up to the log end, at the right edge
        if (p.unprocessed() > 0) {
            w.println(String.format(Locale.ROOT, "<rect class=\"lag\" x=\"%.1f\" y=\"%.1f\" width=\"14\" height=\"%.1f\" "
                    + "fill=\"#ffcecb\" stroke=\"#cf222e\"/>", right - 14, logEndY, Math.max(1, endY - logEndY)));
        }
        w.println(String.format(Locale.ROOT, "<line class=\"log-end\" x1=\"%d\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" "
                + "stroke=\"#cf222e\" stroke-dasharray=\"5,4\"/>", LEFT, logEndY, right, logEndY));
        w.println("<polyline class=\"processed\" fill=\"none\" stroke=\"#0969da\" stroke-width=\"2.5\" points=\""
                + pts.toString().trim() + "\"/>");
        if (series.size() == 1) {
            w.println(String.format(Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"4\" fill=\"#0969da\"/>",
                    x(series.get(0).timeMs(), t0, t1, plotW), endY));
        }
        w.println("<text x=\"" + (LEFT - 6) + "\" y=\"" + (TOP + plotH) + "\" text-anchor=\"end\">" + y0 + "</text>");
        w.println("<text x=\"" + (LEFT - 6) + "\" y=\"" + (TOP + 10) + "\" text-anchor=\"end\">" + y1 + "</text>");
        w.println("<text x=\"" + LEFT + "\" y=\"" + (H - 10) + "\">" + Fmt.time(t0) + "</text>");
        w.println("<text x=\"" + (int) right + "\" y=\"" + (H - 10) + "\" text-anchor=\"end\">" + Fmt.time(t1) + "</text>");
        w.println(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\">log end %d</text>", right + 6, logEndY + 4,
                p.logEnd()));
        w.println(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\">%s</text>", right + 6,
                Math.min(TOP + plotH, logEndY + 18), p.unprocessed() == 0 ? "caught up"
                        : "lag " + p.unprocessed() + ", " + Fmt.age(p.lagTimeMs())));
        w.println("</svg></div>");
    }

    private static double x(long t, long t0, long t1, int plotW) {
        return LEFT + (double) (t - t0) / (t1 - t0) * plotW;
    }

    private static double y(long offset, long y0, long y1, int plotH) {
        return TOP + plotH - (double) (offset - y0) / (y1 - y0) * plotH;
    }

    private static String td(Object v) {
        return "<td>" + esc(String.valueOf(v)) + "</td>";
    }

    static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
