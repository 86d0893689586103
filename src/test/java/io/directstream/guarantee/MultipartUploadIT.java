package io.directstream.guarantee;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import com.amazonaws.services.s3.AmazonS3;
import com.amazonaws.services.s3.model.S3ObjectSummary;
import io.directstream.cli.ExitCodes;
import io.directstream.config.JobConfig;
import io.directstream.fault.FaultPoints;
import io.directstream.testing.JobProcess;
import io.directstream.testing.Jobs;
import io.directstream.testing.SharedServices;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.Test;

/**
 * Objects larger than a part go up as multipart uploads inside the job: a crash after the first part leaves nothing
 * visible (an incomplete upload is no object), and the restart writes the object whole, exactly once.
 */
public class MultipartUploadIT {
    @Test
    public void aCrashMidUploadLeavesNoObjectAndTheRestartWritesItWhole() {
        String topic = SharedServices.unique("multipart");
        SharedServices.kafka().createTopic(topic, 1);
        // 400 records of 32 KiB: about 13 MiB of JSON lines in one batch, so a 5 MiB part size gives three parts
        Map<String, Object> conf = io.directstream.local.SampleProducer.reliable(SharedServices.kafka().bootstrapServers());
        conf.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 4 * 1024 * 1024);
        try (KafkaProducer<byte[], byte[]> p = new KafkaProducer<>(conf, new ByteArraySerializer(), new ByteArraySerializer())) {
            for (int i = 0; i < 400; i++) {
                String value = ("record " + i + " ").repeat(32 * 1024 / 8).substring(0, 32 * 1024);
                p.send(new ProducerRecord<>(topic, ("k" + i).getBytes(StandardCharsets.UTF_8),
                        value.getBytes(StandardCharsets.UTF_8)));
            }
            p.flush();
        }
        Map<String, String> props = SharedServices.jobConfig(topic, SharedServices.unique("group"), topic);
        props.put("output.part.size", "5MiB");
        props.put("stream.max.rate.per.partition", "100000");
        JobConfig config = Jobs.config(props);

        JobProcess crash = JobProcess.start(topic + "-crash", props, FaultPoints.Point.MID_UPLOAD.id() + "@1");
        assertEquals(crash.tail(), FaultPoints.HALT_STATUS, crash.waitFor(Duration.ofSeconds(120)));
        assertTrue(crash.tail(), crash.log().contains("FAULT POINT mid-upload reached"));
        AmazonS3 s3 = SharedServices.s3().client();
        try {
            assertEquals("an incomplete multipart upload is no object", List.of(), dataObjects(s3, config));

            JobProcess restart = JobProcess.start(topic + "-restart", props, null);
            assertEquals(restart.tail(), ExitCodes.OK, restart.waitFor(Duration.ofSeconds(120)));
            List<S3ObjectSummary> objects = dataObjects(s3, config);
            assertEquals(1, objects.size());
            assertTrue("written as a multipart upload: " + objects.get(0).getETag(),
                    objects.get(0).getETag().matches(".*-[0-9]+\"?$"));
            assertTrue(objects.get(0).getSize() > 10L * 1024 * 1024);
        } finally {
            s3.shutdown();
        }
        Jobs.assertGuarantee(config, Jobs.partitions(List.of(topic)), Map.of());
    }

    private static List<S3ObjectSummary> dataObjects(AmazonS3 s3, JobConfig config) {
        return s3.listObjectsV2(config.output().bucket(), config.output().key("topic=")).getObjectSummaries();
    }
}
