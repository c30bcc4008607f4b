package dev.parallax.engine.cloud;

import dev.parallax.core.RunEvent;
import dev.parallax.core.RunResult;
import dev.parallax.core.RunStatus;
import dev.parallax.core.UsageBasis;
import dev.parallax.testing.FakeHttpServer;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** OpenAI Chat Completions streaming, and the OpenAI-compatible servers' variations of it. */
class OpenAiEngineTest extends WireFormatContract {

    static String chunk(String delta, String finish) {
        return "data: {\"id\":\"chatcmpl-9x\",\"object\":\"chat.completion.chunk\",\"created\":1723000000,"
                + "\"model\":\"gpt-4o-mini-2024-07-18\",\"system_fingerprint\":\"fp_0ba0d124f1\",\"choices\":[{\"index\":0,"
                + "\"delta\":" + delta + ",\"logprobs\":null,\"finish_reason\":" + (finish == null ? "null" : "\"" + finish + "\"")
                + "}],\"usage\":null}\n\n";
    }

    static String usage(int prompt, int completion) {
        return "data: {\"id\":\"chatcmpl-9x\",\"object\":\"chat.completion.chunk\",\"created\":1723000000,"
                + "\"model\":\"gpt-4o-mini-2024-07-18\",\"choices\":[],\"usage\":{\"prompt_tokens\":" + prompt
                + ",\"completion_tokens\":" + completion + ",\"total_tokens\":" + (prompt + completion)
                + ",\"prompt_tokens_details\":{\"cached_tokens\":0,\"audio_tokens\":0},"
                + "\"completion_tokens_details\":{\"reasoning_tokens\":0}}}\n\n";
    }

    @Override
    ApiFormat format() {
        return ApiFormat.OPENAI;
    }

    @Override
    String provider() {
        return "openai";
    }

    @Override
    String model() {
        return "gpt-4o-mini";
    }

    @Override
    Map<String, String> options() {
        return Map.of("flavor", "openai");
    }

    @Override
    String contentType() {
        return "text/event-stream; charset=utf-8";
    }

    @Override
    List<String> preamble() {
        return list(chunk("{\"role\":\"assistant\",\"content\":\"\",\"refusal\":null}", null));
    }

    @Override
    String token(String text) {
        return chunk("{\"content\":\"" + text + "\"}", null);
    }

    @Override
    List<String> ending(int promptTokens, int completionTokens) {
        return list(chunk("{}", "stop"), usage(promptTokens, completionTokens), "data: [DONE]\n\n");
    }

    @Override
    List<String> endingWithoutUsage() {
        return list(chunk("{}", "stop"));
    }

    @Override
    String malformed() {
        return "data: {\"id\":\"chatcmpl-9x\",\"choices\":[{\"delta\":{\"content\":\"oops\"\n\n";
    }

    @Override
    String midStreamError(String message) {
        // OpenRouter's shape: an error object inside a chunk, finish_reason "error".
        return "data: {\"id\":\"gen-1\",\"object\":\"chat.completion.chunk\",\"created\":1723000000,\"model\":\"x\","
                + "\"error\":{\"code\":\"server_error\",\"message\":\"" + message + "\"},"
                + "\"choices\":[{\"index\":0,\"delta\":{\"content\":\"\"},\"finish_reason\":\"error\"}]}\n\n";
    }

    @Override
    String unknownEvent() {
        return "event: future_thing\ndata: {\"type\":\"future_thing\",\"x\":1}\n\n"
                + "data: {\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"choices\":[],\"service_tier\":\"default\"}\n\n";
    }

    @Override
    String expectedTarget() {
        return "/chat/completions";
    }

    @Test
    void theRequestAsksForAStreamWithUsageAndCarriesTheKeyInItsHeaderOnly() throws Exception {
        try (FakeHttpServer server = new FakeHttpServer(normal(0))) {
            run(server);
            FakeHttpServer.Request req = server.requests().get(0);
            assertEquals("POST", req.method());
            assertEquals("Bearer " + KEY, req.header("authorization"));
            assertTrue(req.body().contains("\"stream\":true"), req.body());
            assertTrue(req.body().contains("\"stream_options\":{\"include_usage\":true}"), req.body());
            assertTrue(req.body().contains("\"max_completion_tokens\":32"), req.body());
            assertTrue(req.body().contains("{\"role\":\"system\",\"content\":\"You are terse.\"}"), req.body());
            assertFalse(req.target().contains(KEY));
        }
    }

