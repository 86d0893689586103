package io.directstream.job;

import java.io.Serializable;
import java.util.Map;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.consumer.OffsetCommitCallback;
import org.apache.kafka.common.TopicPartition;

/**
 * The callback handed to {@code commitAsync}. The direct stream keeps it, and a checkpoint serializes the stream, so it
 * holds nothing: it hands each outcome to the running job's {@link CommitTracker}.
 */
final class CommitCallback implements OffsetCommitCallback, Serializable {
    private static final long serialVersionUID = 1L;

    @Override
    public void onComplete(Map<TopicPartition, OffsetAndMetadata> offsets, Exception exception) {
        BatchLifecycle.current().commits().onComplete(offsets, exception);
    }
}
