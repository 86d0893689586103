package io.directstream.docs;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.Test;

/** How the documentation's examples are read; every shell block says what the suite does with it. */
public class DocExamplesTest {
    @Test
    public void everyShellBlockIsMarkedAndEveryFenceNamesItsLanguage() throws IOException {
        List<String> problems = new ArrayList<>();
        int run = 0;
        for (Path doc : DocExamples.documents()) {
            try {
                for (DocExamples.Block b : DocExamples.blocks(doc)) {
                    if (b.kind() == DocExamples.Kind.RUN) {
                        run++;
                    }
                    if (b.commands().isEmpty()) {
                        problems.add(b.name() + ": no command");
                    }
                }
            } catch (IllegalArgumentException e) {
                problems.add(e.getMessage());
            }
            List<String> lines = Files.readAllLines(doc);
            boolean open = false;
            for (int i = 0; i < lines.size(); i++) {
                if (lines.get(i).startsWith("```")) {
                    if (!open && lines.get(i).strip().equals("```")) {
                        problems.add(doc + ":" + (i + 1) + ": a fence without a language (sh for commands, text"
                                + " for output and usage)");
                    }
                    open = !open;
                }
            }
        }
        assertTrue(String.join("\n", problems), problems.isEmpty());
        assertTrue("the suite runs some examples: " + run, run >= 5);
    }

    @Test
    public void theJavaExamplesMarkedCompileCompileAgainstTheJobsClasses() throws IOException {
        javax.tools.JavaCompiler javac = javax.tools.ToolProvider.getSystemJavaCompiler();
        assertTrue("a JDK's compiler", javac != null);
        String classpath = "target/classes" + java.io.File.pathSeparator
                + Files.readString(Path.of("target/local/classpath.txt")).strip();
        Path dir = Files.createTempDirectory("doc-java");
        List<String> problems = new ArrayList<>();
        int compiled = 0;
        for (Path doc : DocExamples.documents()) {
            List<DocExamples.JavaBlock> blocks;
            try {
                blocks = DocExamples.javaBlocks(doc);
            } catch (IllegalArgumentException e) {
                problems.add(e.getMessage());
                continue;
            }
            for (DocExamples.JavaBlock b : blocks) {
                if (b.source() == null) {
                    continue;
                }
                java.util.regex.Matcher name = java.util.regex.Pattern.compile("public class (\\w+)").matcher(b.source());
                if (!name.find()) {
                    problems.add(b.name() + ": no public class to compile");
                    continue;
                }
                Path src = dir.resolve(name.group(1) + ".java");
                Files.writeString(src, DocExamples.JAVA_IMPORTS + b.source());
                java.io.StringWriter errors = new java.io.StringWriter();
                boolean ok = javac.getTask(errors, null, null,
                        List.of("-classpath", classpath, "-d", dir.toString(), "-proc:none", "-Xlint:none"), null,
                        javac.getStandardFileManager(null, null, null).getJavaFileObjects(src.toFile())).call();
                if (!ok) {
                    problems.add(b.name() + " does not compile:\n" + errors);
                }
                compiled++;
            }
        }
        try (java.util.stream.Stream<Path> files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        }
        assertTrue(String.join("\n", problems), problems.isEmpty());
        assertTrue("the documented processor and trigger compile: " + compiled, compiled >= 2);
    }

    @Test
    public void aCommandClaimsExitZeroUnlessItsCommentSaysOtherwise() {
        DocExamples.Command plain = DocExamples.command(3, "bin/run-local   # the job end to end");
        assertEquals(0, plain.exit());
        assertEquals(List.of(), plain.contains());
        assertEquals(List.of(), plain.finds());

        DocExamples.Command claims = DocExamples.command(4,
                "bin/migrate-offsets --from-file a.csv   # the plan, 1000 / 1500; expect: exit 1 \"nothing written\""
                        + " /payments +3 .*missing/");
        assertEquals(1, claims.exit());
        assertEquals(List.of("nothing written"), claims.contains());
        assertEquals(1, claims.finds().size());
        assertTrue(claims.finds().get(0).matcher("x\npayments  3   -  ERROR missing from\n").find());

        DocExamples.Command skipped = DocExamples.command(6, "mvn -B -ntp verify   # the suite; expect: not run (the suite)");
        assertFalse(skipped.run());
        assertTrue(plain.run());

        DocExamples.Command prose = DocExamples.command(5, "bin/x   # exit 3 when \"down\", 1000 / 1500 / 0");
        assertEquals("claims come after expect: only", 0, prose.exit());
        assertEquals(List.of(), prose.contains());
    }

    @Test
    public void continuationLinesMakeOneCommandAndCommentLinesNone() {
        List<DocExamples.Command> commands = DocExamples.commands(List.of(
                "# a comment line", "bin/a --x \\", "    --y   # expect: \"done\"", "", "bin/b"), 10);
        assertEquals(2, commands.size());
        assertEquals(11, commands.get(0).line());
        assertEquals("bin/a --x \\\n    --y   # expect: \"done\"", commands.get(0).text());
        assertEquals(List.of("done"), commands.get(0).contains());
        assertEquals(14, commands.get(1).line());
        try {
            DocExamples.commands(List.of("bin/a \\"), 1);
            fail("a dangling continuation is an error");
        } catch (IllegalArgumentException expected) {
            assertFalse(expected.getMessage().isEmpty());
        }
    }

    @Test
    public void aShellBlockWithoutAMarkerIsAnErrorNamingItsLine() throws IOException {
        Path doc = Files.createTempFile("doc", ".md");
        try {
            Files.writeString(doc, "# T\n\ntext\n```sh\nbin/run-local\n```\n");
            try {
                DocExamples.blocks(doc);
                fail("no marker");
            } catch (IllegalArgumentException expected) {
                assertTrue(expected.getMessage(), expected.getMessage().contains(doc + ":4"));
            }
            Files.writeString(doc, "<!-- example: not run: needs YARN -->\n```sh\nbin/submit\n```\n");
            DocExamples.Block b = DocExamples.blocks(doc).get(0);
            assertEquals(DocExamples.Kind.NOT_RUN, b.kind());
            assertEquals("needs YARN", b.reason());
            assertEquals(3, b.commands().get(0).line());
        } finally {
            Files.delete(doc);
        }
    }
}
