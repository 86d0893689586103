package io.directstream.job;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import io.directstream.cli.ExitCodes;
import io.directstream.local.SampleProducer;
import io.directstream.testing.FailingProcessor;
import io.directstream.testing.JobProcess;
import io.directstream.testing.SharedServices;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.Test;

/** The job as its own process: a failed batch ends the JVM with exit code 1 (no thread keeps it alive). */
public class JobProcessIT {
    @Test
    public void aFailedBatchExitsWithCodeOne() throws Exception {
        String topic = SharedServices.unique("proc");
        SharedServices.kafka().createTopic(topic, 1);
        SampleProducer.produce(SharedServices.kafka().bootstrapServers(), List.of(topic), 0, 50);
        Map<String, String> props = SharedServices.jobConfig(topic, SharedServices.unique("group"), SharedServices.unique("proc"));
        props.put("process.class", FailingProcessor.class.getName());
        props.put("process.on.error", "fail");
        props.put("processor.fail.on", topic + "-0@20");
        JobProcess job = JobProcess.start(topic, props, null);
        int code = job.waitFor(Duration.ofSeconds(120));
        String log = job.log();
        assertEquals(log, ExitCodes.FAILED, code);
        assertTrue(log, log.contains("processor failed on " + topic + "-0 offset 20"));
    }
}
