package dev.parallax.engine.local;

import org.junit.jupiter.api.Test;

import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** What the app sees of the worker's output, and when: tokens may wait a moment for each other, nothing else does. */
class WorkerOutputTest {

    private final ByteArrayOutputStream pipe = new ByteArrayOutputStream();
    private final WorkerOutput out = new WorkerOutput(
            new PrintStream(new BufferedOutputStream(pipe, 1 << 16), false, StandardCharsets.UTF_8));

    private String seen() {
        return pipe.toString(StandardCharsets.UTF_8);
    }

    @Test
    void aRunsFirstTokenGoesOutAtOnce() {
        out.token(7, 100, "Once");
        assertThat(seen()).contains("\"id\":7,\"t\":100,\"text\":\"Once\"");
        out.token(8, 200, "Hello");
        assertThat(seen()).as("the first token of the next run").contains("\"text\":\"Hello\"");
    }

    @Test
    void tokensThatFollowQuicklyGoOutWithinTheCoalescingTime() throws Exception {
        out.token(1, 100, "Once");
        out.token(1, 101, " upon");
        out.token(1, 102, " a time");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (!seen().contains(" a time") && System.nanoTime() < deadline) {
            Thread.sleep(1);
        }
        assertThat(seen()).contains("\"t\":101,\"text\":\" upon\"").contains("\"t\":102,\"text\":\" a time\"");
    }

    @Test
    void anyOtherMessageFlushesTheTokensBeforeItInOrder() {
        out.token(1, 100, "Once");
        out.token(1, 101, " upon");
        out.event(WorkerProtocol.CANCELLED, 1, 102);
        String s = seen();
        assertThat(s.indexOf(" upon")).isPositive().isLessThan(s.indexOf("\"type\":\"cancelled\""));
    }
}
