package io.directstream.audit;

import io.directstream.ledger.LedgerEntry;
import io.directstream.ledger.LedgerRange;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.common.TopicPartition;

/**
 * Runs an audit: one pass over the ledger's history ({@link LedgerAnalyzer}, bounded memory, objects checked on the
 * way in full mode), then Kafka's view of each partition (earliest, log end, the group's committed offset, the age of
 * the oldest unprocessed record, the window's offsets through offsetsForTimes), then the findings.
 */
public final class Auditor {
    private static final Comparator<TopicPartition> ORDER =
            Comparator.comparing(TopicPartition::topic).thenComparingInt(TopicPartition::partition);

    private Auditor() {
    }

    public static AuditReport run(AuditOptions o, Iterator<LedgerEntry> history, KafkaView kafka, ObjectChecker checker,
                                  Collection<String> topics, String ledgerLocation, String group) {
        Instant until = o.until();
        long sinceMs = o.since().map(Instant::toEpochMilli).orElse(Long.MIN_VALUE);
        LedgerAnalyzer a = new LedgerAnalyzer(sinceMs, until.toEpochMilli(), o.maxBatches(),
                o.objects() == AuditOptions.ObjectMode.SAMPLE ? o.sampleSize() : 0, o.seed);
        List<ObjectCheck> failures = new ArrayList<>();
        List<LedgerRange> failedRanges = new ArrayList<>();
        long checked = 0;
        while (history.hasNext()) {
            LedgerEntry e = history.next();
            a.accept(e);
            if (o.objects() == AuditOptions.ObjectMode.FULL && checker != null && e.type() == LedgerEntry.Type.BATCH) {
                for (LedgerRange r : e.ranges()) {
                    List<ObjectCheck> checks = checker.check(e.sequence(), r);
                    checked += checks.size();
                    for (ObjectCheck c : checks) {
                        if (!c.ok() && failures.size() < LedgerAnalyzer.MAX_LISTED) {
                            failures.add(c);
                            failedRanges.add(r);
                        }
                    }
                }
            }
        }
        // a later replay removed and rewrote those objects: not a failure
        for (int i = failures.size() - 1; i >= 0; i--) {
            if (a.superseded(failures.get(i).sequence(), failedRanges.get(i))) {
                failures.remove(i);
            }
        }
        if (o.objects() == AuditOptions.ObjectMode.SAMPLE && checker != null) {
            for (LedgerAnalyzer.SampledRange s : a.sample()) {
                checked += collect(checker.check(s.sequence, s.range), failures);
            }
        }

        Set<TopicPartition> all = new TreeSet<>(ORDER);
        all.addAll(a.tracks().keySet());
        if (!topics.isEmpty()) {
            all.addAll(kafka.partitionsOf(topics));
        }
        Map<TopicPartition, Long> earliest = kafka.earliest(all);
        Map<TopicPartition, Long> logEnd = kafka.logEnd(all);
        Map<TopicPartition, Long> committed = kafka.committed(all);
        Map<TopicPartition, Long> windowFrom = o.since().isPresent() ? kafka.offsetsForTime(all, sinceMs) : Map.of();
        Map<TopicPartition, Long> windowUntil = o.since().isPresent() ? kafka.offsetsForTime(all, until.toEpochMilli()) : Map.of();

        List<PartitionRow> rows = new ArrayList<>();
        Map<TopicPartition, List<PartitionTrack.Point>> series = new LinkedHashMap<>();
        long now = System.currentTimeMillis();
        for (TopicPartition tp : all) {
            PartitionTrack t = a.tracks().get(tp);
            long first = earliest.getOrDefault(tp, 0L);
            long end = logEnd.getOrDefault(tp, 0L);
            long resumeAt = t == null || !t.known() ? first : Math.max(t.end(), first);
            Long lagTime = null;
            if (end > resumeAt) {
                lagTime = kafka.timestampAt(tp, resumeAt).map(ts -> Math.max(0, now - ts)).orElse(null);
            }
            rows.add(new PartitionRow(tp, t, committed.get(tp), first, end, lagTime, windowFrom.get(tp), windowUntil.get(tp)));
            if (t != null) {
                series.put(tp, t.series());
            }
        }
        List<Gap> gaps = settleCauses(a.gaps(), earliest);
        AuditReport report = new AuditReport(now, ledgerLocation, group, o.since().map(Instant::toEpochMilli).orElse(null),
                until.toEpochMilli(), rows, a, gaps, o.objects().name().toLowerCase(), checked, failures, series);
        findings(report, a);
        return report;
    }

