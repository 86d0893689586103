package io.directstream.source;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.TopicPartition;
import org.junit.Test;

/**
 * An explicit start is recorded in the ledger as data ({@link StartSpec#toJson()}) and compared as a value with the
 * configured one on every restart, in a new JVM: neither its data nor its description may depend on the JVM (hash
 * order), or an applied start is applied again. Ledgers of earlier versions hold its description only.
 */
public class StartSpecTest {
    /** Twelve partitions over three topics, in {@code Map.of}'s order, which changes from one JVM to the next. */
    static Map<TopicPartition, Long> offsets() {
        Map<TopicPartition, Long> m = new HashMap<>();
        for (String t : List.of("payments", "orders", "audit-log")) {
            for (int p = 0; p < 4; p++) {
                m.put(new TopicPartition(t, p), 100L * p + t.length());
            }
        }
        return Map.copyOf(m);
    }

    /** Prints the description of {@link #offsets()} as this JVM makes it: the child side of the two-JVM test. */
    public static void main(String[] args) {
        System.out.println(StartSpec.offsets(offsets()));
        System.out.println(StartSpec.timestamps(offsets(), false));
        System.out.println(StartSpec.offsets(offsets()).toJson());
    }

    @Test
    public void theDescriptionListsPartitionsInOneOrder() {
        Map<TopicPartition, Long> forward = new LinkedHashMap<>();
        forward.put(new TopicPartition("b", 1), 7L);
        forward.put(new TopicPartition("a", 10), 5L);
        forward.put(new TopicPartition("a", 2), 6L);
        Map<TopicPartition, Long> backward = new LinkedHashMap<>();
        List<TopicPartition> keys = new ArrayList<>(forward.keySet());
        for (int i = keys.size() - 1; i >= 0; i--) {
            backward.put(keys.get(i), forward.get(keys.get(i)));
        }
        assertEquals("offsets {a-2=6, a-10=5, b-1=7}", StartSpec.offsets(forward).toString());
        assertEquals(StartSpec.offsets(forward).toString(), StartSpec.offsets(backward).toString());
        assertEquals("timestamps {a-2=6, a-10=5, b-1=7}", StartSpec.timestamps(backward, true).toString());
    }

    @Test
    public void aNoteRecordedInAnyOrderIsTheSameStart() {
        StartSpec spec = StartSpec.parseOffsets("{\"b\":{\"1\":7},\"a\":{\"10\":5,\"2\":6}}");
        // as a ledger written before the order was fixed may hold it
        assertTrue(spec.sameAs("offsets {b-1=7, a-10=5, a-2=6}"));
        assertTrue(spec.sameAs(spec.toString()));
        assertFalse("another offset is another start", spec.sameAs("offsets {b-1=7, a-10=5, a-2=9}"));
        assertFalse("a partition fewer is another start", spec.sameAs("offsets {b-1=7, a-10=5}"));
        assertFalse(spec.sameAs("earliest"));
        assertTrue(StartSpec.earliest().sameAs("earliest"));
        assertFalse(StartSpec.earliest().sameAs("latest"));
    }

    @Test
    public void twoJvmsDescribeTheSameStartAlike() throws IOException, InterruptedException {
        List<String> seen = new ArrayList<>();
        for (int run = 0; run < 4; run++) {
            Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", System.getProperty("java.class.path"), StartSpecTest.class.getName())
                    .redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            assertTrue("the child JVM did not end", p.waitFor(60, TimeUnit.SECONDS));
            assertEquals(out, 0, p.exitValue());
            seen.add(out);
        }
        String expected = StartSpec.offsets(offsets()) + System.lineSeparator() + StartSpec.timestamps(offsets(), false)
                + System.lineSeparator() + StartSpec.offsets(offsets()).toJson();
        for (String s : seen) {
            assertEquals(expected, s);
        }
    }

    @Test
    public void everyKindIsRecordedAsDataAndReadBackAsTheSameStart() {
        Map<TopicPartition, Long> forward = new LinkedHashMap<>();
        forward.put(new TopicPartition("b", 1), 7L);
        forward.put(new TopicPartition("a", 10), -2L);
        forward.put(new TopicPartition("a", 2), -1L);
        for (StartSpec spec : List.of(StartSpec.resume(), StartSpec.earliest(), StartSpec.latest(), StartSpec.committed(),
                StartSpec.offsets(forward), StartSpec.timestamp(1_700_000_000_000L, true),
                StartSpec.timestamps(Map.of(new TopicPartition("a", 0), 5L), false))) {
            assertEquals(spec.toJson(), spec, StartSpec.fromJson(spec.toJson()));
        }
        assertEquals("{\"kind\":\"offsets\",\"offsets\":{\"a\":{\"2\":-1,\"10\":-2},\"b\":{\"1\":7}}}",
                StartSpec.offsets(forward).toJson());
        assertEquals("{\"kind\":\"timestamp\",\"timestampMs\":1700000000000,\"latestWhenNoRecord\":true}",
                StartSpec.timestamp(1_700_000_000_000L, true).toJson());
    }

    @Test
    public void startsAreTheSameStartWhateverTheOrderOfTheirPartitionsAndDifferOtherwise() {
        StartSpec a = StartSpec.parseOffsets("{\"b\":{\"1\":7},\"a\":{\"10\":5,\"2\":6}}");
        StartSpec b = StartSpec.parseOffsets("{\"a\":{\"2\":6,\"10\":5},\"b\":{\"1\":7}}");
        assertEquals(a, b);
        assertEquals(a.toJson(), b.toJson());
        assertFalse(a.equals(StartSpec.parseOffsets("{\"a\":{\"2\":6,\"10\":5},\"b\":{\"1\":8}}")));
        assertFalse(StartSpec.timestamp(5, true).equals(StartSpec.timestamp(5, false)));
        assertFalse(StartSpec.earliest().equals(StartSpec.latest()));
    }

    @Test
    public void aRecordedStartThatCannotBeReadIsAnError() {
        for (String bad : List.of("{\"kind\":\"sometime\"}", "{\"kind\":\"timestamp\"}", "[1]", "{oops")) {
            try {
                StartSpec.fromJson(bad);
                org.junit.Assert.fail("read " + bad);
            } catch (IllegalArgumentException expected) {
                assertTrue(expected.getMessage(), expected.getMessage().contains("recorded start"));
            }
        }
    }
}
