package io.directstream.guarantee;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import io.directstream.cli.ExitCodes;
import io.directstream.config.InvalidConfigException;
import io.directstream.config.JobConfig;
import io.directstream.job.DirectStreamJob;
import io.directstream.job.JobResult;
import io.directstream.ledger.LedgerEntry;
import io.directstream.ledger.LedgerStore;
import io.directstream.local.SampleProducer;
import io.directstream.source.SourceUnavailableException;
import io.directstream.testing.Jobs;
import io.directstream.testing.LogLines;
import io.directstream.testing.SharedServices;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.Test;

/** Explicit starting positions on the streaming job: replays recorded and exactly once, timestamps resolved per partition. */
public class ReplayIT {
    @Test
    public void aReplayNeedsTheFlagIsRecordedAndKeepsTheArchiveExactlyOnce() throws Exception {
        String topic = SharedServices.unique("replay");
        SharedServices.kafka().createTopic(topic, 2);
        SampleProducer.produce(SharedServices.kafka().bootstrapServers(), List.of(topic), 0, 2000);
        Map<String, String> props = SharedServices.jobConfig(topic, SharedServices.unique("group"), topic);
        props.put("stream.max.rate.per.partition", "250");
        JobConfig config = Jobs.config(props);
        assertEquals(ExitCodes.OK, Jobs.run(props).exitCode());
        TopicPartition p0 = new TopicPartition(topic, 0);
        long end0 = Jobs.ledger(config).endOffset(p0).get();

        Map<String, String> replay = new HashMap<>(props);
        replay.put("source.starting.offsets", "{\"" + topic + "\":{\"0\":" + 300 + ",\"1\":-1}}");
        InvalidConfigException refused = assertThrows(InvalidConfigException.class,
                () -> new DirectStreamJob(Jobs.config(replay)).run());
        assertTrue(refused.getMessage(), refused.getMessage().contains("set source.replay=true"));
        assertTrue(refused.getMessage(), refused.getMessage().contains(p0 + ": start 300 (offset), the ledger ends at " + end0
                + " (would re-read " + (end0 - 300) + " offsets)"));

        replay.put("source.replay", "true");
        JobResult r;
        try (LogLines log = LogLines.of(Class.forName("io.directstream.job.JobStartup"))) {
            r = Jobs.run(replay);
            String lines = String.join("\n", log.lines());
            assertTrue(lines, lines.contains("INFO Replay of " + p0 + " from offset 250: removed "));
            assertFalse("the objects a replay replaces are not called leftovers of a crash:\n" + lines,
                    lines.contains("did not reach the ledger"));
        }
        assertEquals(ExitCodes.OK, r.exitCode());
        assertTrue("re-read from the start of the batch holding offset 300 (batches of 250): " + r.stats().records(),
                r.stats().records() == end0 - 250);
        List<LedgerEntry> all = Jobs.entries(config);
        LedgerEntry rep = all.stream().filter(e -> e.type() == LedgerEntry.Type.REPLAY).findFirst().get();
        assertEquals(250, rep.ranges().get(0).fromOffset());
        assertEquals(end0, rep.ranges().get(0).untilOffset());
        LedgerEntry seed = all.stream().filter(e -> e.type() == LedgerEntry.Type.SEED && e.start().isPresent())
                .findFirst().get();
        assertEquals("the applied start is recorded as data", Jobs.config(replay).startSpec(),
                io.directstream.source.StartSpec.fromJson(seed.start().get()));
        Jobs.assertGuarantee(config, Jobs.partitions(List.of(topic)), Map.of());

        // the same start written in another order is the same start: compared as a value, not as text
        replay.put("source.starting.offsets", "{\"" + topic + "\":{\"1\":-1,\"0\":" + 300 + "}}");
        JobResult again = Jobs.run(replay);
        assertEquals("a restart with the same explicit start resumes from the ledger", 0, again.stats().records());
    }

    @Test
    public void timestampStartsAcrossPartitionsWithDifferentRates() throws Exception {
        String topic = SharedServices.unique("ts");
        SharedServices.kafka().createTopic(topic, 3);
        // recent times: records older than the broker's retention (7 days) would be deleted under the test's feet
        long t0 = (System.currentTimeMillis() / 1000) * 1000 - 300_000;
        try (KafkaProducer<byte[], byte[]> p = new KafkaProducer<>(
                io.directstream.local.SampleProducer.reliable(SharedServices.kafka().bootstrapServers()),
                new ByteArraySerializer(), new ByteArraySerializer())) {
            java.util.List<java.util.concurrent.Future<?>> sent = new java.util.ArrayList<>();
            for (int i = 0; i < 100; i++) {       // partition 0: one record a second for 100 s
                sent.add(p.send(new ProducerRecord<>(topic, 0, t0 + i * 1000L, null, ("p0-" + i).getBytes())));
            }
            for (int i = 0; i < 10; i++) {        // partition 1: one record every 10 s
                sent.add(p.send(new ProducerRecord<>(topic, 1, t0 + i * 10_000L, null, ("p1-" + i).getBytes())));
            }
            for (int i = 0; i < 5; i++) {         // partition 2: five records, all before the start time
                sent.add(p.send(new ProducerRecord<>(topic, 2, t0 + i * 1000L, null, ("p2-" + i).getBytes())));
            }
            p.flush();
            io.directstream.local.SampleProducer.awaitAll(sent);
        }
        Map<String, String> props = SharedServices.jobConfig(topic, SharedServices.unique("group"), topic);
        props.put("source.starting.timestamp", String.valueOf(t0 + 45_000));
        SourceUnavailableException e = assertThrows(SourceUnavailableException.class,
                () -> new DirectStreamJob(Jobs.config(props)).run());
        assertTrue(e.getMessage(), e.getMessage().contains(topic + "-2: no record at or after "
                + java.time.Instant.ofEpochMilli(t0 + 45_000) + " (log end 5)"));

        props.put("source.starting.timestamp.strategy", "latest");
        JobResult r = Jobs.run(props);
        assertEquals(ExitCodes.OK, r.exitCode());
        assertEquals(Long.valueOf(100), r.ledger().endOffset(new TopicPartition(topic, 0)).get());
        assertEquals("p0 from offset 45 (t0+45 s): 55 records, p1 from offset 5 (t0+50 s): 5 records", 60,
                r.stats().records());
        JobConfig config = Jobs.config(props);
        Map<TopicPartition, Long> starts = Map.of(new TopicPartition(topic, 0), 45L, new TopicPartition(topic, 1), 5L,
                new TopicPartition(topic, 2), 5L);
        Jobs.assertGuarantee(config, Jobs.partitions(List.of(topic)), starts, starts);
    }
}
