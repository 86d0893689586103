package io.directstream.job;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import io.directstream.config.ConfigLoader;
import io.directstream.config.JobConfig;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.Test;

/** The settings a checkpoint freezes, and the report of what changed since it was written. */
public class CheckpointSettingsTest {
    private static Map<String, String> props() {
        Map<String, String> p = new HashMap<>();
        p.put("kafka.bootstrap.servers", "127.0.0.1:9092");
        p.put("kafka.group.id", "g");
        p.put("source.topics", "orders");
        p.put("output.location", "s3://bucket/out");
        p.put("kafka.sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule required password=\"pw1\";");
        return p;
    }

    private static String settings(Map<String, String> p) throws Exception {
        JobConfig c = ConfigLoader.fromMap(p);
        return CheckpointSettings.of(c);
    }

    @Test
    public void theSameConfigurationHasNoChanges() throws Exception {
        assertEquals(List.of(), CheckpointSettings.changes(settings(props()), settings(props())));
    }

    @Test
    public void changedTopicsGroupAndSecretsAreNamedAndNoSecretIsShown() throws Exception {
        Map<String, String> p = props();
        p.put("source.topics", "orders,payments");
        p.put("kafka.group.id", "g2");
        p.put("kafka.sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule required password=\"pw2\";");
        p.put("job.name", "not frozen by a checkpoint");
        String then = settings(props());
        List<String> changes = CheckpointSettings.changes(then, settings(p));
        assertEquals(changes.toString(), 3, changes.size());
        assertTrue(changes.contains("kafka.group.id g -> g2"));
        assertTrue(changes.contains("source.topics orders -> orders,payments"));
        assertTrue(changes.contains("kafka.sasl.jaas.config changed"));
        assertFalse(then, then.contains("pw1"));
    }
}
