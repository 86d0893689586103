package io.directstream.docs;

import static org.junit.Assert.assertTrue;

import io.directstream.testing.SharedServices;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.Parameterized.Parameters;
import org.junit.runners.Parameterized;

/**
 * Runs the shell examples of the README and docs/ as written ({@link DocExamples}): each block in one bash, in a
 * folder of its own where {@code bin}, {@code conf} and {@code checkpoint-example} lead to this checkout, and checks
 * what each command claims (its exit code, text in its output). {@code bin/local-services} keeps its data in that
 * folder ({@code DS_LOCAL_SERVICES_DIR}) and is stopped after the block whatever happened; the bin/ scripts do not
 * build (the suite just did: {@code DS_SKIP_BUILD}). Blocks marked {@code long} run with {@code -Ddocs.examples=all}.
 */
@RunWith(Parameterized.class)
public class DocsExamplesIT {
    private static final long BLOCK_TIMEOUT_MINUTES = Long.getLong("docs.examples.timeout.minutes", 10);

    @Parameters(name = "{0}")
    public static Collection<Object[]> blocks() throws IOException {
        boolean all = "all".equals(System.getProperty("docs.examples"));
        List<Object[]> out = new ArrayList<>();
        for (Path doc : DocExamples.documents()) {
            for (DocExamples.Block b : DocExamples.blocks(doc)) {
                if (b.kind() == DocExamples.Kind.RUN || all && b.kind() == DocExamples.Kind.LONG) {
                    out.add(new Object[] {b.name(), b});
                }
            }
        }
        return out;
    }

    private final DocExamples.Block block;

    public DocsExamplesIT(String name, DocExamples.Block block) {
        this.block = block;
    }

    @Test
    public void runsAsWritten() throws Exception {
        Path home = Path.of("").toAbsolutePath();
        Path dir = SharedServices.work().resolve(SharedServices.unique("example"));
        Path out = dir.resolve(".example");
        Files.createDirectories(out);
        for (String link : List.of("bin", "conf", "checkpoint-example")) {
            Files.createSymbolicLink(dir.resolve(link), home.resolve(link));
        }
        Files.writeString(out.resolve("script.sh"), script(out), StandardCharsets.UTF_8);
        ProcessBuilder pb = new ProcessBuilder("bash", out.resolve("script.sh").toString())
                .directory(dir.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                .redirectErrorStream(true)
                .redirectOutput(out.resolve("bash.log").toFile());
        Path services = dir.resolve("services");
        pb.environment().put("DS_LOCAL_SERVICES_DIR", services.toString());
        pb.environment().put("DS_SKIP_BUILD", "1");
        Process p = pb.start();
        boolean ended;
        try {
            ended = p.waitFor(BLOCK_TIMEOUT_MINUTES, TimeUnit.MINUTES);
        } finally {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            if (Files.exists(services.resolve("services.properties"))) {
                ProcessBuilder stop = new ProcessBuilder("bash", home.resolve("bin/local-services").toString(), "stop",
                        "--dir", services.toString())
                        .directory(dir.toFile()).redirectErrorStream(true)
                        .redirectOutput(out.resolve("cleanup.log").toFile());
                stop.environment().put("DS_SKIP_BUILD", "1");
                stop.start().waitFor(2, TimeUnit.MINUTES);
            }
        }
        List<String> failures = new ArrayList<>();
        if (!ended) {
            failures.add("the block did not end within " + BLOCK_TIMEOUT_MINUTES + " min");
        }
        StringBuilder transcript = new StringBuilder();
        for (int i = 0; i < block.commands().size(); i++) {
            DocExamples.Command c = block.commands().get(i);
            if (!c.run()) {
                continue;
            }
            Path rc = out.resolve(i + ".rc");
            String output = Files.exists(out.resolve(i + ".out")) ? Files.readString(out.resolve(i + ".out")) : "";
            transcript.append("$ ").append(c.text()).append('\n').append(tail(output, 40));
            if (!Files.exists(rc)) {
                failures.add("line " + c.line() + ": never ran");
                continue;
            }
            int exit = Integer.parseInt(Files.readString(rc).strip());
            transcript.append("[exit ").append(exit).append("]\n");
            if (exit != c.exit()) {
                failures.add("line " + c.line() + ": exit " + exit + ", the document says " + c.exit());
            }
            for (String text : c.contains()) {
                if (!output.contains(text)) {
                    failures.add("line " + c.line() + ": no \"" + text + "\" in its output");
                }
            }
            for (Pattern find : c.finds()) {
                if (!find.matcher(output).find()) {
                    failures.add("line " + c.line() + ": nothing matches /" + find.pattern() + "/ in its output");
                }
            }
        }
        assertTrue(block.name() + ": " + failures + "\n" + transcript + "(the whole output: " + out + ")",
                failures.isEmpty());
    }

    /** Each command in the current shell (so that eval, export and cd carry over), its output and exit code kept. */
    private String script(Path out) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < block.commands().size(); i++) {
            if (!block.commands().get(i).run()) {
                continue;
            }
            s.append("{ ").append(block.commands().get(i).text()).append("\n} > '").append(out.resolve(i + ".out"))
                    .append("' 2>&1\necho $? > '").append(out.resolve(i + ".rc")).append("'\n");
        }
        return s.toString();
    }

    private static String tail(String output, int lines) {
        String[] all = output.split("\n", -1);
        int from = Math.max(0, all.length - lines);
        return (from > 0 ? "  ... (" + from + " lines)\n" : "") + String.join("\n", List.of(all).subList(from, all.length))
                + (output.endsWith("\n") || output.isEmpty() ? "" : "\n");
    }
}
