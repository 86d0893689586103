package io.directstream.guarantee;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import io.directstream.cli.ExitCodes;
import io.directstream.config.JobConfig;
import io.directstream.local.SampleProducer;
import io.directstream.testing.JobProcess;
import io.directstream.testing.Jobs;
import io.directstream.testing.SharedServices;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.Test;

/**
 * Metadata checkpointing: a killed job restarts from its checkpoint; after an upgrade (other code) the checkpoint is
 * set aside and the job resumes from the ledger. Either way the output stays exactly once.
 */
public class CheckpointIT {
    private static boolean hasCheckpoint(Path dir) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.anyMatch(p -> p.getFileName().toString().startsWith("checkpoint-"));
        } catch (Exception e) {
            return false;
        }
    }

    @Test
    public void recoverFromTheCheckpointThenUpgradeAndResumeFromTheLedger() throws Exception {
        String topic = SharedServices.unique("ckpt");
        SharedServices.kafka().createTopic(topic, 2);
        SampleProducer.produce(SharedServices.kafka().bootstrapServers(), List.of(topic), 0, 4000);
        Path checkpoint = SharedServices.work().resolve(topic + "-checkpoint");
        Map<String, String> props = SharedServices.jobConfig(topic, SharedServices.unique("group"), topic);
        props.put("stream.checkpoint.location", checkpoint.toString());
        props.put("job.stop.after.idle.batches", "0");
        props.put("stream.max.rate.per.partition", "200");
        JobConfig config = Jobs.config(props);

        JobProcess first = JobProcess.startWith(topic + "-1", props, List.of());
        Jobs.await("three batches and a checkpoint", Duration.ofSeconds(90),
                () -> Jobs.ledger(config).lastSequence() >= 3 && hasCheckpoint(checkpoint));
        first.kill();

        Map<String, String> drain = new HashMap<>(props);
        drain.put("job.stop.after.idle.batches", "2");
        JobProcess second = JobProcess.startWith(topic + "-2", drain, List.of());
        assertEquals(second.tail(), ExitCodes.OK, second.waitFor(Duration.ofSeconds(180)));
        assertTrue(second.tail(), second.log().contains("Recovered from the checkpoint at " + checkpoint));
        Jobs.assertGuarantee(config, Jobs.partitions(List.of(topic)), Map.of());

        SampleProducer.produce(SharedServices.kafka().bootstrapServers(), List.of(topic), 4000, 600);
        JobProcess upgraded = JobProcess.startWith(topic + "-3", drain, List.of("-Ddirectstream.code.id=upgraded-build"));
        assertEquals(upgraded.tail(), ExitCodes.OK, upgraded.waitFor(Duration.ofSeconds(180)));
        assertTrue(upgraded.tail(), upgraded.log().contains("is not used: it was written by code"));
        assertTrue(upgraded.tail(), !upgraded.log().contains("Recovered from the checkpoint"));
        try (Stream<Path> s = Files.list(checkpoint.getParent())) {
            assertTrue("the old checkpoint is kept aside", s.anyMatch(p -> p.getFileName().toString()
                    .startsWith(topic + "-checkpoint.set-aside-")));
        }
        Jobs.assertGuarantee(config, Jobs.partitions(List.of(topic)), Map.of());

        // a checkpoint that cannot be read (every file of it damaged) is set aside too
        try (Stream<Path> s = Files.list(checkpoint)) {
            for (Path p : s.filter(x -> x.getFileName().toString().startsWith("checkpoint-")).toList()) {
                Files.writeString(p, "not a checkpoint");
            }
        }
        SampleProducer.produce(SharedServices.kafka().bootstrapServers(), List.of(topic), 4600, 300);
        JobProcess damaged = JobProcess.startWith(topic + "-4", drain, List.of("-Ddirectstream.code.id=upgraded-build"));
        assertEquals(damaged.tail(), ExitCodes.OK, damaged.waitFor(Duration.ofSeconds(180)));
        assertTrue(damaged.tail(), damaged.log().contains("is not used: it cannot be read"));
        Jobs.assertGuarantee(config, Jobs.partitions(List.of(topic)), Map.of());
    }

    private static void copy(Path from, Path to) throws Exception {
        try (Stream<Path> s = Files.walk(from)) {
            for (Path p : s.toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }

    private static void delete(Path dir) throws Exception {
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    @Test
    public void aCheckpointOlderThanTheLedgerIsRecoveredWithoutRepeatingOffsetsOrFailingAgain() throws Exception {
        String topic = SharedServices.unique("ckpt-old");
        SharedServices.kafka().createTopic(topic, 2);
        String bootstrap = SharedServices.kafka().bootstrapServers();
        SampleProducer.produce(bootstrap, List.of(topic), 0, 800);
        Path checkpoint = SharedServices.work().resolve(topic + "-checkpoint");
        Path saved = SharedServices.work().resolve(topic + "-saved");
        Map<String, String> props = SharedServices.jobConfig(topic, SharedServices.unique("group"), topic);
        props.put("stream.checkpoint.location", checkpoint.toString());
        props.put("stream.max.rate.per.partition", "300");
        JobConfig config = Jobs.config(props);

        JobProcess first = JobProcess.startWith(topic + "-1", props, List.of());
        assertEquals(first.tail(), ExitCodes.OK, first.waitFor(Duration.ofSeconds(120)));
        copy(checkpoint, saved);
        SampleProducer.produce(bootstrap, List.of(topic), 800, 1200);
        JobProcess second = JobProcess.startWith(topic + "-2", props, List.of());
        assertEquals(second.tail(), ExitCodes.OK, second.waitFor(Duration.ofSeconds(120)));
        Map<org.apache.kafka.common.TopicPartition, Long> ledgerEnds = Jobs.ledger(config).endOffsets();

        // the checkpoint goes back to where the first run left it: behind the ledger by the second run's batches
        delete(checkpoint);
        copy(saved, checkpoint);
        SampleProducer.produce(bootstrap, List.of(topic), 2000, 600);
        JobProcess third = JobProcess.startWith(topic + "-3", props, List.of());
        assertEquals(third.tail(), ExitCodes.OK, third.waitFor(Duration.ofSeconds(180)));
        assertTrue(third.tail(), third.log().contains("Recovered from the checkpoint at " + checkpoint));
        assertTrue("the recovered batches below the ledger's end were skipped or trimmed:\n" + third.tail(),
                third.log().contains("already holds") || third.log().contains("already recorded and skipped"));
        Jobs.assertGuarantee(config, Jobs.partitions(List.of(topic)), Map.of());
        ledgerEnds.forEach((tp, end) -> assertTrue(Jobs.ledger(config).endOffset(tp).get() > end));
    }

    @Test
    public void aCheckpointWrittenUnderOtherSettingsIsSetAsideSayingWhatChanged() throws Exception {
        String topic = SharedServices.unique("ckpt-conf");
        SharedServices.kafka().createTopic(topic, 1);
        SampleProducer.produce(SharedServices.kafka().bootstrapServers(), List.of(topic), 0, 300);
        Path checkpoint = SharedServices.work().resolve(topic + "-checkpoint");
        Map<String, String> props = SharedServices.jobConfig(topic, SharedServices.unique("group"), topic);
        props.put("stream.checkpoint.location", checkpoint.toString());
        props.put("stream.max.rate.per.partition", "200");
        JobConfig config = Jobs.config(props);
        JobProcess first = JobProcess.startWith(topic + "-1", props, List.of());
        assertEquals(first.tail(), ExitCodes.OK, first.waitFor(Duration.ofSeconds(120)));
        assertTrue(hasCheckpoint(checkpoint));

        SampleProducer.produce(SharedServices.kafka().bootstrapServers(), List.of(topic), 300, 300);
        Map<String, String> changed = new HashMap<>(props);
        changed.put("stream.max.rate.per.partition", "500");
        changed.put("kafka.max.poll.records", "100");
        JobProcess second = JobProcess.startWith(topic + "-2", changed, List.of());
        assertEquals(second.tail(), ExitCodes.OK, second.waitFor(Duration.ofSeconds(120)));
        assertTrue(second.tail(), second.log().contains("settings it holds changed, which a recovered context would "
                + "silently ignore: kafka.max.poll.records added (100); stream.max.rate.per.partition 200 -> 500"));
        assertTrue(second.tail(), !second.log().contains("Recovered from the checkpoint"));
        Jobs.assertGuarantee(config, Jobs.partitions(List.of(topic)), Map.of());
    }
}
