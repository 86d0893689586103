package io.directstream.migrate;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.common.TopicPartition;

/**
 * What a legacy source holds: a value per partition (with its origin), problems that belong to no single partition
 * (an unreadable znode that names none), and notes. Built by the sources; a partition given twice becomes an error.
 */
public final class LegacyOffsets {
    static final Comparator<TopicPartition> ORDER =
            Comparator.comparing(TopicPartition::topic).thenComparingInt(TopicPartition::partition);

    private final Map<TopicPartition, LegacyValue> values = new TreeMap<>(ORDER);
    private final List<String> problems = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();
    private final String source;

    public LegacyOffsets(String source) {
        this.source = source;
    }

    /** Adds a partition's value; a second value for the same partition makes both an error (never one chosen). */
    public void add(LegacyValue v) {
        LegacyValue earlier = values.get(v.partition());
        if (earlier == null) {
            values.put(v.partition(), v);
        } else {
            values.put(v.partition(), earlier.withError("given twice: at " + earlier.origin() + " and at " + v.origin()
                    + "; remove one"));
        }
    }

    public void problem(String p) {
        problems.add(p);
    }

    public void note(String n) {
        notes.add(n);
    }

    public Map<TopicPartition, LegacyValue> values() {
        return Collections.unmodifiableMap(values);
    }

    /** Values that could not be attributed to one partition; each one stops the migration. */
    public List<String> problems() {
        return Collections.unmodifiableList(problems);
    }

    public List<String> notes() {
        return Collections.unmodifiableList(notes);
    }

    /** Where they were read: {@code zookeeper 127.0.0.1:2181 /consumers/g/offsets}, {@code file offsets.csv}. */
    public String source() {
        return source;
    }
}
