package io.directstream.job;

import org.apache.spark.streaming.scheduler.BatchInfo;
import org.apache.spark.streaming.scheduler.StreamingListener;
import org.apache.spark.streaming.scheduler.StreamingListenerBatchCompleted;

/** Spark's own view of each batch's delays (Spark Streaming's listener), for {@link JobMetrics}. */
final class DelayListener implements StreamingListener {
    @Override
    public void onBatchCompleted(StreamingListenerBatchCompleted completed) {
        BatchInfo info = completed.batchInfo();
        JobMetrics m = JobMetrics.get();
        m.schedulingDelayMs.set(value(info.schedulingDelay()));
        m.processingDelayMs.set(value(info.processingDelay()));
        m.totalDelayMs.set(value(info.totalDelay()));
    }

    private static long value(scala.Option<Object> o) {
        return o.isDefined() ? ((Number) o.get()).longValue() : 0L;
    }
}
