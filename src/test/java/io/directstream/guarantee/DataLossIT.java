package io.directstream.guarantee;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import io.directstream.cli.ExitCodes;
import io.directstream.config.JobConfig;
import io.directstream.job.DirectStreamJob;
import io.directstream.job.JobResult;
import io.directstream.ledger.LedgerEntry;
import io.directstream.ledger.LedgerRange;
import io.directstream.ledger.LedgerStore;
import io.directstream.local.SampleProducer;
import io.directstream.source.SourceUnavailableException;
import io.directstream.testing.Jobs;
import io.directstream.testing.SharedServices;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.RecordsToDelete;
import org.apache.kafka.common.TopicPartition;
import org.junit.Test;

/** Offsets deleted (as retention does) before the job read them: policy fail refuses clearly, skip records a gap. */
public class DataLossIT {
    private static void deleteBefore(TopicPartition tp, long offset) throws Exception {
        try (Admin a = SharedServices.kafka().admin()) {
            a.deleteRecords(Map.of(tp, RecordsToDelete.beforeOffset(offset))).all().get(30, TimeUnit.SECONDS);
        }
    }

    @Test
    public void deletedWhileTheJobWasStopped() throws Exception {
        String topic = SharedServices.unique("loss");
        SharedServices.kafka().createTopic(topic, 2);
        SampleProducer.produce(SharedServices.kafka().bootstrapServers(), List.of(topic), 0, 1000);
        Map<String, String> props = SharedServices.jobConfig(topic, SharedServices.unique("group"), topic);
        JobConfig config = Jobs.config(props);
        assertEquals(ExitCodes.OK, Jobs.run(props).exitCode());
        TopicPartition p0 = new TopicPartition(topic, 0);
        long end0 = Jobs.ledger(config).endOffset(p0).get();

        SampleProducer.produce(SharedServices.kafka().bootstrapServers(), List.of(topic), 1000, 1000);
        deleteBefore(p0, end0 + 200);

        SourceUnavailableException e = assertThrows(SourceUnavailableException.class,
                () -> new DirectStreamJob(config).run());
        assertTrue(e.getMessage(), e.getMessage().contains(p0 + ": the ledger start offset " + end0 + " is no longer in "
                + "Kafka (retention deleted offsets " + end0 + " to " + (end0 + 199) + "; the earliest available is "
                + (end0 + 200) + ")"));

        Map<String, String> skip = new HashMap<>(props);
        skip.put("source.on.data.loss", "skip");
        JobResult r = Jobs.run(skip);
        assertEquals(ExitCodes.OK, r.exitCode());
        assertEquals(200, r.ledger().skipped());
        LedgerEntry gap = Jobs.entries(config).stream().filter(x -> x.type() == LedgerEntry.Type.GAP).findFirst().get();
        LedgerRange range = gap.ranges().get(0);
        assertEquals(p0, range.topicPartition());
        assertEquals(end0, range.fromOffset());
        assertEquals(end0 + 200, range.untilOffset());
        assertTrue(gap.note().get().contains("retention"));
        Jobs.assertGuarantee(config, Jobs.partitions(List.of(topic)), Map.of(p0, end0 + 200));
    }

    @Test
    public void deletedWhileTheJobRuns() throws Exception {
        String topic = SharedServices.unique("loss-live");
        SharedServices.kafka().createTopic(topic, 1);
        SampleProducer.produce(SharedServices.kafka().bootstrapServers(), List.of(topic), 0, 4000);
        Map<String, String> props = SharedServices.jobConfig(topic, SharedServices.unique("group"), topic);
        props.put("stream.max.rate.per.partition", "200");
        // small fetches, so the executor's consumer has not read far ahead when the records are deleted
        props.put("kafka.max.partition.fetch.bytes", "16384");
        props.put("kafka.fetch.max.bytes", "16384");
        JobConfig config = Jobs.config(props);
        TopicPartition p0 = new TopicPartition(topic, 0);

        Jobs.Running running = Jobs.start(props);
        Jobs.await("two batches", Duration.ofSeconds(60), () -> Jobs.ledger(config).lastSequence() >= 2);
        deleteBefore(p0, 3000);
        JobResult failed = running.result.get(90, TimeUnit.SECONDS);
        assertEquals("a batch that meets deleted offsets fails and stops the job", ExitCodes.FAILED, failed.exitCode());
        assertTrue(String.valueOf(failed.failure().get()), String.valueOf(failed.failure().get()).contains("OffsetOutOfRange"));
        long end = Jobs.ledger(config).endOffset(p0).get();
        assertTrue(end < 3000);

        Map<String, String> skip = new HashMap<>(props);
        skip.put("source.on.data.loss", "skip");
        skip.put("stream.max.rate.per.partition", "10000");
        assertEquals(ExitCodes.OK, Jobs.run(skip).exitCode());
        assertEquals(3000 - end, Jobs.ledger(config).skipped());
        Jobs.assertGuarantee(config, List.of(p0), Map.of(p0, 3000L));
    }
}
