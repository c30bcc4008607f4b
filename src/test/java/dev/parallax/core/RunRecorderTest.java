package dev.parallax.core;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The one place metrics are computed, fed with events on a controlled clock. */
class RunRecorderTest {

    private static final long MS = 1_000_000L;

    private final AtomicLong now = new AtomicLong(1_000 * MS);
    private final RunSpec spec = RunSpec.raw(Target.local("m"), "hi", GenerationParams.defaults().withMaxTokens(4));

    private RunRecorder recorder() {
        return new RunRecorder("r1", spec, ModelIdentity.unknown("m"), new HostFacts("cpu", 2, 8, "linux", "t"),
                Instant.EPOCH, now.get(), now::get);
    }

    @Test
    void computesTimingsFromEventStamps() {
        long t0 = now.get();
        RunRecorder r = recorder();
        r.onEvent(new RunEvent.Started(t0 + 10 * MS, "eng", "b1"));
        r.onEvent(new RunEvent.ModelLoaded(t0 + 110 * MS, 100));
        now.set(t0 + 161 * MS);
        r.onEvent(new RunEvent.Token(t0 + 160 * MS, "Hello"));
        r.onEvent(new RunEvent.Token(t0 + 170 * MS, ""));
        r.onEvent(new RunEvent.Token(t0 + 180 * MS, " world"));
        r.onEvent(new RunEvent.Token(t0 + 200 * MS, "!"));
        r.onEvent(new RunEvent.UsageReported(t0 + 200 * MS, new Usage(25, 3, UsageBasis.EXACT),
                Optional.of(new EngineTimings(25, 40, 3, 38))));
        now.set(t0 + 205 * MS);
        r.onEvent(new RunEvent.Completed(t0 + 200 * MS, "stop"));

        RunResult result = r.result(Instant.EPOCH);
        assertEquals(RunStatus.COMPLETED, result.status());
        assertEquals("Hello world!", result.text());
        assertEquals("eng", result.model().engine());
        Timings t = result.timings();
        assertEquals(10, t.queueMs(), 1e-9);
        assertEquals(100, t.modelLoadMs().getAsDouble(), 1e-9);
        assertEquals(161, t.ttftMs().getAsDouble(), 1e-9, "TTFT is when the first non-empty token arrived");
        assertEquals(205, t.totalMs(), 1e-9);
        assertEquals(25 / 0.050, t.promptTokensPerSecond().getAsDouble(), 1e-6, "prompt phase starts after the load");
        assertEquals(2 / 0.040, t.completionTokensPerSecond().getAsDouble(), 1e-6, "tokens after the first over their time");
        assertEquals(25 * 1000 / 40.0, t.engine().orElseThrow().promptTokensPerSecond(), 1e-9);
    }

    @Test
    void eventsAfterTheEndAreIgnored() {
        RunRecorder r = recorder();
        r.onEvent(new RunEvent.Token(now.get(), "a"));
        r.onEvent(new RunEvent.Failed(now.get(), "local engine stopped unexpectedly (killed)"));
        r.onEvent(new RunEvent.Token(now.get(), "b"));
        r.onEvent(new RunEvent.Completed(now.get(), "stop"));
        RunResult result = r.result(Instant.EPOCH);
        assertEquals(RunStatus.FAILED, result.status());
        assertEquals("a", result.text(), "partial text is kept");
        assertEquals("local engine stopped unexpectedly (killed)", result.error().orElseThrow());
    }

    @Test
    void withoutReportedUsageTheCountIsAnEstimate() {
        RunRecorder r = recorder();
        r.onEvent(new RunEvent.Token(now.get(), "x"));
        r.onEvent(new RunEvent.Token(now.get() + MS, "y"));
        r.onEvent(new RunEvent.Cancelled(now.get() + 2 * MS));
        RunResult result = r.result(Instant.EPOCH);
        assertEquals(RunStatus.CANCELLED, result.status());
        assertEquals(UsageBasis.ESTIMATED, result.usage().basis());
        assertEquals(2, result.usage().completionTokens());
    }

    @Test
    void noTokensMeansNoRates() {
        RunRecorder r = recorder();
        r.onEvent(new RunEvent.Started(now.get(), "e", "b"));
        r.onEvent(new RunEvent.Failed(now.get(), "boom"));
        Timings t = r.result(Instant.EPOCH).timings();
        assertFalse(t.ttftMs().isPresent());
        assertFalse(t.completionTokensPerSecond().isPresent());
        assertFalse(t.promptTokensPerSecond().isPresent());
        assertTrue(t.totalMs() >= 0);
    }
}
