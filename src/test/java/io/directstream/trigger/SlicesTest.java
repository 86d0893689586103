package io.directstream.trigger;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.TopicPartition;
import org.apache.spark.streaming.kafka010.OffsetRange;
import org.junit.Test;

public class SlicesTest {
    private static final TopicPartition A0 = new TopicPartition("a", 0);
    private static final TopicPartition A1 = new TopicPartition("a", 1);

    @Test
    public void aBatchLargerThanTheBoundIsCutIntoSlicesThatCoverItOnceAndNeverExceedTheBound() {
        OffsetRange[] ranges = {OffsetRange.create(A0, 20, 260), OffsetRange.create(A1, 0, 75)};
        List<OffsetRange[]> slices = Slices.of(ranges, 100);
        // 240 + 75 = 315 offsets: 100, 100, 100, 15
        assertEquals(4, slices.size());
        long[] next = {20, 0};
        for (OffsetRange[] slice : slices) {
            long n = 0;
            for (OffsetRange r : slice) {
                int i = r.partition();
                assertEquals("slices follow each other without gap or overlap", next[i], r.fromOffset());
                next[i] = r.untilOffset();
                n += r.count();
            }
            assertTrue("at most 100 offsets in a slice, not " + n, n <= 100);
        }
        assertEquals(260, next[0]);
        assertEquals(75, next[1]);
    }

    @Test
    public void aBatchWithinTheBoundIsOneSliceAndEmptyRangesAreLeftOut() {
        OffsetRange[] ranges = {OffsetRange.create(A0, 5, 5), OffsetRange.create(A1, 0, 40)};
        List<OffsetRange[]> slices = Slices.of(ranges, 100);
        assertEquals(1, slices.size());
        assertEquals(1, slices.get(0).length);
        assertEquals(40, slices.get(0)[0].count());
        assertEquals(0, Slices.of(new OffsetRange[] {OffsetRange.create(A0, 5, 5)}, 10).size());
    }

    @Test
    public void chunksNeverSpanTwoPartitionsNorExceedTheirSize() {
        List<TriggerMessage> messages = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            messages.add(new TriggerMessage("a", 0, i, 0, null, new byte[0], List.of()));
        }
        for (int i = 0; i < 3; i++) {
            messages.add(new TriggerMessage("a", 1, i, 0, null, new byte[0], List.of()));
        }
        List<List<TriggerMessage>> units = Slices.units(messages, 2);
        List<String> shape = new ArrayList<>();
        for (List<TriggerMessage> u : units) {
            shape.add(u.get(0).partition() + ":" + u.size());
        }
        assertEquals(List.of("0:2", "0:2", "0:1", "1:2", "1:1"), shape);
    }
}
