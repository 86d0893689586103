package io.directstream.job;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import io.directstream.cli.ExitCodes;
import io.directstream.config.JobConfig;
import io.directstream.ledger.LedgerEntry;
import io.directstream.local.SampleProducer;
import io.directstream.testing.Jobs;
import io.directstream.testing.SharedServices;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.apache.kafka.common.TopicPartition;
import org.junit.Test;

/** The job's batch metrics, through Spark's metrics system, read from a JMX sink as an operator's tool would. */
public class MetricsIT {
    private static ObjectName find(MBeanServer jmx, String metric) throws Exception {
        Set<ObjectName> names = jmx.queryNames(new ObjectName("metrics:*"), null);
        for (ObjectName n : names) {
            String name = n.getKeyProperty("name");
            if (name != null && name.endsWith(".driver.plugin." + JobMetricsPlugin.class.getName() + "." + metric)) {
                return n;
            }
        }
        return null;
    }

    @Test
    public void batchMetricsReachTheJmxSink() throws Exception {
        String topic = SharedServices.unique("metrics");
        SharedServices.kafka().createTopic(topic, 2);
        SampleProducer.produce(SharedServices.kafka().bootstrapServers(), List.of(topic), 0, 1000);
        Map<String, String> props = SharedServices.jobConfig(topic, SharedServices.unique("group"), topic);
        props.put("job.stop.after.idle.batches", "0");
        props.put("stream.max.rate.per.partition", "100");
        props.put("spark.metrics.conf.*.sink.jmx.class", "org.apache.spark.metrics.sink.JmxSink");
        long before = JobMetrics.get().records();
        JobConfig config = Jobs.config(props);
        Jobs.Running running = Jobs.start(props);
        MBeanServer jmx = ManagementFactory.getPlatformMBeanServer();
        try {
            Jobs.await("records and lag in JMX", Duration.ofSeconds(90), () -> {
                try {
                    ObjectName records = find(jmx, "records");
                    ObjectName lag = find(jmx, "lag");
                    return records != null && lag != null && (Long) jmx.getAttribute(records, "Count") > before
                            && (Long) jmx.getAttribute(lag, "Value") > 0;
                } catch (Exception e) {
                    return false;
                }
            });
            for (String metric : List.of("batches", "bytes", "processingDelayMs", "schedulingDelayMs", "totalDelayMs",
                    "lastBatchRecords", "ledgerSequence", "commitConfirmedThrough")) {
                assertTrue(metric + " is registered", find(jmx, metric) != null);
            }
            // once every record is read, later batches are idle: the gauges hold the last batch with records, which
            // the ledger tells exactly (how the records split over partitions does not matter)
            List<TopicPartition> partitions = Jobs.partitions(List.of(topic));
            Jobs.await("every record read", Duration.ofSeconds(90), () -> Jobs.ledger(config).records() == 1000);
            List<LedgerEntry> batches = Jobs.entries(config).stream().filter(e -> e.type() == LedgerEntry.Type.BATCH).toList();
            LedgerEntry last = batches.get(batches.size() - 1);
            assertEquals(last.records(), jmx.getAttribute(find(jmx, "lastBatchRecords"), "Value"));
            assertEquals(last.sequence(), jmx.getAttribute(find(jmx, "ledgerSequence"), "Value"));
            assertTrue(partitions.size() == 2 && last.records() <= 200);
        } finally {
            assertEquals(ExitCodes.OK, running.stop().exitCode());
        }
    }

}
