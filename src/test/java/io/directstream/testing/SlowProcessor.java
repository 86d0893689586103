package io.directstream.testing;

import io.directstream.process.JsonArchiveProcessor;
import java.io.OutputStream;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/** The default archiver, sleeping {@code processor.sleep.ms} per record: a run that lasts as long as a test needs. */
public class SlowProcessor extends JsonArchiveProcessor {
    private long sleepMs;

    @Override
    public void configure(Map<String, String> properties) {
        sleepMs = Long.parseLong(properties.getOrDefault("sleep.ms", "10"));
    }

    @Override
    public void process(ConsumerRecord<byte[], byte[]> record, OutputStream out) throws Exception {
        Thread.sleep(sleepMs);
        super.process(record, out);
    }
}
