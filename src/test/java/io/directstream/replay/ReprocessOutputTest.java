package io.directstream.replay;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import io.directstream.config.InvalidConfigException;
import io.directstream.storage.S3Location;
import org.junit.Test;

/** Where a reprocess may write (and, with --restart, delete): never over the live job's location. */
public class ReprocessOutputTest {
    private static final S3Location LIVE = S3Location.parse("s3://bucket/archive");

    private static String refused(String output) {
        return assertThrows(InvalidConfigException.class,
                () -> Reprocessor.checkOutput(LIVE, S3Location.parse(output))).getMessage();
    }

    @Test
    public void aNamedFolderUnderReplayOrAnotherLocationIsAllowed() throws Exception {
        Reprocessor.checkOutput(LIVE, S3Location.parse("s3://bucket/archive/_replay/fix-1"));
        Reprocessor.checkOutput(LIVE, S3Location.parse("s3://bucket/archive-replays/x"));
        Reprocessor.checkOutput(LIVE, S3Location.parse("s3://other-bucket/archive"));
    }

    @Test
    public void theLiveLocationWhatContainsItAndWhatLiesInsideItAreRefused() {
        assertTrue(refused("s3://bucket/archive").contains("(it is the same location)"));
        assertTrue(refused("s3://bucket/archive/").contains("(it is the same location)"));
        assertTrue(refused("s3://bucket").contains("(it contains it)"));
        assertTrue(refused("s3://bucket/archive/topic=orders").contains("(it lies inside it)"));
        assertTrue(refused("s3://bucket/archive/_replay").contains("(it lies inside it)"));
        assertTrue(refused("s3://bucket/archive/_ledger").contains("Use s3://bucket/archive/_replay/<name>"));
    }

    @Test
    public void aFolderIsNotASiblingWithTheSamePrefix() {
        S3Location a = S3Location.parse("s3://bucket/archive/_replay/a");
        assertTrue(a.contains(S3Location.parse("s3://bucket/archive/_replay/a/x")));
        assertTrue(!a.contains(S3Location.parse("s3://bucket/archive/_replay/ab")));
        assertEquals("archive/_replay/a/", a.folder());
    }

    @Test
    public void aReplayNameIsOneFolder() {
        assertEquals("fix-2026.11_a", ReprocessMain.replayName("fix-2026.11_a"));
        for (String bad : new String[] {"../archive", "a/b", "", ".hidden", "a b"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ReprocessMain.replayName(bad));
            assertTrue(e.getMessage(), e.getMessage().contains("one folder under _replay/"));
        }
    }
}
