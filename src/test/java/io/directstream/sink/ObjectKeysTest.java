package io.directstream.sink;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertTrue;

import io.directstream.storage.S3Location;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.Test;

public class ObjectKeysTest {
    private final ObjectKeys keys = new ObjectKeys(S3Location.parse("s3://bucket/archive/v1"), "jsonl", Compression.NONE);

    @Test
    public void keyHasHiveFoldersAndZeroPaddedStartOffset() {
        assertEquals("archive/v1/topic=orders/partition=3/orders+3+00000000000000001234.jsonl",
                keys.dataKey("orders", 3, 1234));
    }

    @Test
    public void keyIsAPureFunctionOfTopicPartitionAndFromOffset() {
        assertEquals(keys.dataKey("t", 0, 42), keys.dataKey("t", 0, 42));
        assertNotEquals(keys.dataKey("t", 0, 42), keys.dataKey("t", 0, 43));
        assertNotEquals(keys.dataKey("t", 0, 42), keys.dataKey("t", 1, 42));
        assertNotEquals(keys.dataKey("t", 0, 42), keys.dataKey("u", 0, 42));
    }

    @Test
    public void keysOfAPartitionSortByOffset() {
        long[] offsets = {0, 9, 10, 99, 100, 123_456_789, Long.MAX_VALUE};
        List<String> ks = new ArrayList<>();
        for (long o : offsets) {
            ks.add(keys.dataKey("t", 7, o));
        }
        List<String> sorted = new ArrayList<>(ks);
        Collections.sort(sorted);
        assertEquals(ks, sorted);
    }

    @Test
    public void gzipAddsItsExtension() {
        ObjectKeys gz = new ObjectKeys(S3Location.parse("s3://bucket"), "jsonl", Compression.GZIP);
        assertEquals("topic=t/partition=0/t+0+00000000000000000000.jsonl.gz", gz.dataKey("t", 0, 0));
    }

    @Test
    public void deadLettersLiveUnderTheirOwnPrefixWithTheSameName() {
        assertEquals("archive/v1/_dead-letter/topic=t/partition=2/t+2+00000000000000000005.jsonl",
                keys.deadLetterKey("t", 2, 5));
    }

    @Test(expected = IllegalArgumentException.class)
    public void negativeOffsetsAreRefused() {
        keys.dataKey("t", 0, -1);
    }

    @Test
    public void topicNamesWithDotsAndDashesStayReadable() {
        assertTrue(keys.dataKey("app.events-v2_x", 0, 1).contains("topic=app.events-v2_x/partition=0/app.events-v2_x+0+"));
    }
}
