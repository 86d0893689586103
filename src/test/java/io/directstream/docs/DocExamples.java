package io.directstream.docs;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The shell examples of the README and docs/, as the suite runs them ({@code DocsExamplesIT}).
 *
 * <p>Every fenced block whose language is {@code sh} carries a marker on the line before its fence:
 * {@code <!-- example: run -->} (the suite runs it as written), {@code <!-- example: long -->} (run with
 * {@code -Ddocs.examples=all}: minutes long) or {@code <!-- example: not run: REASON -->} (it needs what this machine
 * does not have: a cluster, a tool, the suite itself). A command's trailing comment may end with what it claims,
 * after {@code expect:}, and the suite checks it: {@code exit N} (without it, 0), {@code "text"} in its output
 * (standard output and error together), {@code /regex/} found in its output; or {@code not run (REASON)}: the one
 * command of a run block that cannot run here (the suite itself, a YARN cluster), skipped.
 */
public final class DocExamples {
    /** What the suite does with a block. */
    public enum Kind { RUN, LONG, NOT_RUN }

    /** A fenced shell block and what its marker says. */
    public record Block(Path file, int line, Kind kind, String reason, List<Command> commands) {
        public String name() {
            return file + ":" + line;
        }
    }

    /** One logical command (continuation lines joined) and its claims. */
    public record Command(int line, String text, boolean run, int exit, List<String> contains, List<Pattern> finds) {
    }

    private static final Pattern MARKER = Pattern.compile("^<!-- example: (run|long|not run: (.+?)) -->$");
    private static final Pattern JAVA_MARKER = Pattern.compile("^<!-- example: (compile|not compiled: (.+?)) -->$");

    /** A fenced Java block: {@code source} is null when its marker says why it is not compiled. */
    public record JavaBlock(Path file, int line, String source, String reason) {
        public String name() {
            return file + ":" + line;
        }
    }

    /**
     * The Java blocks of a document. Each is marked {@code <!-- example: compile -->} (the suite compiles it against
     * the job's classes, with {@link #JAVA_IMPORTS} before it) or {@code <!-- example: not compiled: REASON -->} (a
     * Spark 1.6 fragment, an interface as documentation); an unmarked one is an error naming its line.
     */
    public static List<JavaBlock> javaBlocks(Path file) throws IOException {
        List<JavaBlock> out = new ArrayList<>();
        for (Fence f : fences(file, "java", JAVA_MARKER,
                "<!-- example: compile --> or <!-- example: not compiled: REASON -->")) {
            boolean compile = f.marker().group(1).equals("compile");
            out.add(new JavaBlock(file, f.firstLine(), compile ? String.join("\n", f.body()) : null, f.marker().group(2)));
        }
        return out;
    }

    /** A fenced block of one language, its marker read: {@code firstLine} is the line after the fence (1-based). */
    private record Fence(int firstLine, List<String> body, Matcher marker) {
    }

