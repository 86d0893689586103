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

    /**
     * {@link RecordJson} builds the whole line, then writes it once. Only for this class itself: a subclass that
     * overrides {@code process} says so for its own code.
     */
    @Override
    public boolean writesEachRecordAtOnce() {
        return getClass() == JsonArchiveProcessor.class;
    }
}
