package io.directstream.docs;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.Test;

/**
 * The job's packages depend on each other one way: no cycle in the graph of {@code io.directstream.*} packages, where
 * package A depends on B when a source file of A names a class of B (an import, a qualified name in code or in a
 * comment's link; not a name inside a string literal). Prints the graph:
 * {@code mvn -B -ntp test -Dtest=PackageGraphTest} shows it and, on a cycle, the files that close it.
 */
public class PackageGraphTest {
    private static final Path MAIN = Path.of("src/main/java/io/directstream");
    private static final Pattern REFERENCE = Pattern.compile("\\bio\\.directstream\\.([a-z][a-z0-9]*)\\.([A-Z]|\\*)");
    /** A string literal: a class named in a message or a key's description is not a dependency. */
    private static final Pattern STRING = Pattern.compile("\"(?:[^\"\\\\]|\\\\.)*\"");

    /** Package → the packages it names, each with the first file that does. */
    static Map<String, Map<String, String>> graph(Path root) throws IOException {
        Map<String, Map<String, String>> g = new TreeMap<>();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path f : (Iterable<Path>) files.filter(p -> p.toString().endsWith(".java")).sorted()::iterator) {
                String from = root.relativize(f.getParent()).toString();
                Map<String, String> edges = g.computeIfAbsent(from, k -> new TreeMap<>());
                for (String line : Files.readAllLines(f, StandardCharsets.UTF_8)) {
                    if (line.startsWith("package ")) {
                        continue;
                    }
                    Matcher m = REFERENCE.matcher(STRING.matcher(line).replaceAll("\"\""));
                    while (m.find()) {
                        if (!m.group(1).equals(from)) {
                            edges.putIfAbsent(m.group(1), root.relativize(f).toString());
                        }
                    }
                }
            }
        }
        return g;
    }

    /** The strongly connected components with more than one package (Tarjan): each is a cycle or several. */
    static List<Set<String>> cycles(Map<String, ? extends Map<String, ?>> g) {
        Map<String, Integer> index = new HashMap<>();
        Map<String, Integer> low = new HashMap<>();
        Deque<String> stack = new ArrayDeque<>();
        Set<String> onStack = new TreeSet<>();
        List<Set<String>> out = new ArrayList<>();
        int[] counter = {0};
        for (String v : g.keySet()) {
            if (!index.containsKey(v)) {
                strongConnect(v, g, index, low, stack, onStack, out, counter);
            }
        }
        return out;
    }

    private static void strongConnect(String v, Map<String, ? extends Map<String, ?>> g, Map<String, Integer> index,
                                      Map<String, Integer> low, Deque<String> stack, Set<String> onStack,
                                      List<Set<String>> out, int[] counter) {
        index.put(v, counter[0]);
        low.put(v, counter[0]);
        counter[0]++;
        stack.push(v);
        onStack.add(v);
        Map<String, ?> edges = g.get(v);
        for (String w : edges == null ? Set.<String>of() : edges.keySet()) {
            if (!index.containsKey(w)) {
                strongConnect(w, g, index, low, stack, onStack, out, counter);
                low.put(v, Math.min(low.get(v), low.get(w)));
            } else if (onStack.contains(w)) {
                low.put(v, Math.min(low.get(v), index.get(w)));
            }
        }
        if (low.get(v).equals(index.get(v))) {
            Set<String> component = new TreeSet<>();
            String w;
            do {
                w = stack.pop();
                onStack.remove(w);
                component.add(w);
            } while (!w.equals(v));
            if (component.size() > 1) {
                out.add(component);
            }
        }
    }

    @Test
    public void theFinderSeesACycleAndOnlyACycle() {
        Map<String, Map<String, String>> g = new TreeMap<>();
        g.put("a", Map.of("b", "a/A.java"));
        g.put("b", Map.of("c", "b/B.java"));
        g.put("c", Map.of("a", "c/C.java"));
        g.put("d", Map.of("a", "d/D.java"));
        assertEquals(List.of(Set.of("a", "b", "c")), cycles(g));
        g.put("c", Map.of());
        assertEquals(List.of(), cycles(g));
    }

    @Test
    public void theJobsPackagesDependOneWay() throws IOException {
        Map<String, Map<String, String>> g = graph(MAIN);
        assertTrue("no packages found under " + MAIN.toAbsolutePath(), g.size() > 5);
        StringBuilder text = new StringBuilder("package dependencies of io.directstream (A -> what A names):\n");
        g.forEach((p, edges) -> text.append(String.format("  %-8s -> %s%n", p, edges.keySet())));
        System.out.print(text);
        StringBuilder problems = new StringBuilder();
        for (Set<String> cycle : cycles(g)) {
            problems.append("cycle among ").append(cycle).append(":\n");
            for (String p : cycle) {
                g.get(p).forEach((to, file) -> {
                    if (cycle.contains(to)) {
                        problems.append("  ").append(p).append(" -> ").append(to).append(" (first in ").append(file)
                                .append(")\n");
                    }
                });
            }
        }
        assertEquals(text + problems.toString(), "", problems.toString());
    }
}
