package io.directstream.trigger;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The FAIR scheduler pool the driver's trigger threads submit their Spark jobs to: one pool, {@value #NAME}, whose
 * own scheduling is FAIR, so the jobs of several triggers run side by side instead of one after the other (a pool
 * created on the fly is FIFO inside). Declared in an allocation file the driver writes for itself at start, unless
 * {@code spark.scheduler.allocation.file} is set (then declare a pool named {@value #NAME} in it).
 */
public final class FairPool {
    public static final String NAME = "triggers";

    private FairPool() {
    }

    /** Writes the allocation file declaring the pool; removed when the JVM exits. */
    public static Path writeAllocationFile() {
        try {
            Path f = Files.createTempFile("direct-stream-fairscheduler-", ".xml");
            f.toFile().deleteOnExit();
            Files.writeString(f, "<?xml version=\"1.0\"?>\n<allocations>\n  <pool name=\"" + NAME + "\">\n"
                    + "    <schedulingMode>FAIR</schedulingMode>\n    <weight>1</weight>\n    <minShare>0</minShare>\n"
                    + "  </pool>\n</allocations>\n", StandardCharsets.UTF_8);
            return f;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the FAIR scheduler's allocation file: " + e.getMessage(), e);
        }
    }
}
