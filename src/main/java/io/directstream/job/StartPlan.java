package io.directstream.job;

import io.directstream.ledger.LedgerState;
import io.directstream.ledger.LedgerWriter;
import io.directstream.ledger.OutputLease;
import io.directstream.source.PartitionStart;
import java.util.List;

/** What the start-up decided: the lease held, the ledger and its writer, where each partition starts. */
final class StartPlan {
    final OutputLease lease;
    final LedgerWriter ledger;
    final List<PartitionStart> starts;
    /** True when an explicit start is in force: the stream assigns the partitions instead of subscribing. */
    final boolean explicitStart;

    StartPlan(OutputLease lease, LedgerWriter ledger, List<PartitionStart> starts, boolean explicitStart) {
        this.lease = lease;
        this.ledger = ledger;
        this.starts = starts;
        this.explicitStart = explicitStart;
    }

    LedgerState state() {
        return ledger.state();
    }
}
