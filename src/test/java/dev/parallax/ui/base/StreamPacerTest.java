package dev.parallax.ui.base;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StreamPacerTest {

    @Test
    void theFirstUpdateGoesAtOnceThenAtMostOneEveryInterval() {
        StreamPacer pacer = new StreamPacer();
        long t = 5_000_000_000L;
        assertTrue(pacer.due(t));
        assertFalse(pacer.due(t + 1));
        assertFalse(pacer.due(t + StreamPacer.INTERVAL_NANOS - 1));
        assertTrue(pacer.due(t + StreamPacer.INTERVAL_NANOS));
        assertFalse(pacer.due(t + StreamPacer.INTERVAL_NANOS + 16_000_000));
        pacer.reset();
        assertTrue(pacer.due(t + StreamPacer.INTERVAL_NANOS + 17_000_000), "after a reset the next update goes at once");
    }

    @Test
    void negativeAndWrappingClockValuesStillPace() {
        StreamPacer pacer = new StreamPacer();
        long t = -3_000_000_000L;
        assertTrue(pacer.due(t));
        assertFalse(pacer.due(t + 50_000_000));
        assertTrue(pacer.due(t + 150_000_000));
    }
}
