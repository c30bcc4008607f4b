package dev.parallax.engine.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class OtherProcessesLoadTest {

    @Test
    void theOthersLoadIsTheMachinesBusyTimeLessOurOwn() {
        String stat = "cpu  1000 10 200 5000 40 5 15 30 0 0\ncpu0 500 5 100 2500 20 2 7 15 0 0\n";
        assertEquals(1000 + 10 + 200 + 5 + 15 + 30, OtherProcessesLoad.machineBusyTicks(stat));
        String self = "4242 (java worker) S 1 2 3 0 -1 4194304 10 0 0 0 70 30 0 0 20 0 4 0";
        assertEquals(100, OtherProcessesLoad.ownTicks(self));
        OtherProcessesLoad.Sample a = new OtherProcessesLoad.Sample(1000, 100, 40, 0);
        OtherProcessesLoad.Sample b = new OtherProcessesLoad.Sample(1000 + 200, 100 + 50, 40 + 50, 1_000_000_000L);
        OtherProcessesLoad.Load load = OtherProcessesLoad.between(a, b).orElseThrow();
        assertEquals(0.5, load.parallax(), 1e-9, "the worker's parent: 50 ticks in a second");
        assertEquals(1.0, load.others(), 1e-9, "200 ticks busy in a second, 50 the worker's, 50 its parent's");
        assertTrue(OtherProcessesLoad.sample().isPresent(), "readable on Linux");
        OtherProcessesLoad.Sample soon = new OtherProcessesLoad.Sample(1000 + 9, 100 + 2, 40 + 7, 49_000_000L);
        assertTrue(OtherProcessesLoad.between(a, soon).isEmpty(), "7 ticks in 49 ms are no load of 1.4 processors");
    }
}
