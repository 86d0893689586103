package io.directstream.local;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import io.directstream.testing.SharedServices;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.TopicPartition;
import org.junit.Test;

/** bin/local-services: services that outlive the command, keep their data and address across stop and start. */
public class LocalServicesIT {
    @Test
    public void startStatusStopAndStartAgainWithTheSameDataAndAddress() throws Exception {
        Path dir = SharedServices.work().resolve(SharedServices.unique("services"));
        String[] d = {"--dir", dir.toString()};
        try {
            Object[] started = io.directstream.testing.Capture.stdout(() -> LocalServices.run(new String[] {"start", d[0], d[1]}));
            assertEquals(0, started[0]);
            assertTrue((String) started[1], ((String) started[1]).startsWith("started; job settings for these services:"));
            assertEquals(0, LocalServices.run(new String[] {"status", d[0], d[1]}));
            Object[] help = io.directstream.testing.Capture.stdout(() -> LocalServices.run(new String[] {"--help"}));
            assertEquals(0, help[0]);
            assertTrue((String) help[1], ((String) help[1]).contains("mvn clean deletes it"));
            Properties state = LocalServices.read(dir);
            String bootstrap = state.getProperty("kafka.bootstrap.servers");
            long kafkaPid = Long.parseLong(state.getProperty("kafka.pid"));
            assertTrue(ProcessHandle.of(kafkaPid).isPresent());
            SampleProducer.produce(bootstrap, List.of("kept"), 0, 10);

            assertEquals(0, LocalServices.run(new String[] {"stop", d[0], d[1]}));
            assertFalse(ProcessHandle.of(kafkaPid).map(ProcessHandle::isAlive).orElse(false));
            assertEquals(1, LocalServices.run(new String[] {"status", d[0], d[1]}));

            assertEquals(0, LocalServices.run(new String[] {"start", d[0], d[1]}));
            assertEquals(bootstrap, LocalServices.read(dir).getProperty("kafka.bootstrap.servers"));
            try (Admin a = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
                TopicPartition tp = new TopicPartition("kept", 0);
                long end = a.listOffsets(Map.of(tp, org.apache.kafka.clients.admin.OffsetSpec.latest()))
                        .all().get(30, TimeUnit.SECONDS).get(tp).offset();
                assertEquals("records survive a stop and start", 10, end);
            }
        } finally {
            LocalServices.run(new String[] {"stop", d[0], d[1]});
        }
    }
}
