package io.directstream.job;

import io.directstream.ledger.LedgerState;
import io.directstream.ledger.LedgerWriter;
import io.directstream.ledger.OutputLease;
import io.directstream.source.PartitionStart;
import java.util.List;

/**
 * What the start-up decided: the lease held, the ledger and its writer, where each partition starts, and whether an
 * explicit start is in force (the stream then assigns the partitions instead of subscribing).
 */
record StartPlan(OutputLease lease, LedgerWriter ledger, List<PartitionStart> starts, boolean explicitStart) {
    LedgerState state() {
        return ledger.state();
    }
}
