package io.directstream.audit;

import io.directstream.ledger.LedgerEntry;
import java.time.Instant;
import java.util.Iterator;
import java.util.List;

/** Entry points to run an audit from other code (the benchmark) with default options. */
public final class AuditRun {
    private AuditRun() {
    }

    /** The whole history, no object check, no window. */
    public static AuditReport ledgerOnly(Iterator<LedgerEntry> history, KafkaView kafka, String location, String group) {
        AuditOptions o = new AuditOptions();
        o.until = Instant.now();
        o.objects = AuditOptions.ObjectMode.NONE;
        return Auditor.run(o, history, kafka, null, List.of(), location, group);
    }
}
