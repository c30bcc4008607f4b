package dev.parallax.cli;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parallax.core.EngineTimings;
import dev.parallax.core.GenerationParams;
import dev.parallax.core.RunCost;
import dev.parallax.core.RunResult;
import dev.parallax.core.Timings;

import java.util.OptionalDouble;
import java.util.TreeMap;

/**
 * The JSON form of a run that {@code parallax run --json} prints. Keys are a public contract:
 * add new ones, never rename or drop one. Values that were not measured are null.
 */
final class RunJson {

    /** Decimals (costs) are written plain, 0.0000000703 rather than 7.03E-8. */
    static final ObjectMapper JSON = new ObjectMapper().enable(JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN);

    private RunJson() {
    }

    static ObjectNode of(RunResult r) {
        Timings t = r.timings();
        ObjectNode o = JSON.createObjectNode();
        o.put("run_id", r.runId());
        o.put("status", r.status().label());
        o.put("text", r.text());
        putOrNull(o, "ttft_ms", t.ttftMs());
        o.put("total_ms", round(t.totalMs()));
        o.put("prompt_tokens", r.usage().promptTokens());
        o.put("completion_tokens", r.usage().completionTokens());
        putOrNull(o, "tokens_per_second", t.completionTokensPerSecond());
        putOrNull(o, "engine_tokens_per_second",
                t.engine().map(e -> OptionalDouble.of(e.generationTokensPerSecond())).orElse(OptionalDouble.empty()));
        putOrNull(o, "prompt_tokens_per_second", t.promptTokensPerSecond());
        putOrNull(o, "engine_prompt_tokens_per_second",
                t.engine().map(e -> OptionalDouble.of(e.promptTokensPerSecond())).orElse(OptionalDouble.empty()));
        putOrNull(o, "model_load_ms", t.modelLoadMs());
        o.put("queue_ms", round(t.queueMs()));
        o.put("usage_basis", r.usage().basis().label());
        if (r.error().isPresent()) {
            o.put("error", r.error().get());
        } else {
            o.putNull("error");
        }
        o.put("target", r.spec().target().toString());
        o.put("mode", r.spec().mode().name().toLowerCase(java.util.Locale.ROOT));
        o.put("engine", r.model().engine());
        o.put("engine_build", r.model().engineBuild());
        o.put("cpu_variant", cpuVariant(r.model().engineBuild()));
        ObjectNode model = o.putObject("model");
        model.put("name", r.model().name());
        model.put("file", r.model().file());
        model.put("sha256", r.model().sha256());
        model.put("quantization", r.model().quantization());
        model.put("architecture", r.model().architecture());
        putEngineTimings(o, t);
        o.put("started_at", r.startedAt().toString());
        o.put("ended_at", r.endedAt().toString());
        putCloud(o, r);
        return o;
    }

    /** {@code engine_timings}: llama.cpp's own counts and times, or null. */
    static void putEngineTimings(ObjectNode o, Timings t) {
        if (t.engine().isPresent()) {
            EngineTimings e = t.engine().get();
            ObjectNode et = o.putObject("engine_timings");
            et.put("prompt_tokens", e.promptTokens());
            et.put("prompt_ms", round(e.promptMs()));
            et.put("generated_tokens", e.generatedTokens());
            et.put("generation_ms", round(e.generationMs()));
        } else {
            o.putNull("engine_timings");
        }
    }

    /** The generation parameters a run was made with, under the names the history stores them by. */
    static ObjectNode params(GenerationParams p) {
        return dev.parallax.history.JsonColumns.paramsNode(p);
    }

    /** Engines write their build as "... cpu=VARIANT". */
    static String cpuVariant(String engineBuild) {
        int at = engineBuild.lastIndexOf("cpu=");
        return at < 0 ? "" : engineBuild.substring(at + 4).trim();
    }

    /** Cost, attempts and network phases: for cloud runs, and the cost for local runs too. */
    private static void putCloud(ObjectNode o, RunResult r) {
        Timings t = r.timings();
        o.put("provider", r.spec().target().provider());
        if (r.cost().isPresent()) {
            RunCost c = r.cost().get();
            o.put("cost_usd", c.usd());
            o.put("cost_basis", c.basis().label());
            ObjectNode inputs = o.putObject("cost_inputs");
            c.inputs().forEach(inputs::put);
        } else {
            o.putNull("cost_usd");
            o.putNull("cost_basis");
            o.putNull("cost_inputs");
        }
        o.put("attempts", t.attempts());
        o.put("retry_wait_ms", round(t.retryWaitMs()));
        putOrNull(o, "headers_ms", t.headersMs());
        putOrNull(o, "first_byte_ms", t.firstByteMs());
        putOrNull(o, "ttft_from_send_ms", t.ttftFromSendMs());
        o.put("cached_prompt_tokens", r.usage().cachedPromptTokens());
        if (r.stopReason().isPresent()) {
            o.put("stop_reason", r.stopReason().get());
        } else {
            o.putNull("stop_reason");
        }
        if (r.providerTimings().isEmpty()) {
            o.putNull("provider_timings");
        } else {
            ObjectNode pt = o.putObject("provider_timings");
            new TreeMap<>(r.providerTimings()).forEach((k, v) -> pt.put(k, round(v)));
        }
    }

    private static void putOrNull(ObjectNode o, String key, OptionalDouble value) {
        if (value.isPresent()) {
            o.put(key, round(value.getAsDouble()));
        } else {
            o.putNull(key);
        }
    }

    static double round(double v) {
        return Math.round(v * 100.0) / 100.0;
    }
}
