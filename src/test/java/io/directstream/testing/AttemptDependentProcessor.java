package io.directstream.testing;

import io.directstream.process.JsonArchiveProcessor;
import java.io.OutputStream;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.spark.TaskContext;

/**
 * The default archiver, but whether a record is dead-lettered depends on the task attempt, as it does with a transient
 * error: {@code processor.dead.letter.on=first-attempt} rejects every tenth record (offset % 10 == 0) on a task's
 * first attempt only; {@code retry} rejects every record on any later attempt (so a retry writes no data object at
 * all). Used with {@code task-fails-after-objects} to check that a retried attempt leaves no object behind.
 */
public class AttemptDependentProcessor extends JsonArchiveProcessor {
    private String mode = "first-attempt";

    @Override
    public void configure(Map<String, String> properties) {
        mode = properties.getOrDefault("dead.letter.on", mode);
    }

    @Override
    public void process(ConsumerRecord<byte[], byte[]> record, OutputStream out) throws Exception {
        boolean retry = TaskContext.get() != null && TaskContext.get().attemptNumber() > 0;
        boolean reject = mode.equals("first-attempt") ? !retry && record.offset() % 10 == 0 : retry;
        if (reject) {
            throw new IllegalStateException("transient failure on attempt " + TaskContext.get().attemptNumber());
        }
        super.process(record, out);
    }
}
