package io.directstream.audit;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;

/** Everything the audit found, ready to render in any format. */
public final class AuditReport {
    /** Version of the JSON form; bumped only for incompatible changes. */
    public static final int SCHEMA_VERSION = 1;

    final long generatedAtMs;
    final String ledgerLocation;
    final String group;
    final Long sinceMs;
    final long untilMs;
    final List<PartitionRow> partitions;
    final LedgerAnalyzer analysis;
    final List<Gap> gaps;
    final String objectMode;
    final long objectsChecked;
    final List<ObjectCheck> objectFailures;
    final Map<TopicPartition, List<PartitionTrack.Point>> series;
    final List<Finding> findings = new ArrayList<>();

    AuditReport(long generatedAtMs, String ledgerLocation, String group, Long sinceMs, long untilMs,
                List<PartitionRow> partitions, LedgerAnalyzer analysis, List<Gap> gaps, String objectMode,
                long objectsChecked, List<ObjectCheck> objectFailures, Map<TopicPartition, List<PartitionTrack.Point>> series) {
        this.generatedAtMs = generatedAtMs;
        this.ledgerLocation = ledgerLocation;
        this.group = group;
        this.sinceMs = sinceMs;
        this.untilMs = untilMs;
        this.partitions = partitions;
        this.analysis = analysis;
        this.gaps = gaps;
        this.objectMode = objectMode;
        this.objectsChecked = objectsChecked;
        this.objectFailures = objectFailures;
        this.series = series;
    }

    public List<PartitionRow> partitions() {
        return Collections.unmodifiableList(partitions);
    }

    /** Gaps with their settled causes. */
    public List<Gap> gaps() {
        return Collections.unmodifiableList(gaps);
    }

    public List<Overlap> overlaps() {
        return analysis.overlaps();
    }

    public List<CommitFailure> commitFailures() {
        return analysis.commitFailures();
    }

    public List<BatchRow> batches() {
        return analysis.window();
    }

    public long objectsChecked() {
        return objectsChecked;
    }

    public List<ObjectCheck> objectFailures() {
        return Collections.unmodifiableList(objectFailures);
    }

    public List<Finding> findings() {
        return Collections.unmodifiableList(findings);
    }

    public long errors() {
        return findings.stream().filter(f -> f.severity() == Finding.Severity.ERROR).count();
    }

    /** 0 when clean, 1 when gaps, overlaps or failed checks were found. */
    public int exitCode() {
        return errors() == 0 ? 0 : 1;
    }

    public long entries() {
        return analysis.entries();
    }
}
