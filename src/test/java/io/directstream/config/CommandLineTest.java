package io.directstream.config;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import io.directstream.cli.CliArgs;
import io.directstream.cli.ExitCodes;
import io.directstream.ledger.LedgerDamagedException;
import io.directstream.source.SourceUnavailableException;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.ToIntFunction;
import org.junit.Test;

/**
 * The layer every command line shares: {@code --option=value} as well as {@code --option value}, and one mapping from a
 * failure to an exit code and a message ({@link ExitCodes#of}).
 */
public class CommandLineTest {
    @Test
    public void optionEqualsValueIsSplitAndJobKeysAreLeftAlone() {
        assertArrayEquals(new String[] {"--config", "a=b.properties", "--check", "kafka.group.id=g", "--from",
                        "{\"t\":{\"0\":5}}", "-x=1"},
                CliArgs.expand(new String[] {"--config=a=b.properties", "--check", "kafka.group.id=g",
                        "--from={\"t\":{\"0\":5}}", "-x=1"}));
        assertArrayEquals("an empty value stays a value", new String[] {"--name", ""},
                CliArgs.expand(new String[] {"--name="}));
    }

    /** Runs a command with its standard error captured: {exit code, what it printed}. */
    private static Object[] run(ToIntFunction<String[]> command, String... args) {
        PrintStream err = System.err;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        System.setErr(new PrintStream(buf, true, StandardCharsets.UTF_8));
        try {
            return new Object[] {command.applyAsInt(args), buf.toString(StandardCharsets.UTF_8)};
        } finally {
            System.setErr(err);
        }
    }

    private static void sameEitherWay(ToIntFunction<String[]> command, String... options) {
        // options as pairs: --option value; a config file that does not exist, so each command stops at reading it
        String[] joinedArgs = new String[options.length / 2];
        for (int i = 0; i < options.length; i += 2) {
            joinedArgs[i / 2] = options[i] + "=" + options[i + 1];
        }
        Object[] spaced = run(command, options);
        Object[] joined = run(command, joinedArgs);
        assertEquals(spaced[1].toString(), ExitCodes.CONFIG, spaced[0]);
        assertTrue(spaced[1].toString(), spaced[1].toString().contains("no-such.properties"));
        assertEquals(spaced[0], joined[0]);
        assertEquals(spaced[1], joined[1]);
    }

    @Test
    public void everyCommandTakesOptionEqualsValue() {
        sameEitherWay(io.directstream.job.JobMain::run, "--config", "no-such.properties");
        sameEitherWay(io.directstream.job.StopMainAccess::run, "--config", "no-such.properties", "--timeout", "5s");
        sameEitherWay(io.directstream.replay.ReprocessMain::run, "--config", "no-such.properties", "--from", "earliest");
        sameEitherWay(io.directstream.migrate.MigrateMainAccess::run, "--config", "no-such.properties", "--from-group", "old");
        sameEitherWay(a -> io.directstream.audit.AuditMain.run(a, new PrintWriter(new StringWriter())),
                "--config", "no-such.properties", "--format", "json");
    }

    @Test
    public void oneMappingFromFailureToExitCode() {
        assertEquals(ExitCodes.CONFIG, run(a -> ExitCodes.of("tool", "usage: tool", new IllegalArgumentException("--x 0: expected 1")))[0]);
        assertEquals(ExitCodes.CONFIG, run(a -> ExitCodes.of("tool", "usage", new InvalidConfigException(List.of("bad key"))))[0]);
        Object[] down = run(a -> ExitCodes.of("tool", "usage", new SourceUnavailableException("S3 is unreachable at http://h:1")));
        assertEquals(ExitCodes.UNAVAILABLE, down[0]);
        assertEquals("tool: S3 is unreachable at http://h:1\n", down[1].toString().replace("\r", ""));
        assertEquals(ExitCodes.UNAVAILABLE, run(a -> ExitCodes.of("tool", "usage",
                new com.amazonaws.AmazonClientException("Unable to execute HTTP request")))[0]);
        assertEquals(ExitCodes.DAMAGED, run(a -> ExitCodes.of("tool", "usage", new LedgerDamagedException("entry 7")))[0]);
        Object[] bug = run(a -> ExitCodes.of("tool", "usage", new NullPointerException("boom")));
        assertEquals(ExitCodes.FAILED, bug[0]);
        assertTrue(bug[1].toString(), bug[1].toString().startsWith("tool: unexpected failure (a bug"));
        assertTrue("a bug comes with its stack trace: " + bug[1], bug[1].toString().contains("\tat "));
    }
}
