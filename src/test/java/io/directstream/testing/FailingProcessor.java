package io.directstream.testing;

import io.directstream.process.JsonArchiveProcessor;
import java.io.OutputStream;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * The default archiver, except that it throws on chosen records ({@code processor.fail.on=topic-partition@offset,...})
 * after writing some bytes for them (so a test sees that a failed record's partial output is discarded).
 */
public class FailingProcessor extends JsonArchiveProcessor {
    private final Set<String> failOn = new HashSet<>();

    @Override
    public void configure(Map<String, String> properties) {
        for (String s : properties.getOrDefault("fail.on", "").split(",")) {
            if (!s.isBlank()) {
                failOn.add(s.trim());
            }
        }
    }

    @Override
    public void process(ConsumerRecord<byte[], byte[]> record, OutputStream out) throws Exception {
        if (failOn.contains(record.topic() + "-" + record.partition() + "@" + record.offset())) {
            out.write("partial output that must not reach the object".getBytes());
            throw new IllegalArgumentException("cannot process this record");
        }
        super.process(record, out);
    }
}
