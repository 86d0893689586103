package io.directstream.trigger;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import com.amazonaws.services.s3.AmazonS3;
import io.directstream.config.JobConfig;
import io.directstream.job.JobResult;
import io.directstream.testing.Jobs;
import io.directstream.testing.SharedServices;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;

/** The built-in DataFrame trigger on the driver: requests in Kafka, inputs and results in S3, each result checked. */
public class DataFrameTriggerIT {
    private static AmazonS3 s3;

    @BeforeClass
    public static void setUp() {
        s3 = SharedServices.s3().client();
    }

    @AfterClass
    public static void tearDown() {
        s3.shutdown();
    }

    @Test
    public void eachRequestBuildsADataFrameAndStoresItsAggregateUnderItsCoordinatesInDriverAndChunkedModes() {
        String inputs = SharedServices.unique("inputs");
        String bucket = SharedServices.BUCKET;
        s3.putObject(bucket, inputs + "/sales.csv", "region,amount\nnorth,10\nsouth,5\nnorth,7\n");
        s3.putObject(bucket, inputs + "/sales.jsonl", "{\"region\":\"east\",\"amount\":3}\n{\"region\":\"east\",\"amount\":4}\n");
        String topic = SharedServices.unique("df-requests");
        SharedServices.kafka().createTopic(topic, 1);
        List<String> requests = List.of(
                "{\"range\":10,\"buckets\":2,\"factor\":2}",
                "{\"input\":\"s3://" + bucket + "/" + inputs + "/sales.csv\",\"format\":\"csv\",\"groupBy\":\"region\",\"value\":\"amount\"}",
                "{\"input\":\"s3://" + bucket + "/" + inputs + "/sales.jsonl\",\"format\":\"json\",\"groupBy\":\"region\",\"value\":\"amount\",\"factor\":0.5}",
                "{\"input\":\"s3://" + bucket + "/" + inputs + "/missing.csv\",\"format\":\"csv\",\"groupBy\":\"region\",\"value\":\"amount\"}",
                "not json at all",
                "{\"input\":\"s3://" + bucket + "/" + inputs + "/sales.csv\",\"format\":\"csv\",\"groupBy\":\"city\",\"value\":\"amount\"}");
        Map<String, Object> conf = io.directstream.local.SampleProducer.reliable(SharedServices.kafka().bootstrapServers());
        try (KafkaProducer<String, String> p = new KafkaProducer<>(conf, new StringSerializer(), new StringSerializer())) {
            java.util.List<java.util.concurrent.Future<?>> sent = new java.util.ArrayList<>();
            for (String r : requests) {
                sent.add(p.send(new ProducerRecord<>(topic, 0, null, r)));
            }
            p.flush();
            io.directstream.local.SampleProducer.awaitAll(sent);
        }
        Map<String, String> reference = null;
        for (String[] mode : new String[][] {{"trigger.mode", "driver"},
                {"trigger.mode", "chunked", "trigger.chunk.on", "driver", "trigger.chunk.size", "4"}}) {
            Map<String, String> props = SharedServices.jobConfig(topic, SharedServices.unique("group"),
                    SharedServices.unique("df"));
            props.put("trigger.class", DataFrameTrigger.class.getName());
            props.put("trigger.driver.threads", "2");
            props.put("spark.sql.shuffle.partitions", "2");
            for (int i = 0; i < mode.length; i += 2) {
                props.put(mode[i], mode[i + 1]);
            }
            JobConfig config = Jobs.config(props);
            JobResult result = Jobs.run(props);
            assertEquals(result.toString(), 0, result.exitCode());

            Map<String, String> objects = TriggerModesIT.triggerObjects(s3, config);
            String dir = "topic=" + topic + "/partition=0/" + topic + "+0+";
            assertEquals("{\"bucket\":0,\"rows\":5,\"total\":40.0}\n{\"bucket\":1,\"rows\":5,\"total\":50.0}\n",
                    objects.get(dir + "00000000000000000000.json"));
            assertEquals("{\"region\":\"north\",\"rows\":2,\"total\":17.0}\n{\"region\":\"south\",\"rows\":1,\"total\":5.0}\n",
                    objects.get(dir + "00000000000000000001.json"));
            assertEquals("{\"region\":\"east\",\"rows\":2,\"total\":3.5}\n", objects.get(dir + "00000000000000000002.json"));
            String dead = "_dead-letter/" + dir;
            assertTrue(objects.toString(), objects.get(dead + "00000000000000000003.json").contains("missing.csv does not exist"));
            assertTrue(objects.toString(), objects.get(dead + "00000000000000000004.json").contains("not a JSON request"));
            assertTrue(objects.toString(), objects.get(dead + "00000000000000000005.json").contains("not city and amount"));
            assertEquals(objects.toString(), 6, objects.size());
            TriggerModesIT.assertEachMessageOnce(objects, TriggerModesIT.batches(s3, config), 6);
            if (reference == null) {
                reference = objects;
            } else {
                assertEquals(reference, objects);
            }
        }
    }
}
