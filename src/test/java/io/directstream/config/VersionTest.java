package io.directstream.config;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.function.ToIntFunction;
import org.junit.Test;

/** {@code --version} on the Java commands: one line naming the command, the version, the build and what it runs on. */
public class VersionTest {
    private static String printed(ToIntFunction<String[]> command) {
        PrintStream out = System.out;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        System.setOut(new PrintStream(buf, true, StandardCharsets.UTF_8));
        try {
            assertEquals(0, command.applyAsInt(new String[] {"--config", "does-not-matter.properties", "--version"}));
        } finally {
            System.setOut(out);
        }
        return buf.toString(StandardCharsets.UTF_8).strip();
    }

    @Test
    public void everyJavaCommandPrintsItsVersionAndExitsZeroBeforeReadingAnything() {
        String line = printed(io.directstream.job.JobMain::run);
        assertTrue(line, line.matches("direct-stream-job \\(direct-stream-job \\S+, build \\S+; Spark 3\\.5\\.\\d+, "
                + "Scala 2\\.12, kafka-clients 3\\.4\\.\\d+, aws-java-sdk-s3 \\S+\\)"));
        assertTrue(printed(io.directstream.migrate.MigrateMainAccess::run).startsWith("bin/migrate-offsets (direct-stream-job "));
        assertTrue(printed(io.directstream.replay.ReprocessMain::run).startsWith("bin/reprocess (direct-stream-job "));
        assertTrue(printed(io.directstream.job.StopMainAccess::run).startsWith("bin/stop (direct-stream-job "));
        StringWriter audit = new StringWriter();
        assertEquals(0, io.directstream.audit.AuditMain.run(new String[] {"--version"}, new PrintWriter(audit)));
        assertTrue(audit.toString(), audit.toString().startsWith("bin/offset-audit (direct-stream-job "));
    }
}
