package dev.parallax.testing;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * An OpenAI-compatible chat server on 127.0.0.1 for batch tests and benchmarks: answers each request with a first
 * token after {@code firstTokenMs} and {@code tokens} tokens {@code gapMs} apart (paced against the clock, so sleeps
 * do not add up), then usage and {@code [DONE]}, when the request says {@code "stream": true}; otherwise one JSON
 * reply after the same total time. Counts requests, requests per prompt, and the most it ever served at once; can answer
 * the first requests with 429.
 */
public final class FakeOpenAiServer implements AutoCloseable {

    private final FakeHttpServer http;
    private final long firstTokenNanos;
    private final int tokens;
    private final long gapNanos;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger maxInFlight = new AtomicInteger();
    private final AtomicInteger requests = new AtomicInteger();
    private final AtomicInteger answered = new AtomicInteger();
    private final AtomicInteger tooMany = new AtomicInteger();
    private final AtomicInteger throttled = new AtomicInteger();
    private final Map<String, AtomicInteger> byPrompt = new ConcurrentHashMap<>();
    private volatile String answer = "tok";
    private volatile int rendezvous;
    private volatile long rendezvousWaitNanos;
    private final java.util.concurrent.CountDownLatch met = new java.util.concurrent.CountDownLatch(1);

    public FakeOpenAiServer(double firstTokenMs, int tokens, double gapMs) throws IOException {
        this(firstTokenMs, tokens, gapMs, 0);
    }

    /** @param throttleFirst how many requests get a 429 (Retry-After: 0) before the server answers */
    public FakeOpenAiServer(double firstTokenMs, int tokens, double gapMs, int throttleFirst) throws IOException {
        this.firstTokenNanos = (long) (firstTokenMs * 1e6);
        this.tokens = tokens;
        this.gapNanos = (long) (gapMs * 1e6);
        this.tooMany.set(throttleFirst);
        this.http = new FakeHttpServer(this::respond);
    }

    /** Every answer's text is this word repeated, one word a token (default "tok"). */
    public FakeOpenAiServer answering(String word) {
        this.answer = word;
        return this;
    }

    /**
     * Holds every answer until {@code n} requests are in flight at once (or {@code max} has passed), once: a test of a
     * concurrency limit then sees the limit reached however slowly this machine hands out CPU to the client.
     */
    public FakeOpenAiServer holdingUntilConcurrent(int n, java.time.Duration max) {
        this.rendezvousWaitNanos = max.toNanos();
        this.rendezvous = n;
        return this;
    }

    /** The base URL an OpenAI-compatible provider is configured with. */
    public URI base() {
        return URI.create(http.url("/v1"));
    }

    public int requests() {
        return requests.get();
    }

    /** Requests that got an answer (not a 429). */
    public int answered() {
        return answered.get();
    }

    public int maxConcurrent() {
        return maxInFlight.get();
    }

    /** Starts the counts (requests, answers, most at once, per prompt) again, e.g. after a warm-up. */
    public void resetCounts() {
        requests.set(0);
        answered.set(0);
        maxInFlight.set(0);
        byPrompt.clear();
    }

    /** How many requests were answered with a 429. */
    public int throttled() {
        return throttled.get();
    }

    /** How many requests asked with exactly this user prompt. */
    public int requestsFor(String prompt) {
        AtomicInteger n = byPrompt.get(prompt);
        return n == null ? 0 : n.get();
    }

    private void respond(FakeHttpServer.Request request, FakeHttpServer.Exchange ex) throws Exception {
        long start = System.nanoTime();
        requests.incrementAndGet();
        String prompt = lastUserContent(request.body());
        byPrompt.computeIfAbsent(prompt, k -> new AtomicInteger()).incrementAndGet();
        if (tooMany.getAndDecrement() > 0) {
            throttled.incrementAndGet();
            ex.respond(429, "application/json", "{\"error\":{\"message\":\"Rate limit reached\",\"type\":\"requests\"}}",
                    "retry-after", "0");
            return;
        }
        int now = inFlight.incrementAndGet();
        maxInFlight.accumulateAndGet(now, Math::max);
        if (rendezvous > 0) {
            if (now >= rendezvous) {
                met.countDown();
            }
            met.await(rendezvousWaitNanos, java.util.concurrent.TimeUnit.NANOSECONDS);
            start = System.nanoTime();
        }
        // Counted out just before the last write: once the client has it, it may send its next request at once.
        boolean counted = true;
        try {
            // Streamed only when asked: promptfoo's OpenAI provider sends no "stream" field and wants one JSON reply.
            boolean stream = request.body().replace(" ", "").contains("\"stream\":true");
            int promptTokens = Math.max(1, prompt.length() / 4);
            if (!stream) {
                pace(start + firstTokenNanos + (tokens - 1) * gapNanos);
                String text = (answer + " ").repeat(tokens).strip();
                inFlight.decrementAndGet();
                counted = false;
                answered.incrementAndGet(); // before the write: once the client has the reply, a test may read the count
                ex.respond(200, "application/json", "{\"id\":\"c\",\"object\":\"chat.completion\",\"model\":\"fake\","
                        + "\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"" + text + "\"},"
                        + "\"finish_reason\":\"stop\"}],\"usage\":{\"prompt_tokens\":" + promptTokens
                        + ",\"completion_tokens\":" + tokens + ",\"total_tokens\":" + (promptTokens + tokens) + "}}");
                return;
            }
            ex.stream(200, "text/event-stream");
            ex.send("data: {\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"choices\":[{\"index\":0,"
                    + "\"delta\":{\"role\":\"assistant\",\"content\":\"\"}}]}\n\n");
            for (int i = 0; i < tokens; i++) {
                pace(start + firstTokenNanos + i * gapNanos);
                String piece = (i == 0 ? "" : " ") + answer;
                ex.send("data: {\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"choices\":[{\"index\":0,"
                        + "\"delta\":{\"content\":\"" + piece + "\"}}]}\n\n");
            }
            inFlight.decrementAndGet();
            counted = false;
            answered.incrementAndGet(); // before the last write, for the same reason
            ex.send("data: {\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"choices\":[{\"index\":0,\"delta\":{},"
                    + "\"finish_reason\":\"stop\"}]}\n\n"
                    + "data: {\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"choices\":[],\"usage\":{\"prompt_tokens\":"
                    + promptTokens + ",\"completion_tokens\":" + tokens + ",\"total_tokens\":" + (promptTokens + tokens)
                    + "}}\n\ndata: [DONE]\n\n");
            ex.finish();
        } finally {
            if (counted) {
                inFlight.decrementAndGet();
            }
        }
    }

    /** Sleeps until the given System.nanoTime. */
    private static void pace(long until) {
        long left;
        while ((left = until - System.nanoTime()) > 0) {
            LockSupport.parkNanos(left);
        }
    }

    /** The content of the last user message in a chat request body (enough JSON reading for a fake). */
    static String lastUserContent(String body) {
        try {
            var node = new com.fasterxml.jackson.databind.ObjectMapper().readTree(body);
            String last = "";
            for (var m : node.path("messages")) {
                if ("user".equals(m.path("role").asText().toLowerCase(Locale.ROOT))) {
                    last = m.path("content").asText();
                }
            }
            return last;
        } catch (IOException e) {
            return new String(body.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8);
        }
    }

    @Override
    public void close() throws IOException {
        http.close();
    }
}
