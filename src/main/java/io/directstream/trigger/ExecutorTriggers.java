package io.directstream.trigger;

import io.directstream.storage.S3Location;
import io.directstream.process.TriggerSettings;
import io.directstream.ledger.TriggerCounts;
import io.directstream.sink.OrphanSweeper;
import io.directstream.sink.S3Clients;
import io.directstream.sink.S3Settings;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;

/**
 * The trigger in a partition's task on an executor (executor mode, chunked on the executors). It sits on the records'
 * way to the archive: each record is handed to the trigger (or to the chunk being filled) as the archive reads it, so
 * the partition is read from Kafka once. A unit that fails throws out of the iteration, which fails the task and so
 * the batch. When the iteration ends, the last chunk is run before the archive sees the end.
 */
public final class ExecutorTriggers implements Iterator<ConsumerRecord<byte[], byte[]>>, AutoCloseable {
    private final Iterator<ConsumerRecord<byte[], byte[]>> records;
    private final Trigger trigger;
    private final TriggerContext context;
    private final UnitRunner runner;
    private final int unitSize;
    private final List<TriggerMessage> chunk = new ArrayList<>();
    private boolean opened;

    private ExecutorTriggers(TriggerSettings settings, TriggerOutputs outputs, long batchTimeMs,
                             Iterator<ConsumerRecord<byte[], byte[]>> records) {
        this.records = records;
        this.trigger = Triggers.create(settings);
        this.context = new TriggerContext(TriggerSettings.Where.EXECUTOR, null, outputs, settings.properties(),
                batchTimeMs);
        this.runner = new UnitRunner(settings, outputs);
        this.unitSize = settings.unitSize();
    }

    /**
     * The records of partition {@code tp}, range [from, until), passed through the trigger. A retried attempt
     * ({@code afterEarlierAttempt}) first removes the trigger objects an earlier attempt left in the range.
     */
    public static ExecutorTriggers around(TriggerSettings settings, S3Settings s3, S3Location output, TopicPartition tp,
                                          long from, long until, long batchTimeMs, boolean afterEarlierAttempt,
                                          Iterator<ConsumerRecord<byte[], byte[]>> records) {
        TriggerOutputs outputs = new TriggerOutputs(S3Clients.shared(s3), output);
        if (afterEarlierAttempt) {
            new OrphanSweeper(S3Clients.shared(s3), output).sweepTriggers(tp, from, until);
        }
        return new ExecutorTriggers(settings, outputs, batchTimeMs, records);
    }

    @Override
    public boolean hasNext() {
        if (records.hasNext()) {
            return true;
        }
        if (!chunk.isEmpty()) {
            runChunk();
        }
        return false;
    }

    @Override
    public ConsumerRecord<byte[], byte[]> next() {
        if (!records.hasNext()) {
            throw new NoSuchElementException();
        }
        ConsumerRecord<byte[], byte[]> r = records.next();
        if (!opened) {
            open();
        }
        chunk.add(TriggerMessage.of(r));
        if (chunk.size() >= unitSize) {
            runChunk();
        }
        return r;
    }

    private void open() {
        opened = true;
        try {
            trigger.open(context);
        } catch (Exception e) {
            throw new TriggerFailedException("trigger " + trigger.getClass().getName() + " could not open: " + e, e);
        }
    }

    private void runChunk() {
        List<TriggerMessage> unit = List.copyOf(chunk);
        chunk.clear();
        runner.run(trigger, context, unit);
    }

    /** What the trigger did in this task. */
    public TriggerCounts counts() {
        return runner.counts(0);
    }

    @Override
    public void close() throws Exception {
        if (opened) {
            trigger.close();
        }
    }
}
