package dev.parallax.history;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;

import dev.parallax.core.ChatMessage;
import dev.parallax.core.EngineTimings;
import dev.parallax.core.GenerationParams;
import dev.parallax.core.HostFacts;
import dev.parallax.core.ModelIdentity;
import dev.parallax.core.PromptMode;
import dev.parallax.core.RunResult;
import dev.parallax.core.RunSpec;
import dev.parallax.core.RunStatus;
import dev.parallax.core.Target;
import dev.parallax.core.Timings;
import dev.parallax.core.Usage;
import dev.parallax.core.UsageBasis;

/** Runs with every field filled, or every optional field empty, for the history tests. */
final class SampleRuns {

    static final HostFacts HOST = new HostFacts("AMD EPYC 7B13 64-Core Processor", 2, 8_589_934_592L,
            "Linux 6.1.0-28-amd64", "0.1.0");

    static final ModelIdentity MODEL = new ModelIdentity("stories260K", "/models/stories260K.gguf",
            "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08", "Q8_0", "llama",
            "java-llama.cpp", "b4916");

    private SampleRuns() {
    }

    static RunSpec fullSpec() {
        GenerationParams params = GenerationParams.defaults()
                .withThreads(2).withContextSize(4096).withMaxTokens(512).withTemperature(0.123456789)
                .withTopK(7).withTopP(0.9).withMinP(0.01).withRepeatPenalty(1.05).withSeed(Long.MAX_VALUE)
                .withStop(List.of("</s>", "\n\nUser:", "🛑 stop", "\"quoted\" \\ back")).withGpuLayers(33);
        List<ChatMessage> messages = List.of(
                ChatMessage.system("Tu es un assistant concis. 日本語も話せます。"),
                ChatMessage.user("First question"),
                ChatMessage.assistant("First answer"),
                ChatMessage.user("Écris un haïku sur la mer 🌊 — 海"));
        return new RunSpec(Target.local("stories260K"), messages, PromptMode.CHAT, params);
    }

    static RunResult fullResult(String runId, RunSpec spec, Instant started, String text) {
        Timings timings = new Timings(1.25, OptionalDouble.of(812.5), OptionalDouble.of(95.125), 4321.0625,
                OptionalDouble.of(250.5), OptionalDouble.of(38.75),
                Optional.of(new EngineTimings(24, 90.5, 127, 3300.25)));
        return new RunResult(runId, spec, RunStatus.COMPLETED, text, Optional.empty(),
                new Usage(24, 128, UsageBasis.EXACT), timings, MODEL, HOST, started, started.plusMillis(4321));
    }

    /** A failed cloud run: every Optional empty, nothing known about the model but its name. */
    static RunResult emptyResult(String runId, Instant started) {
        RunSpec spec = RunSpec.raw(new Target("openai", "gpt-4o-mini"), "Once upon a time",
                GenerationParams.defaults());
        Timings timings = new Timings(0, OptionalDouble.empty(), OptionalDouble.empty(), 17.5,
                OptionalDouble.empty(), OptionalDouble.empty(), Optional.empty());
        return new RunResult(runId, spec, RunStatus.FAILED, "", Optional.of("HTTP 401: invalid API key"),
                new Usage(0, 0, UsageBasis.ESTIMATED), timings, ModelIdentity.unknown(""),
                new HostFacts("", 1, 0, "", ""), started, started.plusMillis(17));
    }

    static RunResult simple(String runId, Target target, RunStatus status, String prompt, String output, Instant started) {
        RunSpec spec = RunSpec.chat(target, "", prompt, GenerationParams.defaults());
        return new RunResult(runId, spec, status, output, Optional.empty(), new Usage(5, 10, UsageBasis.EXACT),
                Timings.none(), ModelIdentity.unknown(target.model()), HOST, started, started.plusMillis(100));
    }
}
