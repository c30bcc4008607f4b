package dev.parallax.engine.cloud;

import dev.parallax.core.RunResult;
import dev.parallax.core.RunStatus;
import dev.parallax.cost.Price;
import dev.parallax.cost.PriceTable;
import dev.parallax.testing.FakeHttpServer;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Ollama's native /api/chat: NDJSON lines, its own nanosecond timings, error lines. */
class OllamaEngineTest extends WireFormatContract {

    static String line(String text, boolean done) {
        return "{\"model\":\"llama3.2\",\"created_at\":\"2025-08-15T10:00:00.000000Z\",\"message\":{\"role\":\"assistant\","
                + "\"content\":\"" + text + "\"},\"done\":" + done + "}\n";
    }

    static String doneLine(int prompt, int eval) {
        return "{\"model\":\"llama3.2\",\"created_at\":\"2025-08-15T10:00:01.000000Z\",\"message\":{\"role\":\"assistant\","
                + "\"content\":\"\"},\"done_reason\":\"stop\",\"done\":true,\"total_duration\":1234567890,"
                + "\"load_duration\":456000000,\"prompt_eval_count\":" + prompt + ",\"prompt_eval_duration\":120500000,"
                + "\"eval_count\":" + eval + ",\"eval_duration\":80000000}\n";
    }

    @Override
    ApiFormat format() {
        return ApiFormat.OLLAMA;
    }

    @Override
    String provider() {
        return "ollama";
    }

    @Override
    String model() {
        return "llama3.2";
    }

    /** Ollama has no list price; a user-set one (say, for a shared server) is used like any other. */
    @Override
    Price price(PriceTable table) {
        return new Price("ollama", "llama3.2", List.of(), new BigDecimal("0.02"), new BigDecimal("0.05"),
                Optional.empty(), OptionalInt.empty(), "test", "2026-01-01", true);
    }

    @Override
    PriceTable withPrice(PriceTable table, Price price) {
        dev.parallax.config.ConfigFile config;
        try {
            java.nio.file.Path dir = dev.parallax.testing.TempDirs.removedAtExit("prices");
            config = new dev.parallax.config.ConfigFile(dir.resolve("config.json"));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        PriceTable withOverride = PriceTable.load(config);
        withOverride.override(price);
        return withOverride;
    }

    @Override
    String contentType() {
        return "application/x-ndjson";
    }

    @Override
    List<String> preamble() {
        return list();
    }

    @Override
    String token(String text) {
        return line(text, false);
    }

    @Override
    List<String> ending(int promptTokens, int completionTokens) {
        return list(doneLine(promptTokens, completionTokens));
    }

    @Override
    List<String> endingWithoutUsage() {
        return list(line("", false));
    }

    @Override
    String malformed() {
        return "{\"model\":\"llama3.2\",\"message\":{\"content\":\"x\"\n";
    }

    @Override
    String midStreamError(String message) {
        return "{\"error\":\"" + message + "\"}\n";
    }

    @Override
    String unknownEvent() {
        return "{\"model\":\"llama3.2\",\"message\":{\"role\":\"assistant\",\"content\":\"\",\"thinking\":\"hmm\"},"
                + "\"done\":false,\"future\":1}\n";
    }

    @Override
    String expectedTarget() {
        return "/api/chat";
    }

    @Test
    void theConnectionCheckListsTheModelsOllamaServesAsTargetsNameThem() throws Exception {
        try (FakeHttpServer server = new FakeHttpServer((req, ex) -> ex.respond(200, "application/json",
                "{\"models\":[{\"name\":\"llama3.2:latest\",\"model\":\"llama3.2:latest\",\"size\":2019393189},"
                        + "{\"name\":\"qwen2.5:0.5b\",\"model\":\"qwen2.5:0.5b\"}]}"))) {
            ConnectionCheck c = engine(server).checkConnection();
            assertTrue(c.ok(), c.message());
            assertEquals(java.util.List.of("llama3.2:latest", "qwen2.5:0.5b"), c.models());
            assertEquals(2, c.modelCount().getAsInt());
            assertEquals("/api/tags", server.requests().get(0).target());
        }
    }

    @Test
    void ollamasOwnTimingsAreKeptNextToParallaxs() throws Exception {
        try (FakeHttpServer server = new FakeHttpServer(normal(0))) {
            RunResult r = run(server).result();
            assertEquals(RunStatus.COMPLETED, r.status(), () -> r.error().orElse(""));
            var et = r.timings().engine().orElseThrow();
            assertEquals(PROMPT_TOKENS, et.promptTokens());
            assertEquals(120.5, et.promptMs(), 1e-9);
            assertEquals(COMPLETION_TOKENS, et.generatedTokens());
            assertEquals(80.0, et.generationMs(), 1e-9);
            assertEquals(50.0, et.generationTokensPerSecond(), 1e-9);
            assertEquals(1234.56789, r.providerTimings().get("total_ms"), 1e-9);
            assertEquals(456.0, r.providerTimings().get("load_ms"), 1e-9);
            assertEquals(Optional.of("stop"), r.stopReason());
            String body = server.requests().get(0).body();
            assertTrue(body.contains("\"num_predict\":32") && body.contains("\"repeat_penalty\""), body);
        }
    }

    @Test
    void anErrorLineMidStreamFailsWithOllamasMessage() throws Exception {
        try (FakeHttpServer server = new FakeHttpServer((req, ex) -> {
            ex.stream(200, contentType());
            ex.send(line("Once", false)).send(line(" upon", false));
            ex.send("{\"error\":\"an error was encountered while running the model: unexpected EOF\"}\n");
            ex.finish();
        })) {
            RunResult r = run(server).result();
            assertEquals(RunStatus.FAILED, r.status());
            assertEquals("Once upon", r.text());
            assertTrue(r.error().orElse("").endsWith("an error was encountered while running the model: unexpected EOF"),
                    r.error().orElse(""));
        }
    }

    @Test
    void anUnknownModelIsReportedWithOllamasHint() throws Exception {
        try (FakeHttpServer server = new FakeHttpServer((req, ex) -> ex.respond(404, "application/json",
                "{\"error\":\"model \\\"llama9\\\" not found, try pulling it first\"}"))) {
            RunResult r = run(server).result();
            assertEquals(RunStatus.FAILED, r.status());
            assertTrue(r.error().orElse("").contains("model \"llama9\" not found, try pulling it first"), r.error().orElse(""));
            assertEquals(1, server.requests().size());
        }
    }
}
