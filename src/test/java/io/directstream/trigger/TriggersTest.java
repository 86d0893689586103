package io.directstream.trigger;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import io.directstream.config.ConfigLoader;
import io.directstream.config.InvalidConfigException;
import io.directstream.config.JobConfig;
import io.directstream.job.DirectStreamJob;
import io.directstream.testing.CoordinatesTrigger;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.Test;

/** The start-up checks of the trigger settings: refused before Spark starts, naming the key, the value and the fix. */
public class TriggersTest {
    private static Map<String, String> props(String... kv) {
        Map<String, String> p = new HashMap<>(Map.of("kafka.bootstrap.servers", "127.0.0.1:1", "kafka.group.id", "g",
                "source.topics", "t", "output.location", "s3://bucket/p", "spark.master", "local[1]"));
        for (int i = 0; i < kv.length; i += 2) {
            p.put(kv[i], kv[i + 1]);
        }
        return p;
    }

    private static String refusal(Map<String, String> props) throws Exception {
        JobConfig config = ConfigLoader.fromMap(props);
        InvalidConfigException e = assertThrows(InvalidConfigException.class, () -> new DirectStreamJob(config).run());
        return String.join("\n", e.problems());
    }

    @Test
    public void aTriggerThatNeedsTheSparkSessionIsRefusedInExecutorModeNamingTheModeToUse() throws Exception {
        String p = refusal(props("trigger.class", DataFrameTrigger.class.getName(), "trigger.mode", "executor"));
        assertTrue(p, p.contains("Invalid value executor for configuration trigger.mode"));
        assertTrue(p, p.contains("SparkSession"));
        assertTrue(p, p.contains("Use trigger.mode=driver, or trigger.mode=chunked with trigger.chunk.on=driver"));

        String c = refusal(props("trigger.class", DataFrameTrigger.class.getName(), "trigger.mode", "chunked"));
        assertTrue(c, c.contains("Invalid value executor for configuration trigger.chunk.on"));
    }

    @Test
    public void aClassThatIsNotATriggerOrDoesNotExistIsRefused() throws Exception {
        String missing = refusal(props("trigger.class", "com.example.Nope"));
        assertTrue(missing, missing.contains("Invalid value com.example.Nope for configuration trigger.class: class not found"));
        String notOne = refusal(props("trigger.class", String.class.getName()));
        assertTrue(notOne, notOne.contains("does not implement " + Trigger.class.getName()));
    }

    @Test
    public void triggerSettingsAreReadWithTheirPrefixAndAModeOutsideTheListIsRefusedByName() throws Exception {
        JobConfig config = ConfigLoader.fromMap(props("trigger.class", CoordinatesTrigger.class.getName(),
                "trigger.mode", "chunked", "trigger.chunk.size", "7", "trigger.conf.sleep.ms", "3"));
        assertEquals("chunked-executor", config.triggers().get().label());
        assertEquals(7, config.triggers().get().unitSize());
        assertEquals(Map.of("sleep.ms", "3"), config.triggers().get().properties());
        Triggers.check(config.triggers().get());

        InvalidConfigException e = assertThrows(InvalidConfigException.class,
                () -> ConfigLoader.fromMap(props("trigger.class", CoordinatesTrigger.class.getName(), "trigger.mode", "cluster")));
        String p = String.join("\n", e.problems());
        assertTrue(p, p.contains("trigger.mode") && p.contains("cluster") && p.contains("executor, driver, chunked"));
    }
}
