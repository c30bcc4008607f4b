package dev.parallax.core;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The recorder's cloud events: attempts and waits counted, network phases measured from the last send. */
class RunRecorderCloudTest {

    private static final long MS = 1_000_000L;

    @Test
    void retriesAreCountedAndPhasesMeasuredFromTheLastSend() {
        AtomicLong now = new AtomicLong(0);
        RunSpec spec = RunSpec.chat(new Target("openai", "gpt-4o-mini"), "", "Hi", GenerationParams.defaults());
        RunRecorder r = new RunRecorder("r", spec, ModelIdentity.unknown("gpt-4o-mini"),
                new HostFacts("cpu", 2, 1, "os", "t"), Instant.EPOCH, 0, now::get);

        r.onEvent(new RunEvent.Started(5 * MS, "openai-chat", "openai"));
        r.onEvent(new RunEvent.RequestSent(5 * MS, 1));
        r.onEvent(new RunEvent.ResponseHeaders(40 * MS, 429));
        r.onEvent(new RunEvent.Retrying(45 * MS, 1, "HTTP 429", 2000));
        r.onEvent(new RunEvent.RequestSent(2045 * MS, 2));
        r.onEvent(new RunEvent.ResponseHeaders(2080 * MS, 200));
        r.onEvent(new RunEvent.FirstByte(2081 * MS));
        now.set(2345 * MS);
        r.onEvent(new RunEvent.Token(2345 * MS, ""));
        r.onEvent(new RunEvent.Token(2345 * MS, "Hel"));
        now.set(2400 * MS);
        r.onEvent(new RunEvent.Token(2400 * MS, "lo"));
        r.onEvent(new RunEvent.UsageReported(2410 * MS, new Usage(9, 2, UsageBasis.EXACT, 4), Optional.empty()));
        r.onEvent(new RunEvent.ProviderTimings(2410 * MS, Map.of("processing_ms", 300.0)));
        now.set(2420 * MS);
        r.onEvent(new RunEvent.Completed(2420 * MS, "stop"));

        RunResult result = r.result(Instant.EPOCH.plusSeconds(3));
        Timings t = result.timings();
        assertEquals(RunStatus.COMPLETED, result.status());
        assertEquals("Hello", result.text());
        assertEquals(2, t.attempts());
        assertEquals(2000, t.retryWaitMs());
        assertEquals(5, t.queueMs());
        assertEquals(OptionalDouble.of(35), t.headersMs());
        assertEquals(OptionalDouble.of(36), t.firstByteMs());
        assertEquals(OptionalDouble.of(300), t.ttftFromSendMs());
        assertEquals(OptionalDouble.of(2345), t.ttftMs(), "TTFT from submission includes the failed attempt and the wait");
        assertEquals(Optional.of("stop"), result.stopReason());
        assertEquals(Map.of("processing_ms", 300.0), result.providerTimings());
        assertEquals(4, result.usage().cachedPromptTokens());
    }

    @Test
    void aLocalRunHasOneAttemptAndNoNetworkPhases() {
        RunSpec spec = RunSpec.raw(Target.local("m"), "x", GenerationParams.defaults());
        RunRecorder r = new RunRecorder("r", spec, ModelIdentity.unknown("m"), new HostFacts("", 1, 0, "", ""),
                Instant.EPOCH, 0, () -> 10 * MS);
        r.onEvent(new RunEvent.Started(MS, "e", "b"));
        r.onEvent(new RunEvent.Token(2 * MS, "a"));
        r.onEvent(new RunEvent.Completed(3 * MS, ""));
        RunResult result = r.result(Instant.EPOCH);
        assertEquals(1, result.timings().attempts());
        assertEquals(OptionalDouble.empty(), result.timings().headersMs());
        assertEquals(Optional.empty(), result.stopReason());
    }
}