    @Test
    void openRouterCommentsAreKeepAlivesNotText() throws Exception {
        try (FakeHttpServer server = new FakeHttpServer((req, ex) -> {
            ex.stream(200, contentType());
            ex.send(": OPENROUTER PROCESSING\n\n").pause(120);
            ex.send(": OPENROUTER PROCESSING\n\n").pause(120);
            ex.send(": OPENROUTER PROCESSING\n\n").pause(120);
            for (String t : TOKENS) {
                ex.send(token(t));
            }
            for (String p : ending(5, 3)) {
                ex.send(p);
            }
            ex.finish();
        })) {
            RunResult r = run(server).result();
            assertEquals(RunStatus.COMPLETED, r.status(), () -> r.error().orElse(""));
            assertEquals(String.join("", TOKENS), r.text());
            assertTrue(r.timings().ttftFromSendMs().orElseThrow() >= 360, "comments are not the first token");
        }
    }

    @Test
    void cumulativeUsageOnEveryChunkKeepsTheLast() throws Exception {
        // xAI repeats the usage so far on every chunk.
        try (FakeHttpServer server = new FakeHttpServer((req, ex) -> {
            ex.stream(200, contentType());
            int n = 0;
            for (String t : TOKENS) {
                n++;
                ex.send("data: {\"id\":\"x\",\"object\":\"chat.completion.chunk\",\"model\":\"grok-3-mini\",\"choices\":[{\"index\":0,"
                        + "\"delta\":{\"content\":\"" + t + "\"}}],\"usage\":{\"prompt_tokens\":9,\"completion_tokens\":" + n
                        + ",\"total_tokens\":" + (9 + n) + "}}\n\n");
            }
            ex.send("data: {\"id\":\"x\",\"object\":\"chat.completion.chunk\",\"choices\":[{\"index\":0,\"delta\":{},"
                    + "\"finish_reason\":\"stop\"}],\"usage\":{\"prompt_tokens\":9,\"completion_tokens\":7,\"total_tokens\":16,"
                    + "\"prompt_tokens_details\":{\"cached_tokens\":4}}}\n\n");
            ex.send("data: [DONE]\n\n");
            ex.finish();
        })) {
            RunResult r = harness.run(harness.engine("xai", ApiFormat.OPENAI, server.base(), Optional.of(KEY), Map.of()),
                    CloudHarness.spec("xai", "grok-3-mini")).result();
            assertEquals(RunStatus.COMPLETED, r.status(), () -> r.error().orElse(""));
            assertEquals(9, r.usage().promptTokens());
            assertEquals(7, r.usage().completionTokens());
            assertEquals(4, r.usage().cachedPromptTokens());
            assertTrue(server.requests().get(0).body().contains("\"max_tokens\":32"), "compatible servers get max_tokens");
        }
    }

    @Test
    void llamaServerTimingsBecomeEngineTimingsAndGroqTimesProviderTimings() throws Exception {
        try (FakeHttpServer server = new FakeHttpServer((req, ex) -> {
            ex.stream(200, "text/event-stream", "openai-processing-ms", "231");
            for (String t : TOKENS) {
                ex.send(token(t));
            }
            ex.send("data: {\"choices\":[{\"finish_reason\":\"stop\",\"index\":0,\"delta\":{}}],\"created\":1,"
                    + "\"model\":\"qwen\",\"object\":\"chat.completion.chunk\",\"usage\":{\"completion_tokens\":3,"
                    + "\"prompt_tokens\":11,\"total_tokens\":14},\"timings\":{\"prompt_n\":11,\"prompt_ms\":35.5,"
                    + "\"prompt_per_token_ms\":3.2,\"prompt_per_second\":309.8,\"predicted_n\":3,\"predicted_ms\":60.0,"
                    + "\"predicted_per_token_ms\":20.0,\"predicted_per_second\":50.0},"
                    + "\"x_groq\":{\"id\":\"req_1\",\"usage\":{\"queue_time\":0.012,\"prompt_time\":0.004,"
                    + "\"completion_time\":0.05,\"total_time\":0.054}}}\n\n");
            ex.send("data: [DONE]\n\n");
            ex.finish();
        })) {
            RunResult r = run(server).result();
            assertEquals(RunStatus.COMPLETED, r.status(), () -> r.error().orElse(""));
            var et = r.timings().engine().orElseThrow();
            assertEquals(11, et.promptTokens());
            assertEquals(35.5, et.promptMs());
            assertEquals(50.0, et.generationTokensPerSecond(), 1e-9);
            assertEquals(231.0, r.providerTimings().get("processing_ms"));
            assertEquals(12.0, r.providerTimings().get("queue_ms"), 1e-9);
            assertEquals(54.0, r.providerTimings().get("total_ms"), 1e-9);
        }
    }