    private static long collect(List<ObjectCheck> checks, List<ObjectCheck> failures) {
        for (ObjectCheck c : checks) {
            if (!c.ok() && failures.size() < LedgerAnalyzer.MAX_LISTED) {
                failures.add(c);
            }
        }
        return checks.size();
    }

    /** An unexplained gap entirely below the earliest offset Kafka still has was deleted by retention. */
    private static List<Gap> settleCauses(List<Gap> gaps, Map<TopicPartition, Long> earliest) {
        List<Gap> out = new ArrayList<>();
        for (Gap g : gaps) {
            if (g.cause() == Gap.Cause.UNEXPLAINED && g.until() <= earliest.getOrDefault(g.partition(), 0L)) {
                out.add(g.withCause(Gap.Cause.RETENTION));
            } else {
                out.add(g);
            }
        }
        return out;
    }

    private static void findings(AuditReport r, LedgerAnalyzer a) {
        List<Finding> f = r.findings;
        for (Gap g : r.gaps) {
            f.add(new Finding(Finding.Severity.ERROR, "gap", g.partition() + " offsets " + g.from() + " to "
                    + (g.until() - 1) + " (" + g.size() + ") not processed: " + g.cause().description()
                    + " (ledger entry " + g.atSequence() + ")"));
        }
        if (a.gapCount() > r.gaps.size()) {
            f.add(new Finding(Finding.Severity.ERROR, "gap", (a.gapCount() - r.gaps.size()) + " more gaps not listed"));
        }
        for (Overlap o : a.overlaps()) {
            f.add(new Finding(Finding.Severity.ERROR, "overlap", o.partition() + " offsets " + o.from() + " to "
                    + (o.until() - 1) + " covered by more than one batch: ledger entries " + o.sequences()));
        }
        for (String p : a.ledgerProblems()) {
            f.add(new Finding(Finding.Severity.ERROR, "ledger", p));
        }
        for (ObjectCheck c : r.objectFailures) {
            f.add(new Finding(Finding.Severity.ERROR, "object", c.problem()));
        }
        for (PartitionRow p : r.partitions) {
            if (p.currentOffset().isPresent() && p.ledgerEnd().isPresent() && p.currentOffset().get() > p.ledgerEnd().get()) {
                f.add(new Finding(Finding.Severity.ERROR, "committed-beyond-ledger", p.partition() + ": the group's "
                        + "committed offset " + p.currentOffset().get() + " is beyond the ledger's end "
                        + p.ledgerEnd().get() + ": Kafka counts offsets as done that no batch recorded"));
            }
            if (p.uncommittedBatches() > 1) {
                f.add(new Finding(Finding.Severity.WARNING, "commit", p.partition() + ": the committed offset lags the "
                        + "ledger by " + p.uncommittedBatches() + " batches (normal: up to one while the job runs; the "
                        + "ledger, not the commit, is what a restart uses)"));
            }
            if (p.offsetsWithoutRecords() > 0) {
                f.add(new Finding(Finding.Severity.NOTE, "gap", p.partition() + ": " + p.offsetsWithoutRecords() + " "
                        + Gap.Cause.COMPACTION.description()));
            }
        }
        for (String replay : a.replays()) {
            f.add(new Finding(Finding.Severity.NOTE, "replay", replay + ": an explicit start re-read them "
                    + "(source.replay=true); their earlier objects were replaced"));
        }
        for (CommitFailure c : a.commitFailures()) {
            f.add(new Finding(Finding.Severity.WARNING, "commit", "the Kafka commit of batch " + c.sequence()
                    + " failed at " + Instant.ofEpochMilli(c.atMs()) + ": " + c.error()));
        }
    }
}
