package io.directstream.job;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import io.directstream.local.ChildJvm;
import io.directstream.local.LocalPaths;
import io.directstream.local.SampleProducer;
import io.directstream.testing.FailingProcessor;
import io.directstream.testing.SharedServices;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.Test;

/** The job as its own process: a failed batch ends the JVM with exit code 1 (no thread keeps it alive). */
public class JobProcessIT {
    /** The test JVM's own --add-opens and -D options, which Spark needs on Java 17. */
    static List<String> jvmOptions() {
        List<String> opts = new ArrayList<>(List.of("-Xmx1g"));
        for (String a : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (a.startsWith("--add-opens") || a.startsWith("-Djdk.reflect") || a.startsWith("-Daws.")) {
                opts.add(a);
            }
        }
        opts.add("-Ddirectstream.home=" + LocalPaths.home());
        return opts;
    }

    @Test
    public void aFailedBatchExitsWithCodeOne() throws Exception {
        String topic = SharedServices.unique("proc");
        SharedServices.kafka().createTopic(topic, 1);
        SampleProducer.produce(SharedServices.kafka().bootstrapServers(), List.of(topic), 0, 50);
        Map<String, String> props = SharedServices.jobConfig(topic, SharedServices.unique("group"), SharedServices.unique("proc"));
        props.put("process.class", FailingProcessor.class.getName());
        props.put("process.on.error", "fail");
        props.put("processor.fail.on", topic + "-0@20");
        Path file = SharedServices.work().resolve(topic + ".properties");
        StringBuilder sb = new StringBuilder();
        props.forEach((k, v) -> sb.append(k).append('=').append(v).append('\n'));
        Files.writeString(file, sb.toString());

        ChildJvm job = ChildJvm.start("job", LocalPaths.childClasspath(), jvmOptions(), JobMain.class.getName(),
                List.of("--config", file.toString()), SharedServices.work().resolve(topic + ".log"), true);
        int code = job.waitFor(Duration.ofSeconds(120));
        String log = Files.readString(job.log());
        assertEquals(log, ExitCodes.FAILED, code);
        assertTrue(log, log.contains("processor failed on " + topic + "-0 offset 20"));
    }
}
