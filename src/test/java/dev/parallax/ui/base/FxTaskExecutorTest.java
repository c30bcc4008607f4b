package dev.parallax.ui.base;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class FxTaskExecutorTest {

    @Test
    void aPollAskedForAfterTheWindowClosedIsNoneRatherThanAnError() throws Exception {
        // Work that finishes as the window closes (the engine status's first read) asks for its poll then: it used to
        // throw RejectedExecutionException on the FX thread.
        FxTaskExecutor tasks = new FxTaskExecutor();
        tasks.close();
        AtomicInteger polls = new AtomicInteger();
        TaskExecutor.Repeating none = assertDoesNotThrow(() -> tasks.repeat(Duration.ofMillis(10), polls::incrementAndGet));
        Thread.sleep(50);
        assertEquals(0, polls.get());
        assertDoesNotThrow(none::close);
    }
}
