package io.directstream.process;

import java.io.OutputStream;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/** The default processor: archives every record, untouched, as one JSON line ({@link RecordJson}). */
public class JsonArchiveProcessor implements RecordProcessor {
    private final RecordJson json = new RecordJson();

    @Override
    public void process(ConsumerRecord<byte[], byte[]> record, OutputStream out) throws Exception {
        json.write(record, out);
    }
}