    @Test
    void rateLimitedWithRetryAfterTwoSecondsRetriesExactlyOnceAfterTwoSeconds() throws Exception {
        try (FakeHttpServer server = new FakeHttpServer(
                (req, ex) -> ex.respond(429, "application/json",
                        "{\"error\":{\"message\":\"Rate limit reached for gpt-4o-mini\",\"type\":\"requests\","
                                + "\"code\":\"rate_limit_exceeded\"}}", "Retry-After", "2"),
                normal(0))) {
            CloudHarness.Outcome o = run(server);
            RunResult r = o.result();
            assertEquals(RunStatus.COMPLETED, r.status(), () -> r.error().orElse(""));
            assertEquals(2, server.requests().size());
            long gapMs = (server.requests().get(1).receivedNanos() - server.requests().get(0).receivedNanos()) / 1_000_000;
            System.out.printf("Retry-After: 2 → second request %d ms after the first; recorded wait %.0f ms%n", gapMs,
                    r.timings().retryWaitMs());
            assertTrue(gapMs >= 2_000 && gapMs < 3_000, gapMs + " ms");
            assertEquals(2, r.timings().attempts());
            assertTrue(r.timings().retryWaitMs() >= 2_000 && r.timings().retryWaitMs() <= 2_200);
            assertTrue(r.timings().ttftMs().orElseThrow() > 2_000, "TTFT from submission counts the wait");
            assertTrue(r.timings().ttftFromSendMs().orElseThrow() < 1_000, "TTFT from the last send does not");
        }
    }

    @Test
    void rateLimitedWithRetryAfterAnHourFailsFastWithAClearMessage() throws Exception {
        try (FakeHttpServer server = new FakeHttpServer((req, ex) -> ex.respond(429, "application/json",
                "{\"error\":{\"message\":\"Rate limit reached\",\"code\":\"rate_limit_exceeded\"}}", "Retry-After", "3600"))) {
            CloudHarness.Outcome o = run(server);
            RunResult r = o.result();
            assertEquals(RunStatus.FAILED, r.status());
            assertEquals(1, server.requests().size());
            assertTrue(o.elapsedMs() < 1_000, "waited " + o.elapsedMs() + " ms");
            String e = r.error().orElse("");
            assertTrue(e.contains("HTTP 429") && e.contains("retry after 3600 s") && e.contains("20 s"), e);
        }
    }

    @Test
    void retryAfterAsAnHttpDateIsHonoured() throws Exception {
        String soon = java.time.format.DateTimeFormatter.RFC_1123_DATE_TIME.format(
                java.time.ZonedDateTime.now(java.time.ZoneOffset.UTC).plusSeconds(2));
        try (FakeHttpServer server = new FakeHttpServer(
                (req, ex) -> ex.respond(503, "text/plain", "busy", "Retry-After", soon), normal(0))) {
            CloudHarness.Outcome o = run(server);
            assertEquals(RunStatus.COMPLETED, o.result().status(), () -> o.result().error().orElse(""));
            // An HTTP date has one-second resolution: the wait is between 1 and 2.2 s.
            double wait = o.result().timings().retryWaitMs();
            assertTrue(wait >= 1_000 && wait <= 2_200, wait + " ms");
        }
    }

    @Test
    void quotaErrorsAreNeverRetried() throws Exception {
        try (FakeHttpServer server = new FakeHttpServer((req, ex) -> ex.respond(429, "application/json",
                "{\"error\":{\"message\":\"You exceeded your current quota, please check your plan and billing details.\","
                        + "\"type\":\"insufficient_quota\",\"param\":null,\"code\":\"insufficient_quota\"}}", "Retry-After", "1"))) {
            RunResult r = run(server).result();
            assertEquals(RunStatus.FAILED, r.status());
            assertEquals(1, server.requests().size());
            assertTrue(r.error().orElse("").contains("not retried"), r.error().orElse(""));
            assertTrue(r.error().orElse("").contains("You exceeded your current quota"), r.error().orElse(""));
        }
        try (FakeHttpServer server = new FakeHttpServer((req, ex) -> ex.respond(429, "application/json",
                "{\"error\":{\"message\":\"Your team has reached its monthly spending limit.\",\"type\":\"rate_limit_error\","
                        + "\"code\":\"enforced_spend_limit_reached\"}}"))) {
            assertEquals(RunStatus.FAILED, run(server).result().status());
            assertEquals(1, server.requests().size());
        }
    }

    @Test
    void anUnauthorisedKeyIsNotRetriedAndNeverEchoed() throws Exception {
        try (FakeHttpServer server = new FakeHttpServer((req, ex) -> ex.respond(401, "application/json",
                "{\"error\":{\"message\":\"Incorrect API key provided: " + req.header("authorization").substring(7)
                        + ". You can find your API key at https://platform.openai.com/account/api-keys.\","
                        + "\"type\":\"invalid_request_error\",\"code\":\"invalid_api_key\"}}"))) {
            RunResult r = run(server).result();
            assertEquals(RunStatus.FAILED, r.status());
            assertEquals(1, server.requests().size());
            String e = r.error().orElse("");
            assertFalse(e.contains(KEY), e);
            assertTrue(e.contains("HTTP 401") && e.contains("[redacted]") && e.contains("check the API key"), e);
            assertFalse(harness.log.toString().contains(KEY));
        }
    }

