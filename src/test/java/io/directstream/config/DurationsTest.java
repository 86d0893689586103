package io.directstream.config;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;

import java.time.Duration;
import org.junit.Test;

public class DurationsTest {
    @Test
    public void parsesDurationsWithUnits() {
        assertEquals(Duration.ofMillis(500), Durations.parse("500ms"));
        assertEquals(Duration.ofSeconds(5), Durations.parse("5s"));
        assertEquals(Duration.ofMinutes(2), Durations.parse(" 2m "));
        assertEquals(Duration.ofHours(1), Durations.parse("1H"));
        assertEquals(Duration.ofDays(3), Durations.parse("3d"));
    }

    @Test
    public void aDurationNeedsAUnit() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Durations.parse("5000"));
        assertEquals("expected a duration such as 500ms, 5s, 2m, 1h or 1d", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Durations.parse("5 sec"));
        assertThrows(IllegalArgumentException.class, () -> Durations.parse("-5s"));
    }

    @Test
    public void parsesSizes() {
        assertEquals(5_242_880L, Durations.parseSize("5242880"));
        assertEquals(512L * 1024, Durations.parseSize("512KiB"));
        assertEquals(8L * 1024 * 1024, Durations.parseSize("8MiB"));
        assertEquals(8_000_000L, Durations.parseSize("8MB"));
        assertEquals(1L << 30, Durations.parseSize("1gib"));
        assertThrows(IllegalArgumentException.class, () -> Durations.parseSize("8 megs"));
    }
}