    /** The blocks fenced as {@code language}; a block whose line before the fence is not a marker is an error. */
    private static List<Fence> fences(Path file, String language, Pattern marker, String markers) throws IOException {
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        List<Fence> out = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            if (!lines.get(i).startsWith("```")) {
                continue;
            }
            int end = i + 1;
            while (end < lines.size() && !lines.get(end).startsWith("```")) {
                end++;
            }
            if (lines.get(i).substring(3).strip().equals(language)) {
                String before = i > 0 ? lines.get(i - 1).strip() : "";
                Matcher m = marker.matcher(before);
                if (!m.matches()) {
                    throw new IllegalArgumentException(file + ":" + (i + 1) + ": a " + language + " block needs a marker"
                            + " on the line before its fence: " + markers + "; found '" + before + "'");
                }
                out.add(new Fence(i + 2, lines.subList(i + 1, end), m));
            }
            i = end;
        }
        return out;
    }

    /** What a compiled Java example may use without importing it (the documents show classes, not imports). */
    public static final String JAVA_IMPORTS = String.join("\n",
            "import static java.nio.charset.StandardCharsets.UTF_8;",
            "import static org.apache.spark.sql.functions.col;",
            "import static org.apache.spark.sql.functions.sum;",
            "import io.directstream.process.RecordProcessor;",
            "import io.directstream.process.TriggerSettings.Where;",
            "import io.directstream.trigger.Trigger;",
            "import io.directstream.trigger.TriggerContext;",
            "import io.directstream.trigger.TriggerMessage;",
            "import io.directstream.trigger.TriggerOutcome;",
            "import java.io.IOException;",
            "import java.io.OutputStream;",
            "import java.util.EnumSet;",
            "import java.util.List;",
            "import java.util.Locale;",
            "import java.util.Set;",
            "import org.apache.kafka.clients.consumer.ConsumerRecord;",
            "import org.apache.spark.sql.SparkSession;", "");
    /** A trailing comment: two spaces or more, then {@code #}. */
    private static final Pattern COMMENT = Pattern.compile("\\s{2,}#\\s(.*)$");
    private static final Pattern NOT_RUN = Pattern.compile("^\\s*not run \\(.+\\)");
    private static final Pattern EXIT = Pattern.compile("\\bexit (\\d+)\\b");
    private static final Pattern QUOTED = Pattern.compile("\"([^\"]+)\"");
    private static final Pattern REGEX = Pattern.compile("/((?:[^/\\\\]|\\\\.)+)/");

    private DocExamples() {
    }

    /** The documents whose examples count: the README, checkpoint-example's README, everything under docs/. */
    public static List<Path> documents() throws IOException {
        return DocsLinksTest.documents();
    }

    /** The shell blocks of a document, in order; a block without a marker is an error naming its line. */
    public static List<Block> blocks(Path file) throws IOException {
        List<Block> out = new ArrayList<>();
        for (Fence f : fences(file, "sh", MARKER,
                "<!-- example: run -->, <!-- example: long --> or <!-- example: not run: REASON -->")) {
            String k = f.marker().group(1);
            Kind kind = k.equals("run") ? Kind.RUN : k.equals("long") ? Kind.LONG : Kind.NOT_RUN;
            out.add(new Block(file, f.firstLine(), kind, f.marker().group(2), commands(f.body(), f.firstLine())));
        }
        return out;
    }

    /** Continuation lines joined; blank and comment-only lines dropped; claims read from each trailing comment. */
    static List<Command> commands(List<String> body, int firstLine) {
        List<Command> out = new ArrayList<>();
        StringBuilder text = new StringBuilder();
        int start = -1;
        for (int j = 0; j < body.size(); j++) {
            String l = body.get(j);
            if (text.length() == 0 && (l.isBlank() || l.strip().startsWith("#"))) {
                continue;
            }
            if (start < 0) {
                start = firstLine + j;
            }
            if (l.endsWith("\\")) {
                text.append(l, 0, l.length() - 1).append("\\\n");
                continue;
            }
            text.append(l);
            out.add(command(start, text.toString()));
            text.setLength(0);
            start = -1;
        }
        if (text.length() > 0) {
            throw new IllegalArgumentException("line " + start + ": a command ends with a continuation '\\'");
        }
        return out;
    }

    static Command command(int line, String text) {
        String last = text.substring(text.lastIndexOf('\n') + 1);
        Matcher c = COMMENT.matcher(last);
        String comment = c.find() ? c.group(1) : "";
        int expect = comment.indexOf("expect:");
        comment = expect < 0 ? "" : comment.substring(expect + "expect:".length());
        OptionalInt exit = OptionalInt.empty();
        Matcher e = EXIT.matcher(comment);
        if (e.find()) {
            exit = OptionalInt.of(Integer.parseInt(e.group(1)));
        }
        List<String> contains = new ArrayList<>();
        Matcher q = QUOTED.matcher(comment);
        while (q.find()) {
            contains.add(q.group(1));
        }
        List<Pattern> finds = new ArrayList<>();
        Matcher r = REGEX.matcher(QUOTED.matcher(comment).replaceAll(""));
        while (r.find()) {
            finds.add(Pattern.compile(r.group(1), Pattern.MULTILINE));
        }
        boolean run = !NOT_RUN.matcher(comment).find();
        return new Command(line, text, run, exit.orElse(0), List.copyOf(contains), List.copyOf(finds));
    }
}
