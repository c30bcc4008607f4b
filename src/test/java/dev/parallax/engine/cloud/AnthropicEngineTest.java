package dev.parallax.engine.cloud;

import dev.parallax.core.RunEvent;
import dev.parallax.core.RunResult;
import dev.parallax.core.RunStatus;
import dev.parallax.core.UsageBasis;
import dev.parallax.testing.FakeHttpServer;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Anthropic Messages streaming: message_start, content deltas, ping, message_delta usage, errors, 529. */
class AnthropicEngineTest extends WireFormatContract {

    static String event(String name, String json) {
        return "event: " + name + "\ndata: " + json + "\n\n";
    }

    @Override
    ApiFormat format() {
        return ApiFormat.ANTHROPIC;
    }

    @Override
    String provider() {
        return "anthropic";
    }

    @Override
    String model() {
        return "claude-3-5-haiku-latest";
    }

    @Override
    String contentType() {
        return "text/event-stream; charset=utf-8";
    }

    @Override
    List<String> preamble() {
        return list(
                event("message_start", "{\"type\":\"message_start\",\"message\":{\"id\":\"msg_01\",\"type\":\"message\","
                        + "\"role\":\"assistant\",\"content\":[],\"model\":\"claude-3-5-haiku-20241022\",\"stop_reason\":null,"
                        + "\"stop_sequence\":null,\"usage\":{\"input_tokens\":" + PROMPT_TOKENS + ",\"cache_creation_input_tokens\":0,"
                        + "\"cache_read_input_tokens\":0,\"output_tokens\":1}}}"),
                event("content_block_start", "{\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"text\",\"text\":\"\"}}"),
                event("ping", "{\"type\": \"ping\"}"));
    }

    @Override
    String token(String text) {
        return event("content_block_delta", "{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\","
                + "\"text\":\"" + text + "\"}}");
    }

    @Override
    List<String> ending(int promptTokens, int completionTokens) {
        return list(event("content_block_stop", "{\"type\":\"content_block_stop\",\"index\":0}"),
                event("message_delta", "{\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"end_turn\",\"stop_sequence\":null},"
                        + "\"usage\":{\"output_tokens\":" + completionTokens + "}}"),
                event("message_stop", "{\"type\":\"message_stop\"}"));
    }

    @Override
    List<String> endingWithoutUsage() {
        return list(event("content_block_stop", "{\"type\":\"content_block_stop\",\"index\":0}"));
    }

    @Override
    String malformed() {
        return event("content_block_delta", "{\"type\":\"content_block_delta\",\"index\":0,\"delta\":");
    }

    @Override
    String midStreamError(String message) {
        return event("error", "{\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":\"" + message + "\"}}");
    }

    @Override
    String unknownEvent() {
        return event("content_block_delta", "{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"thinking_delta\","
                + "\"thinking\":\"hmm\"}}") + event("some_future_event", "{\"type\":\"some_future_event\"}");
    }

    @Override
    String expectedTarget() {
        return "/v1/messages";
    }

    @Test
    void theRequestCarriesTheVersionAndTheKeyHeadersAndTheSystemPromptApart() throws Exception {
        try (FakeHttpServer server = new FakeHttpServer(normal(0))) {
            run(server);
            FakeHttpServer.Request req = server.requests().get(0);
            assertEquals(KEY, req.header("x-api-key"));
            assertEquals("2023-06-01", req.header("anthropic-version"));
            assertTrue(req.body().contains("\"system\":\"You are terse.\""), req.body());
            assertTrue(req.body().contains("\"messages\":[{\"role\":\"user\",\"content\":\"Say hello.\"}]"), req.body());
            assertTrue(req.body().contains("\"stream\":true") && req.body().contains("\"max_tokens\":32"), req.body());
        }
    }

    @Test
    void overloaded529BeforeTheStreamIsRetried() throws Exception {
        try (FakeHttpServer server = new FakeHttpServer(
                (req, ex) -> ex.respond(529, "application/json",
                        "{\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":\"Overloaded\"}}"),
                normal(0))) {
            CloudHarness.Outcome o = run(server);
            assertEquals(RunStatus.COMPLETED, o.result().status(), () -> o.result().error().orElse(""));
            assertEquals(2, o.result().timings().attempts());
            assertTrue(o.events(RunEvent.Retrying.class).get(0).reason().contains("HTTP 529: overloaded_error: Overloaded"),
                    o.events(RunEvent.Retrying.class).get(0).reason());
        }
    }

    @Test
    void overloadedOnEveryAttemptGivesUpWithTheCount() throws Exception {
        try (FakeHttpServer server = new FakeHttpServer((req, ex) -> ex.respond(529, "application/json",
                "{\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":\"Overloaded\"}}"))) {
            RunResult r = run(server).result();
            assertEquals(RunStatus.FAILED, r.status());
            assertEquals(3, server.requests().size());
            assertTrue(r.error().orElse("").endsWith("(gave up after 3 attempts)"), r.error().orElse(""));
        }
    }

    @Test
    void cacheReadsCountAsPromptTokensAndAreMarkedCached() throws Exception {
        try (FakeHttpServer server = new FakeHttpServer((req, ex) -> {
            ex.stream(200, contentType());
            ex.send(event("message_start", "{\"type\":\"message_start\",\"message\":{\"id\":\"m\",\"type\":\"message\",\"role\":\"assistant\","
                    + "\"content\":[],\"model\":\"claude-3-5-haiku-20241022\",\"usage\":{\"input_tokens\":5,"
                    + "\"cache_creation_input_tokens\":0,\"cache_read_input_tokens\":2000,\"output_tokens\":1}}}"));
            ex.send(token("Hi"));
            for (String p : ending(0, 2)) {
                ex.send(p);
            }
            ex.finish();
        })) {
            RunResult r = run(server).result();
            assertEquals(RunStatus.COMPLETED, r.status(), () -> r.error().orElse(""));
            assertEquals(2005, r.usage().promptTokens());
            assertEquals(2000, r.usage().cachedPromptTokens());
            assertEquals(2, r.usage().completionTokens());
            assertEquals(UsageBasis.EXACT, r.usage().basis());
            assertEquals(java.util.Optional.of("end_turn"), r.stopReason());
        }
    }

    @Test
    void aStreamCutAfterMessageStartKeepsTheProvidersInputCount() throws Exception {
        try (FakeHttpServer server = new FakeHttpServer((req, ex) -> {
            ex.stream(200, contentType());
            for (String p : preamble()) {
                ex.send(p);
            }
            ex.send(token("Hello"));
            ex.closeAbruptly();
        })) {
            RunResult r = run(server).result();
            assertEquals(RunStatus.TRUNCATED, r.status(), () -> r.error().orElse(""));
            assertEquals(PROMPT_TOKENS, r.usage().promptTokens(), "input_tokens from message_start");
            assertEquals(UsageBasis.ESTIMATED, r.usage().basis());
        }
    }
}