    @Test
    void connectErrorsAreRetriedThenReportedClearly() throws Exception {
        int port;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
            port = s.getLocalPort();
        }
        CloudHarness.Outcome o = harness.run(harness.engine("openai", ApiFormat.OPENAI,
                java.net.URI.create("http://127.0.0.1:" + port + "/v1"), Optional.of(KEY), Map.of()), CloudHarness.spec("openai", "gpt-4o-mini"));
        assertEquals(RunStatus.FAILED, o.result().status());
        assertEquals(3, o.result().timings().attempts());
        assertEquals(2, o.events(RunEvent.Retrying.class).size());
        assertTrue(o.result().error().orElse("").startsWith("cannot connect to http://127.0.0.1:" + port),
                o.result().error().orElse(""));
    }

    @Test
    void azureUsesTheDeploymentUrlAndTheApiKeyHeader() throws Exception {
        try (FakeHttpServer server = new FakeHttpServer(normal(0))) {
            RunResult r = harness.run(harness.engine("azure-openai", ApiFormat.OPENAI, server.base(), Optional.of(KEY),
                    Map.of("flavor", "azure", "api_version", "2024-10-21")), CloudHarness.spec("azure-openai", "my-gpt4o-mini"))
                    .result();
            assertEquals(RunStatus.COMPLETED, r.status(), () -> r.error().orElse(""));
            FakeHttpServer.Request req = server.requests().get(0);
            assertEquals("/openai/deployments/my-gpt4o-mini/chat/completions?api-version=2024-10-21", req.target());
            assertEquals(KEY, req.header("api-key"));
            assertEquals(null, req.header("authorization"));
            assertFalse(req.body().contains("\"model\""));
        }
    }

    @Test
    void aJsonBodyInsteadOfAStreamIsAnError() throws Exception {
        try (FakeHttpServer server = new FakeHttpServer((req, ex) -> ex.respond(200, "application/json",
                "{\"error\":{\"message\":\"streaming is disabled on this gateway\"}}"))) {
            RunResult r = run(server).result();
            assertEquals(RunStatus.FAILED, r.status());
            assertTrue(r.error().orElse("").contains("streaming is disabled on this gateway"));
        }
    }

    @Test
    void finishAndDoneWithoutUsageIsTruncatedBecauseUsageWasAskedFor() throws Exception {
        try (FakeHttpServer server = new FakeHttpServer((req, ex) -> {
            ex.stream(200, contentType());
            ex.send(token("Hi")).send(chunk("{}", "length")).send("data: [DONE]\n\n");
            ex.finish();
        })) {
            RunResult r = run(server).result();
            assertEquals(RunStatus.TRUNCATED, r.status());
            assertTrue(r.error().orElse("").contains("without a usage report"), r.error().orElse(""));
            assertEquals(UsageBasis.ESTIMATED, r.usage().basis());
        }
    }

    @Test
    void aStreamStillGoingAtTheDeadlineFailsWithTheTextSoFar() throws Exception {
        try (CloudHarness quick = new CloudHarness(CloudHarness.FAST.withDeadline(java.time.Duration.ofMillis(600)));
             FakeHttpServer server = new FakeHttpServer((req, ex) -> {
                 ex.stream(200, contentType());
                 for (int i = 0; i < 40; i++) {
                     ex.send(token("tick ")).pause(100);
                 }
                 ex.finish();
             })) {
            CloudHarness.Outcome o = quick.run(quick.engine("openai", ApiFormat.OPENAI, server.base(), Optional.of(KEY),
                    Map.of()), CloudHarness.spec("openai", "gpt-4o-mini"));
            RunResult r = o.result();
            assertEquals(RunStatus.FAILED, r.status());
            assertEquals("deadline passed: the run was still going after 0.6 s", r.error().orElse(""));
            assertTrue(r.text().startsWith("tick tick "), r.text());
            // The stream would take 4 s; ending well before that shows the deadline cut it (loaded CI machines are slow).
            assertTrue(o.elapsedMs() >= 600 && o.elapsedMs() < 3_000, o.elapsedMs() + " ms");
        }
    }

    @Test
    void cloudSettingsRoundTripThroughConfigJson(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) {
        dev.parallax.config.ConfigFile config = new dev.parallax.config.ConfigFile(dir.resolve("config.json"));
        assertEquals(CloudSettings.defaults(), CloudSettings.load(config));
        CloudSettings custom = CloudSettings.defaults().withIdleTimeout(java.time.Duration.ofMillis(1500))
                .withMaxAttempts(5).withRetryCap(java.time.Duration.ofSeconds(60));
        custom.save(config);
        assertEquals(custom, CloudSettings.load(config));
    }
}
