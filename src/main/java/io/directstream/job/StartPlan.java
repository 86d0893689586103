package io.directstream.job;

import io.directstream.ledger.LedgerEntry;
import io.directstream.ledger.LedgerState;
import io.directstream.ledger.LedgerStore;
import io.directstream.ledger.OutputLease;
import io.directstream.source.PartitionStart;
import java.util.List;

/** What the start-up decided: the lease held, the ledger as loaded, where each partition starts. */
final class StartPlan {
    final OutputLease lease;
    final LedgerStore ledger;
    final LedgerState state;
    final List<PartitionStart> starts;
    /** Entries after the last snapshot: the next ledger segment begins with them. */
    final List<LedgerEntry> sinceSnapshot;
    /** True when an explicit start is in force: the stream assigns the partitions instead of subscribing. */
    final boolean explicitStart;

    StartPlan(OutputLease lease, LedgerStore ledger, LedgerState state, List<PartitionStart> starts,
              List<LedgerEntry> sinceSnapshot, boolean explicitStart) {
        this.lease = lease;
        this.ledger = ledger;
        this.state = state;
        this.starts = starts;
        this.sinceSnapshot = sinceSnapshot;
        this.explicitStart = explicitStart;
    }
}
