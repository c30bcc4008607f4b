package dev.parallax.engine.local;

import dev.parallax.core.EngineTimings;
import org.junit.jupiter.api.Test;

import java.io.StringWriter;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EngineLogTapTest {

    @Test
    void readsLlamaCppTimingLinesAndKeepsTheLog() throws Exception {
        StringWriter log = new StringWriter();
        EngineLogTap tap = new EngineLogTap(log, false);
        long before = tap.sequence();
        tap.accept("slot print_timing: id  0 | task 0 | ");
        tap.accept("prompt eval time =      12.76 ms /     5 tokens (    2.55 ms per token,   391.97 tokens per second)");
        tap.accept("       eval time =       3.31 ms /    20 tokens (    0.17 ms per token,  6038.65 tokens per second)");
        tap.accept("      total time =      16.07 ms /    25 tokens");
        Optional<EngineTimings> t = tap.awaitTimings(before, 10);
        assertEquals(new EngineTimings(5, 12.76, 20, 3.31), t.orElseThrow());
        assertTrue(log.toString().contains("total time"), "every line reaches the log file");
    }

    @Test
    void noTimingsMeansEmptyAfterTheWait() throws Exception {
        EngineLogTap tap = new EngineLogTap(new StringWriter(), false);
        tap.accept("       eval time =       3.31 ms /    20 tokens");
        assertTrue(tap.awaitTimings(tap.sequence(), 20).isEmpty(), "an eval line without its prompt line is not a report");
    }
}
