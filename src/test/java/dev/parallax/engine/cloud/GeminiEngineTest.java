package dev.parallax.engine.cloud;

import dev.parallax.core.RunResult;
import dev.parallax.core.RunStatus;
import dev.parallax.testing.FakeHttpServer;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Gemini streamGenerateContent with alt=sse: CRLF events, usage repeated on every chunk, finish reasons. */
class GeminiEngineTest extends WireFormatContract {

    /** Gemini separates its events with CRLF CRLF. */
    static String data(String json) {
        return "data: " + json + "\r\n\r\n";
    }

    static String chunk(String text, String finish, int prompt, int candidates) {
        return data("{\"candidates\": [{\"content\": {\"parts\": [{\"text\": \"" + text + "\"}],\"role\": \"model\"}"
                + (finish == null ? "" : ",\"finishReason\": \"" + finish + "\"") + ",\"index\": 0}],"
                + "\"usageMetadata\": {\"promptTokenCount\": " + prompt + ",\"candidatesTokenCount\": " + candidates
                + ",\"totalTokenCount\": " + (prompt + candidates) + "},\"modelVersion\": \"gemini-2.0-flash\","
                + "\"responseId\": \"r1\"}");
    }

    private int sent;

    @Override
    ApiFormat format() {
        return ApiFormat.GEMINI;
    }

    @Override
    String provider() {
        return "gemini";
    }

    @Override
    String model() {
        return "gemini-2.0-flash";
    }

    @Override
    String contentType() {
        return "text/event-stream";
    }

    @Override
    List<String> preamble() {
        sent = 0;
        return list();
    }

    @Override
    String token(String text) {
        // Every chunk repeats the usage so far, as Gemini does; only the last, with the finish reason, is final.
        sent++;
        return chunk(text, null, PROMPT_TOKENS, sent);
    }

    @Override
    List<String> ending(int promptTokens, int completionTokens) {
        return list(chunk("", "STOP", promptTokens, completionTokens));
    }

    @Override
    List<String> endingWithoutUsage() {
        return list(data("{\"candidates\": [{\"content\": {\"parts\": [{\"text\": \"\"}],\"role\": \"model\"},\"index\": 0}]}"));
    }

    @Override
    String malformed() {
        return data("{\"candidates\": [{\"content\": {\"parts\": [{\"text\": \"x\"}");
    }

    @Override
    String midStreamError(String message) {
        return data("{\"error\": {\"code\": 503, \"message\": \"" + message + "\", \"status\": \"UNAVAILABLE\"}}");
    }

    @Override
    String unknownEvent() {
        return data("{\"candidates\": [{\"content\": {\"parts\": [{\"text\": \"thinking…\", \"thought\": true}],"
                + "\"role\": \"model\"},\"index\": 0}],\"futureField\": {\"x\": 1}}");
    }

    @Override
    String expectedTarget() {
        return "/v1beta/models/gemini-2.0-flash:streamGenerateContent?alt=sse";
    }

    @Test
    void theConnectionCheckListsModelsByTheNameATargetUses() throws Exception {
        try (FakeHttpServer server = new FakeHttpServer((req, ex) -> ex.respond(200, "application/json",
                "{\"models\":[{\"name\":\"models/gemini-2.0-flash\",\"displayName\":\"Gemini 2.0 Flash\"},"
                        + "{\"name\":\"models/gemini-1.5-pro\"}]}"))) {
            ConnectionCheck c = engine(server).checkConnection();
            assertTrue(c.ok(), c.message());
            assertEquals(List.of("gemini-2.0-flash", "gemini-1.5-pro"), c.models());
        }
    }

    @Test
    void theKeyTravelsInItsHeaderNeverInTheUrl() throws Exception {
        try (FakeHttpServer server = new FakeHttpServer(normal(0))) {
            run(server);
            FakeHttpServer.Request req = server.requests().get(0);
            assertEquals(KEY, req.header("x-goog-api-key"));
            assertFalse(req.target().contains("key="));
            assertTrue(req.body().contains("\"systemInstruction\":{\"parts\":[{\"text\":\"You are terse.\"}]}"), req.body());
            assertTrue(req.body().contains("\"maxOutputTokens\":32"), req.body());
        }
    }

    @Test
    void repeatedUsageKeepsTheLastAndThoughtsCountAsOutput() throws Exception {
        try (FakeHttpServer server = new FakeHttpServer((req, ex) -> {
            ex.stream(200, contentType());
            ex.send(chunk("A", null, 8, 1)).send(chunk("B", null, 8, 2));
            ex.send(data("{\"candidates\": [{\"content\": {\"parts\": [{\"text\": \"C\"}],\"role\": \"model\"},"
                    + "\"finishReason\": \"MAX_TOKENS\",\"index\": 0}],\"usageMetadata\": {\"promptTokenCount\": 8,"
                    + "\"candidatesTokenCount\": 3,\"thoughtsTokenCount\": 40,\"cachedContentTokenCount\": 2,"
                    + "\"totalTokenCount\": 51}}"));
            ex.finish();
        })) {
            RunResult r = run(server).result();
            assertEquals(RunStatus.COMPLETED, r.status(), () -> r.error().orElse(""));
            assertEquals("ABC", r.text());
            assertEquals(8, r.usage().promptTokens());
            assertEquals(43, r.usage().completionTokens());
            assertEquals(2, r.usage().cachedPromptTokens());
            assertEquals(Optional.of("MAX_TOKENS"), r.stopReason());
        }
    }

    @Test
    void aSafetyStopIsRecordedAsTheStopReason() throws Exception {
        try (FakeHttpServer server = new FakeHttpServer((req, ex) -> {
            ex.stream(200, contentType());
            ex.send(chunk("I can", null, 8, 2)).send(chunk("", "SAFETY", 8, 2));
            ex.finish();
        })) {
            RunResult r = run(server).result();
            assertEquals(RunStatus.COMPLETED, r.status());
            assertEquals(Optional.of("SAFETY"), r.stopReason());
        }
    }

    @Test
    void aBlockedPromptFails() throws Exception {
        try (FakeHttpServer server = new FakeHttpServer((req, ex) -> {
            ex.stream(200, contentType());
            ex.send(data("{\"promptFeedback\": {\"blockReason\": \"PROHIBITED_CONTENT\"},\"usageMetadata\": "
                    + "{\"promptTokenCount\": 8,\"totalTokenCount\": 8}}"));
            ex.finish();
        })) {
            RunResult r = run(server).result();
            assertEquals(RunStatus.FAILED, r.status());
            assertTrue(r.error().orElse("").contains("the prompt was blocked (PROHIBITED_CONTENT)"), r.error().orElse(""));
        }
    }

    @Test
    void aRetryDelayInTheErrorBodyIsHonoured() throws Exception {
        try (FakeHttpServer server = new FakeHttpServer((req, ex) -> ex.respond(429, "application/json",
                "{\"error\": {\"code\": 429, \"message\": \"Resource has been exhausted (e.g. check quota).\", "
                        + "\"status\": \"RESOURCE_EXHAUSTED\", \"details\": [{\"@type\": \"type.googleapis.com/google.rpc.RetryInfo\","
                        + " \"retryDelay\": \"0.4s\"}]}}"), normal(0))) {
            CloudHarness.Outcome o = run(server);
            assertEquals(RunStatus.COMPLETED, o.result().status(), () -> o.result().error().orElse(""));
            double wait = o.result().timings().retryWaitMs();
            assertTrue(wait >= 400 && wait <= 440, wait + " ms");
        }
    }
}
