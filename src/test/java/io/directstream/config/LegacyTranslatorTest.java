package io.directstream.config;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import io.directstream.source.StartingPosition;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.Test;

/** A Spark 1.6 pipeline's configuration, key by key. */
public class LegacyTranslatorTest {
    private static LegacyTranslator.Result translate(String... kv) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return LegacyTranslator.translate(m);
    }

    private static void translates(String oldKey, String oldValue, String newKey, String newValue) {
        LegacyTranslator.Result r = translate(oldKey, oldValue);
        assertEquals(oldKey, Map.of(newKey, newValue), r.properties());
        assertEquals(List.of("legacy key " + oldKey + "=" + oldValue + " translated to " + newKey + "=" + newValue),
                r.warnings());
    }

    private static void ignored(String oldKey, String because) {
        LegacyTranslator.Result r = translate(oldKey, "1");
        assertTrue(oldKey, r.properties().isEmpty());
        assertEquals(1, r.warnings().size());
        assertTrue(r.warnings().get(0), r.warnings().get(0).startsWith("legacy key " + oldKey + "=1 ignored: "));
        assertTrue(r.warnings().get(0), r.warnings().get(0).contains(because));
    }

    @Test
    public void eachLegacyKeyIsTranslated() {
        translates("metadata.broker.list", "b1:9092,b2:9092", "kafka.bootstrap.servers", "b1:9092,b2:9092");
        translates("kafka.metadata.broker.list", "b1:9092", "kafka.bootstrap.servers", "b1:9092");
        translates("bootstrap.servers", "b1:9092", "kafka.bootstrap.servers", "b1:9092");
        translates("group.id", "orders", "kafka.group.id", "orders");
        translates("auto.offset.reset", "smallest", "source.starting.position", "earliest");
        translates("auto.offset.reset", "largest", "source.starting.position", "latest");
        translates("kafka.auto.offset.reset", "smallest", "source.starting.position", "earliest");
        translates("topics", "orders,payments", "source.topics", "orders,payments");
        translates("topic", "orders", "source.topics", "orders");
        translates("fetch.message.max.bytes", "2097152", "kafka.max.partition.fetch.bytes", "2097152");
        translates("kafka.fetch.message.max.bytes", "2097152", "kafka.max.partition.fetch.bytes", "2097152");
        translates("socket.receive.buffer.bytes", "65536", "kafka.receive.buffer.bytes", "65536");
        translates("socket.timeout.ms", "30000", "kafka.request.timeout.ms", "30000");
        translates("fetch.wait.max.ms", "100", "kafka.fetch.max.wait.ms", "100");
        translates("fetch.min.bytes", "1", "kafka.fetch.min.bytes", "1");
        translates("client.id", "legacy", "kafka.client.id", "legacy");
    }

    @Test
    public void keysWithoutMeaningAreIgnoredWithWhy() {
        ignored("zookeeper.connect", "bin/migrate-offsets --zookeeper");
        ignored("kafka.zookeeper.connect", "does not use ZooKeeper");
        ignored("zookeeper.session.timeout.ms", "does not use ZooKeeper");
        ignored("zookeeper.connection.timeout.ms", "does not use ZooKeeper");
        ignored("refresh.leader.backoff.ms", "follows leaders itself");
        ignored("spark.streaming.kafka.maxRetries", "retries by itself");
        ignored("auto.commit.enable", "commits offsets itself");
        ignored("auto.commit.interval.ms", "commits offsets itself");
        ignored("offsets.storage", "ledger");
        ignored("dual.commit.enabled", "ledger");
        ignored("consumer.timeout.ms", "high-level consumer");
        ignored("rebalance.max.retries", "high-level consumer");
    }

    @Test
    public void currentKeysPassUntouched() {
        LegacyTranslator.Result r = translate("kafka.bootstrap.servers", "b:9092", "kafka.group.id", "g",
                "kafka.auto.offset.reset", "earliest", "spark.streaming.kafka.maxRatePerPartition", "100");
        assertTrue(r.warnings().isEmpty());
        assertEquals(4, r.properties().size());
    }

    @Test
    public void aKeyGivenBothWaysMustAgree() {
        assertTrue(translate("metadata.broker.list", "b:9092", "kafka.bootstrap.servers", "b:9092").problems().isEmpty());
        LegacyTranslator.Result r = translate("kafka.bootstrap.servers", "new:9092", "metadata.broker.list", "old:9092");
        assertEquals(1, r.problems().size());
        assertTrue(r.problems().get(0), r.problems().get(0).contains("kafka.bootstrap.servers=new:9092")
                && r.problems().get(0).contains("metadata.broker.list=old:9092"));
    }

    @Test
    public void aSpark16PropertiesFileRunsAfterTranslation() throws Exception {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("metadata.broker.list", "127.0.0.1:9092");
        m.put("group.id", "orders-archive");
        m.put("auto.offset.reset", "smallest");
        m.put("topics", "orders");
        m.put("zookeeper.connect", "127.0.0.1:2181");
        m.put("refresh.leader.backoff.ms", "200");
        m.put("output.location", "s3://bucket/archive");
        JobConfig c = ConfigLoader.fromMap(m);
        assertEquals("127.0.0.1:9092", c.bootstrapServers());
        assertEquals("orders-archive", c.groupId());
        assertEquals(StartingPosition.earliest(), c.startingPosition());
        assertEquals(List.of("orders"), c.topics());
        assertEquals(6, c.legacyWarnings().size());

        m.put("kafka.group.id", "another");
        InvalidConfigException e = assertThrows(InvalidConfigException.class, () -> ConfigLoader.fromMap(m));
        assertTrue(e.getMessage(), e.getMessage().startsWith("Conflicting configuration"));
    }
}
