package dev.parallax.route;

import dev.parallax.app.AppServices;
import dev.parallax.app.ParallaxHome;
import dev.parallax.core.GenerationParams;
import dev.parallax.core.RunEvent;
import dev.parallax.core.RunResult;
import dev.parallax.core.RunSpec;
import dev.parallax.core.RunStatus;
import dev.parallax.core.Target;
import dev.parallax.history.RunRecord;
import dev.parallax.testing.FakeHttpServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The one run path with a cloud target: routed, retried, priced and saved with all of it. */
class CloudRunServiceTest {

    @TempDir
    Path home;

    @Test
    void aRetriedAnthropicRunIsSavedWithItsAttemptsUsageAndCost() throws Exception {
        String stream = "event: message_start\ndata: {\"type\":\"message_start\",\"message\":{\"id\":\"m\",\"type\":\"message\","
                + "\"role\":\"assistant\",\"content\":[],\"model\":\"claude-3-5-haiku-20241022\",\"usage\":{\"input_tokens\":1000,"
                + "\"output_tokens\":1}}}\n\n"
                + "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\"Hi\"}}\n\n"
                + "event: message_delta\ndata: {\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"end_turn\"},\"usage\":{\"output_tokens\":500}}\n\n"
                + "event: message_stop\ndata: {\"type\":\"message_stop\"}\n\n";
        try (FakeHttpServer server = new FakeHttpServer(
                (req, ex) -> ex.respond(529, "application/json",
                        "{\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":\"Overloaded\"}}", "retry-after", "0"),
                (req, ex) -> {
                    ex.stream(200, "text/event-stream");
                    ex.send(stream);
                    ex.finish();
                });
             AppServices services = new AppServices(new ParallaxHome(home), false, Map.of(
                     "ANTHROPIC_BASE_URL", server.url(""), "ANTHROPIC_API_KEY", "sk-ant-test-0000000000000000",
                     "PARALLAX_KEYSTORE", "file"))) {
            List<RunEvent> seen = new CopyOnWriteArrayList<>();
            ActiveRun run = services.runService().start(RunSpec.chat(new Target("anthropic", "claude-3-5-haiku-latest"), "",
                    "Hi", GenerationParams.defaults()), seen::add);
            RunResult result = run.await(Duration.ofSeconds(10)).orElseThrow();
            assertEquals(RunStatus.COMPLETED, result.status(), () -> result.error().orElse(""));
            assertTrue(seen.stream().anyMatch(e -> e instanceof RunEvent.Retrying), "the caller sees the retry");

            RunRecord saved = services.runs().find(run.runId()).orElseThrow();
            assertEquals(RunStatus.COMPLETED, saved.status());
            assertEquals(2, saved.timings().attempts());
            assertEquals("exact", saved.usage().basis().label());
            assertEquals(java.util.Optional.of("exact"), saved.costBasis());
            // 1,000 × $0.80/M + 500 × $4.00/M
            assertEquals(0, new BigDecimal("0.0028").compareTo(saved.costUsd().orElseThrow()));
            assertEquals("claude-3-5-haiku-20241022", saved.costInputs().get("price_entry").substring("anthropic:".length()));
            assertEquals(java.util.Optional.of("end_turn"), saved.stopReason());
            assertEquals("anthropic-messages", saved.model().engine());
        }
    }

    @Test
    void aCancelledCloudRunIsSavedAsCancelled() throws Exception {
        try (FakeHttpServer server = new FakeHttpServer((req, ex) -> {
            ex.stream(200, "application/x-ndjson");
            ex.send("{\"model\":\"m\",\"message\":{\"role\":\"assistant\",\"content\":\"Once\"},\"done\":false}\n");
            ex.awaitClientClose(5_000);
        }); AppServices services = new AppServices(new ParallaxHome(home), false,
                Map.of("OLLAMA_HOST", "127.0.0.1:" + server.port(), "PARALLAX_KEYSTORE", "file"))) {
            java.util.concurrent.CountDownLatch token = new java.util.concurrent.CountDownLatch(1);
            ActiveRun run = services.runService().start(RunSpec.chat(new Target("ollama", "m"), "", "Hi",
                    GenerationParams.defaults()), e -> {
                if (e instanceof RunEvent.Token) {
                    token.countDown();
                }
            });
            assertTrue(token.await(5, java.util.concurrent.TimeUnit.SECONDS));
            run.cancel();
            RunResult result = run.await(Duration.ofSeconds(2)).orElseThrow();
            assertEquals(RunStatus.CANCELLED, result.status());
            assertEquals("Once", services.runs().find(run.runId()).orElseThrow().output());
        }
    }

    @Test
    void unknownProvidersAndMissingKeysAreRefusedBeforeAnyRowIsWritten() throws Exception {
        try (AppServices services = new AppServices(new ParallaxHome(home), false, Map.of("PARALLAX_KEYSTORE", "file"))) {
            RunRejectedException unknown = assertThrows(RunRejectedException.class, () -> services.runService().start(
                    RunSpec.chat(new Target("nosuch", "m"), "", "Hi", GenerationParams.defaults()), e -> { }));
            assertTrue(unknown.getMessage().startsWith("unknown provider 'nosuch'"));
            RunRejectedException noKey = assertThrows(RunRejectedException.class, () -> services.runService().start(
                    RunSpec.chat(new Target("gemini", "gemini-2.0-flash"), "", "Hi", GenerationParams.defaults()), e -> { }));
            assertEquals("no API key for gemini: set GEMINI_API_KEY or run 'parallax keys set gemini'", noKey.getMessage());
            assertEquals(0, services.runs().recent(10).size());
        }
    }
}
