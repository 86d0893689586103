package io.directstream.replay;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertTrue;

import java.util.List;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;
import org.apache.spark.streaming.kafka010.OffsetRange;
import org.junit.Test;

public class ReprocessPlanTest {
    static final TopicPartition A0 = new TopicPartition("a", 0);
    static final TopicPartition A1 = new TopicPartition("a", 1);

    @Test
    public void chunksStartAtTheRangeStartAndAreStable() {
        ReprocessPlan p = new ReprocessPlan(Map.of(A0, 100L, A1, 5L), Map.of(A0, 350L, A1, 5L), 100);
        assertEquals("an empty range is left out", 1, p.ranges().size());
        assertEquals(250, p.totalOffsets());
        List<OffsetRange> c = p.chunks(Map.of());
        assertEquals(List.of("a-0[100,200)", "a-0[200,300)", "a-0[300,350)"),
                c.stream().map(r -> r.topic() + "-" + r.partition() + "[" + r.fromOffset() + "," + r.untilOffset() + ")").toList());
        assertEquals("a repeat of the same range has the same name", p.defaultName(),
                new ReprocessPlan(Map.of(A0, 100L), Map.of(A0, 350L), 100).defaultName());
        assertNotEquals(p.defaultName(), new ReprocessPlan(Map.of(A0, 100L), Map.of(A0, 351L), 100).defaultName());
        assertTrue(p.defaultName().matches("range-[0-9a-f]{16}"));
    }

    @Test
    public void aResumedRunSkipsTheChunksItsLedgerHolds() {
        ReprocessPlan p = new ReprocessPlan(Map.of(A0, 0L), Map.of(A0, 1000L), 300);
        List<OffsetRange> c = p.chunks(Map.of(A0, 600L));
        assertEquals(2, c.size());
        assertEquals(600, c.get(0).fromOffset());
        assertEquals(900, c.get(1).fromOffset());
        assertEquals(1000, c.get(1).untilOffset());
    }

    @Test
    public void aFinishedReplayRunAgainWithALaterEndSkipsNoOffset() {
        // the first run covered [0, 1050): its last chunk [900, 1050) ended inside the chunk [900, 1200)
        ReprocessPlan later = new ReprocessPlan(Map.of(A0, 0L), Map.of(A0, 1500L), 300);
        List<OffsetRange> c = later.chunks(Map.of(A0, 1050L));
        assertEquals(List.of("a-0[1050,1200)", "a-0[1200,1500)"),
                c.stream().map(r -> r.topic() + "-" + r.partition() + "[" + r.fromOffset() + "," + r.untilOffset() + ")").toList());
    }

    @Test
    public void theProgressLineSaysDoneTotalRateAndEta() {
        Progress p = new Progress(System.err, 1000, false);
        String line = p.line(250, 2_000_000_000L);
        assertEquals("[########......................]  25% 250/1,000 records  125 rec/s  ETA 6s", line);
        assertEquals("1m40s", Progress.formatSeconds(100));
    }
}
