package dev.parallax.engine.local;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class LocalEngineThreadsTest {

    @Test
    void aRunNeverGetsMoreThreadsThanProcessorsAndIsToldWhenItAskedForMore() {
        assertEquals(8, LocalEngine.threadsFor(0, 8), "0: all of them");
        assertEquals(4, LocalEngine.threadsFor(4, 8));
        assertEquals(8, LocalEngine.threadsFor(64, 8));
        assertEquals(Optional.empty(), LocalEngine.threadsNotice(8, 8));
        assertEquals(Optional.empty(), LocalEngine.threadsNotice(0, 8));
        assertEquals(Optional.of("ran on 2 threads, not the 64 asked: this machine has 2 processors, and llama.cpp's "
                + "threads wait for each other when there are more of them"), LocalEngine.threadsNotice(64, 2));
    }
}
