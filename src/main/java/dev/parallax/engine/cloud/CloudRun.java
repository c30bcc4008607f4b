package dev.parallax.engine.cloud;

import dev.parallax.core.RunEvent;
import dev.parallax.core.RunListener;
import dev.parallax.core.RunSpec;
import dev.parallax.core.Usage;
import dev.parallax.core.UsageBasis;
import dev.parallax.engine.RunHandle;
import dev.parallax.secrets.Secret;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.UnresolvedAddressException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * One cloud run: attempts, retries, the idle watchdog and the deadline, on its own thread. Bytes arrive from
 * the HTTP client's threads as signals in one queue, stamped with System.nanoTime where they arrived; this
 * thread decodes them, emits the events, and sends exactly one terminal event.
 *
 * <p>Failure semantics (docs/decisions/0005-cloud-failure-semantics.md): retries only before the first byte of
 * a body, on connect errors and HTTP 408/429/5xx/529, never on quota errors, honouring Retry-After up to the
 * cap; a stream that ends without its end markers is truncated; a connection lost mid-stream is truncated when
 * text arrived, failed otherwise; no bytes for the idle timeout fails the run as stalled.
 */
final class CloudRun implements RunHandle {

    private static final int ERROR_BODY_LIMIT = 64 * 1024;
    private static final long DRAIN_MS = 100;

    private sealed interface Signal permits Headers, Bytes, End, Broken, Wake { }

    private record Headers(int attempt, int status, HttpHeaders headers, long nanos) implements Signal { }

    private record Bytes(int attempt, byte[] data, long nanos) implements Signal { }

    private record End(int attempt, long nanos) implements Signal { }

    private record Broken(int attempt, Throwable error, long nanos) implements Signal { }

    private record Wake() implements Signal { }

    private final CloudEngine engine;
    private final RunSpec spec;
    private final RunListener listener;
    private final CloudHttp http;
    private final CloudSettings settings;
    private final LinkedBlockingQueue<Signal> signals = new LinkedBlockingQueue<>();
    private final CountDownLatch ended = new CountDownLatch(1);
    private volatile boolean cancelRequested;
    private volatile Attempt current;
    private boolean terminalSent;
    private Optional<Secret> key = Optional.empty();

    CloudRun(CloudEngine engine, RunSpec spec, RunListener listener) {
        this.engine = engine;
        this.spec = spec;
        this.listener = listener;
        this.http = engine.http();
        this.settings = http.settings();
    }

    void execute() {
        try {
            run();
        } catch (InterruptedException e) {
            abortCurrent();
            terminal(new RunEvent.Cancelled(System.nanoTime()));
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            abortCurrent();
            terminal(new RunEvent.Failed(System.nanoTime(),
                    redact(engine.provider().name() + " run failed unexpectedly: " + describe(e))));
        } finally {
            if (!terminalSent) {
                terminal(new RunEvent.Failed(System.nanoTime(), "the run ended without an outcome"));
            }
            ended.countDown();
        }
    }

    private void run() throws InterruptedException {
        long deadline = System.nanoTime() + settings.deadline().toNanos();
        key = engine.key();
        if (engine.provider().keyRequired() && key.isEmpty()) {
            terminal(new RunEvent.Failed(System.nanoTime(), engine.missingKey()));
            return;
        }
        HttpRequest request;
        try {
            request = engine.request(spec, key).header("User-Agent", CloudEngine.USER_AGENT).build();
        } catch (RuntimeException e) {
            terminal(new RunEvent.Failed(System.nanoTime(), redact("cannot build the request for "
                    + engine.provider().name() + ": " + describe(e))));
            return;
        }
        String where = request.method() + " " + request.uri().getScheme() + "://" + request.uri().getAuthority()
                + request.uri().getPath();
        for (int attemptNo = 1; ; attemptNo++) {
            if (cancelRequested) {
                terminal(new RunEvent.Cancelled(System.nanoTime()));
                return;
            }
            Attempt attempt = new Attempt(attemptNo);
            current = attempt;
            long sent = System.nanoTime();
            if (attemptNo == 1) {
                emit(new RunEvent.Started(sent, engine.name(), engine.provider().name() + " " + engine.provider().base()));
            }
            emit(new RunEvent.RequestSent(sent, attemptNo));
            attempt.send(request);
            if (cancelRequested) {
                signals.add(new Wake());
            }

            Signal first = awaitHeaders(attempt, sent, deadline);
            if (first instanceof Wake) {
                attempt.abort();
                http.log(engine.provider().name() + " " + where + " attempt " + attemptNo + ": cancelled");
                terminal(new RunEvent.Cancelled(System.nanoTime()));
                return;
            }
            if (first == null) {
                attempt.abort();
                boolean late = System.nanoTime() >= deadline;
                String why = late ? deadlineMessage() : stalledMessage();
                http.log(engine.provider().name() + " " + where + " attempt " + attemptNo + ": " + why);
                terminal(new RunEvent.Failed(System.nanoTime(), why));
                return;
            }
            if (first instanceof Broken b) {
                String why = describe(b.error());
                boolean retryable = isConnectError(b.error());
                http.log(engine.provider().name() + " " + where + " attempt " + attemptNo + ": " + why);
                if (retryable && attemptNo < settings.maxAttempts()) {
                    long waitMs = backoffMs(attemptNo);
                    if (!waitBeforeRetry(attemptNo, "cannot connect: " + why, waitMs, deadline)) {
                        return;
                    }
                    continue;
                }
                terminal(new RunEvent.Failed(System.nanoTime(), redact((retryable ? "cannot connect to " : "request to ")
                        + engine.provider().base() + (retryable ? "" : " failed") + ": " + why
                        + (attemptNo > 1 ? " (after " + attemptNo + " attempts)" : ""))));
                return;
            }
            Headers headers = (Headers) first;
            emit(new RunEvent.ResponseHeaders(headers.nanos(), headers.status()));
            if (headers.status() / 100 == 2) {
                http.log(engine.provider().name() + " " + where + " attempt " + attemptNo + ": HTTP "
                        + headers.status() + " in " + ms(headers.nanos() - sent) + " ms");
                stream(attempt, headers, deadline);
                return;
            }

            String body = readErrorBody(attempt, deadline);
            attempt.abort();
            int status = headers.status();
            String message = redact(engine.httpErrorMessage(status, body));
            http.log(engine.provider().name() + " " + where + " attempt " + attemptNo + ": " + message);
            if (ErrorBodies.isQuota(body)) {
                terminal(new RunEvent.Failed(System.nanoTime(), message
                        + " — the account is out of quota or over its spend limit; not retried. Add credit or raise the limit."));
                return;
            }
            if (!retryableStatus(status)) {
                terminal(new RunEvent.Failed(System.nanoTime(), message));
                return;
            }
            Optional<Duration> asked = RetryAfter.parse(headers.headers(), body, http.now());
            if (asked.isPresent() && asked.get().compareTo(settings.retryCap()) > 0) {
                terminal(new RunEvent.Failed(System.nanoTime(), message + " — the provider asks to retry after "
                        + seconds(asked.get()) + ", longer than the " + seconds(settings.retryCap())
                        + " Parallax waits (cloud.retry_cap_s); try again later"));
                return;
            }
            if (attemptNo >= settings.maxAttempts()) {
                terminal(new RunEvent.Failed(System.nanoTime(), message + (attemptNo > 1
                        ? " (gave up after " + attemptNo + " attempts)" : "")));
                return;
            }
            long waitMs = asked.map(this::withJitter).orElseGet(() -> backoffMs(headers.attempt()));
            if (!waitBeforeRetry(attemptNo, message, waitMs, deadline)) {
                return;
            }
        }
    }

    /** Waits before the next attempt; false when the run ended instead (cancelled, or past its deadline). */
    private boolean waitBeforeRetry(int attemptNo, String reason, long waitMs, long deadline) throws InterruptedException {
        long now = System.nanoTime();
        if (now + waitMs * 1_000_000L >= deadline) {
            terminal(new RunEvent.Failed(now, reason + " — no retry: waiting " + waitMs
                    + " ms would pass the run's deadline of " + seconds(settings.deadline())));
            return false;
        }
        emit(new RunEvent.Retrying(now, attemptNo, reason, waitMs));
        http.log(engine.provider().name() + " retrying in " + waitMs + " ms (attempt " + (attemptNo + 1) + ")");
        long until = now + waitMs * 1_000_000L;
        while (true) {
            long left = until - System.nanoTime();
            if (cancelRequested) {
                terminal(new RunEvent.Cancelled(System.nanoTime()));
                return false;
            }
            if (left <= 0) {
                return true;
            }
            Signal s = signals.poll(left, TimeUnit.NANOSECONDS);
            if (s instanceof Wake && cancelRequested) {
                terminal(new RunEvent.Cancelled(System.nanoTime()));
                return false;
            }
        }
    }

    /** The first signal of this attempt: its headers, a failure, a wake-up for cancel, or null on time-out. */
    private Signal awaitHeaders(Attempt attempt, long sent, long deadline) throws InterruptedException {
        long idleAt = sent + settings.idleTimeout().toNanos();
        while (true) {
            long wait = Math.min(idleAt, deadline) - System.nanoTime();
            if (wait <= 0) {
                return null;
            }
            Signal s = signals.poll(wait, TimeUnit.NANOSECONDS);
            if (s == null) {
                continue;
            }
            if (s instanceof Wake) {
                if (cancelRequested) {
                    return s;
                }
                continue;
            }
            if (attemptOf(s) != attempt.number) {
                continue;
            }
            if (s instanceof Headers || s instanceof Broken) {
                return s;
            }
        }
    }

    private void stream(Attempt attempt, Headers headers, long deadline) throws InterruptedException {
        StreamState state = new StreamState();
        state.providerTimings.putAll(engine.headerTimings(headers.headers()));
        String contentType = headers.headers().firstValue("content-type").orElse("").toLowerCase(Locale.ROOT);
        if (engine.eventStream() && contentType.startsWith("application/json")) {
            // A 200 with a JSON body where a stream was asked for: a gateway or an error in disguise.
            String body = readErrorBody(attempt, deadline);
            attempt.abort();
            String said = engine.errorText(body);
            terminal(new RunEvent.Failed(System.nanoTime(), redact(engine.provider().name()
                    + " answered with JSON instead of an event stream" + (said.isEmpty() ? "" : ": " + said))));
            return;
        }
        StreamDecoder decoder = engine.decoder(state, (text, nanos) -> {
            if (text.isEmpty()) {
                return;
            }
            state.text.append(text);
            state.tokenEvents++;
            emit(new RunEvent.Token(nanos, text));
        });
        long idleNanos = settings.idleTimeout().toNanos();
        long lastData = headers.nanos();
        boolean firstByte = false;
        while (true) {
            long idleAt = lastData + idleNanos;
            long wait = Math.min(idleAt, deadline) - System.nanoTime();
            Signal s = wait > 0 ? signals.poll(wait, TimeUnit.NANOSECONDS) : null;
            if (s == null) {
                long now = System.nanoTime();
                if (now >= deadline) {
                    attempt.abort();
                    fail(state, deadlineMessage());
                    return;
                }
                if (now >= idleAt) {
                    attempt.abort();
                    fail(state, stalledMessage());
                    return;
                }
                continue;
            }
            if (s instanceof Wake) {
                if (cancelRequested) {
                    attempt.abort();
                    reportUsage(state);
                    terminal(new RunEvent.Cancelled(System.nanoTime()));
                    return;
                }
                continue;
            }
            if (attemptOf(s) != attempt.number) {
                continue;
            }
            if (s instanceof Bytes b) {
                lastData = b.nanos();
                if (!firstByte) {
                    firstByte = true;
                    emit(new RunEvent.FirstByte(b.nanos()));
                }
                try {
                    decoder.feed(b.data(), 0, b.data().length, b.nanos());
                } catch (RuntimeException e) {
                    state.malformed = "cannot decode the stream: " + describe(e);
                }
                if (state.failed()) {
                    attempt.abort();
                    fail(state, failureText(state));
                    return;
                }
                if (state.endMarker && engine.endsAtMarker()) {
                    finish(state, b.nanos());
                    drain(attempt);
                    return;
                }
            } else if (s instanceof End e) {
                try {
                    decoder.end(e.nanos());
                } catch (RuntimeException ex) {
                    state.malformed = "cannot decode the end of the stream: " + describe(ex);
                }
                if (state.failed()) {
                    fail(state, failureText(state));
                } else {
                    finish(state, e.nanos());
                }
                return;
            } else if (s instanceof Broken b) {
                String why = describe(b.error());
                reportUsage(state);
                emitProviderTimings(state);
                if (state.text.length() > 0) {
                    terminal(new RunEvent.Truncated(b.nanos(), redact("connection lost mid-stream after "
                            + state.tokenEvents + " text chunks: " + why)));
                } else {
                    terminal(new RunEvent.Failed(b.nanos(), redact("connection lost before any text arrived: " + why)));
                }
                return;
            }
        }
    }

    private void finish(StreamState state, long nanos) {
        Optional<String> missing = engine.incomplete(state);
        reportUsage(state);
        emitProviderTimings(state);
        if (missing.isEmpty()) {
            terminal(new RunEvent.Completed(nanos, state.finishReason == null ? "" : state.finishReason));
        } else {
            terminal(new RunEvent.Truncated(nanos, missing.get()));
        }
    }

    private void fail(StreamState state, String message) {
        reportUsage(state);
        emitProviderTimings(state);
        terminal(new RunEvent.Failed(System.nanoTime(), redact(message)));
    }

    private String failureText(StreamState state) {
        if (state.providerError != null) {
            return engine.provider().name() + " reported an error mid-stream: " + state.providerError;
        }
        return engine.provider().name() + " sent data Parallax cannot read: " + state.malformed;
    }

    /** Exact usage when the provider's final report arrived; otherwise estimated, keeping what it did report. */
    private void reportUsage(StreamState state) {
        long now = System.nanoTime();
        if (state.usageFinal && state.promptTokens.isPresent() && state.completionTokens.isPresent()) {
            emit(new RunEvent.UsageReported(now, new Usage(state.promptTokens.getAsInt(),
                    state.completionTokens.getAsInt(), UsageBasis.EXACT, state.cachedPromptTokens), state.engineTimings));
            return;
        }
        var family = engine.family(spec);
        int prompt = state.promptTokens.isPresent() ? state.promptTokens.getAsInt()
                : http.estimator().promptTokens(spec.messages(), family);
        int completion = http.estimator().count(state.text.toString(), family);
        emit(new RunEvent.UsageReported(now, new Usage(prompt, completion, UsageBasis.ESTIMATED,
                Math.min(state.cachedPromptTokens, prompt)), state.engineTimings));
    }

    private void emitProviderTimings(StreamState state) {
        if (!state.providerTimings.isEmpty()) {
            emit(new RunEvent.ProviderTimings(System.nanoTime(), state.providerTimings));
        }
    }

    /** After the end marker: let the body finish so the connection can be reused, but not for long. */
    private void drain(Attempt attempt) throws InterruptedException {
        long until = System.nanoTime() + DRAIN_MS * 1_000_000L;
        while (true) {
            long left = until - System.nanoTime();
            Signal s = left > 0 ? signals.poll(left, TimeUnit.NANOSECONDS) : null;
            if (s == null) {
                attempt.abort();
                return;
            }
            if ((s instanceof End || s instanceof Broken) && attemptOf(s) == attempt.number) {
                return;
            }
        }
    }

    private String readErrorBody(Attempt attempt, long deadline) throws InterruptedException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        long idleNanos = settings.idleTimeout().toNanos();
        long lastData = System.nanoTime();
        while (body.size() < ERROR_BODY_LIMIT) {
            long wait = Math.min(lastData + idleNanos, deadline) - System.nanoTime();
            Signal s = wait > 0 ? signals.poll(wait, TimeUnit.NANOSECONDS) : null;
            if (s == null || s instanceof Wake && cancelRequested) {
                if (s != null) {
                    signals.add(s);
                }
                break;
            }
            if (s instanceof Wake || attemptOf(s) != attempt.number) {
                continue;
            }
            if (s instanceof Bytes b) {
                lastData = b.nanos();
                body.write(b.data(), 0, Math.min(b.data().length, ERROR_BODY_LIMIT - body.size()));
            } else if (s instanceof End || s instanceof Broken) {
                break;
            }
        }
        return body.toString(StandardCharsets.UTF_8);
    }

    private long backoffMs(int attemptNo) {
        long base = settings.backoffBase().toMillis() << Math.min(10, attemptNo - 1);
        long capped = Math.min(base, settings.retryCap().toMillis());
        // Half fixed, half random: spreads retries of many runs without ever waiting near zero.
        return capped / 2 + Math.round(capped / 2.0 * http.jitter());
    }

    /** What the provider asked for, plus up to 10% (at most 1 s) so many clients do not return at once. */
    private long withJitter(Duration asked) {
        long ms = asked.toMillis();
        long extra = Math.round(Math.min(1000, ms * 0.1) * http.jitter());
        return Math.min(Math.max(ms, settings.retryCap().toMillis()), ms + extra);
    }

    private String stalledMessage() {
        return "stalled (no data for " + seconds(settings.idleTimeout()) + ")";
    }

    private String deadlineMessage() {
        return "deadline passed: the run was still going after " + seconds(settings.deadline());
    }

    static boolean retryableStatus(int status) {
        return status == 408 || status == 429 || status == 529 || status >= 500 && status <= 599;
    }

    /** Errors where nothing reached the provider, or nothing came back before the connection closed. */
    static boolean isConnectError(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ConnectException || t instanceof HttpConnectTimeoutException
                    || t instanceof UnresolvedAddressException || t instanceof UnknownHostException) {
                return true;
            }
            String m = t.getMessage();
            if (t instanceof IOException && m != null && m.contains("header parser received no bytes")) {
                // A kept-alive connection the server had already closed: the request never reached it.
                return true;
            }
        }
        return false;
    }

    static String describe(Throwable e) {
        Throwable t = e;
        while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        String m = t.getMessage();
        if (t instanceof ConnectException) {
            return "connection refused" + (m == null || m.isBlank() ? "" : " (" + m + ")");
        }
        if (t instanceof HttpConnectTimeoutException) {
            return "connection timed out";
        }
        if (t instanceof HttpTimeoutException) {
            return "timed out";
        }
        if (t instanceof UnresolvedAddressException || t instanceof UnknownHostException) {
            return "unknown host" + (m == null ? "" : " " + m);
        }
        Throwable cause = t.getCause();
        String causeText = cause != null && cause.getMessage() != null && !cause.getMessage().equals(m)
                ? " (" + cause.getMessage() + ")" : "";
        return (m == null || m.isBlank() ? t.getClass().getSimpleName() : m) + causeText;
    }

    private String redact(String text) {
        return CloudEngine.redact(text, key);
    }

    private static int attemptOf(Signal s) {
        if (s instanceof Headers h) {
            return h.attempt();
        }
        if (s instanceof Bytes b) {
            return b.attempt();
        }
        if (s instanceof End e) {
            return e.attempt();
        }
        if (s instanceof Broken b) {
            return b.attempt();
        }
        return 0;
    }

    private static String seconds(Duration d) {
        long ms = d.toMillis();
        return ms % 1000 == 0 ? ms / 1000 + " s" : String.format(Locale.ROOT, "%.1f s", ms / 1000.0);
    }

    private static long ms(long nanos) {
        return nanos / 1_000_000L;
    }

    private void abortCurrent() {
        Attempt a = current;
        if (a != null) {
            a.abort();
        }
    }

    private void emit(RunEvent event) {
        if (terminalSent) {
            return;
        }
        try {
            listener.onEvent(event);
        } catch (RuntimeException e) {
            System.err.println("parallax: a run listener failed: " + e);
        }
    }

    private void terminal(RunEvent event) {
        if (terminalSent) {
            return;
        }
        emit(event);
        terminalSent = true;
    }

    @Override
    public void cancel() {
        cancelRequested = true;
        signals.add(new Wake());
    }

    @Override
    public boolean await(Duration timeout) throws InterruptedException {
        return ended.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void await() throws InterruptedException {
        ended.await();
    }

    /** One request and its response, feeding the run's signal queue from the HTTP client's threads. */
    private final class Attempt {
        final int number;
        private volatile CompletableFuture<HttpResponse<Void>> future;
        private volatile Flow.Subscription subscription;
        private volatile boolean aborted;

        Attempt(int number) {
            this.number = number;
        }

        void send(HttpRequest request) {
            future = http.client().sendAsync(request, info -> {
                signals.add(new Headers(number, info.statusCode(), info.headers(), System.nanoTime()));
                return new Subscriber();
            });
            future.whenComplete((response, error) -> {
                if (error != null && !aborted) {
                    signals.add(new Broken(number, error, System.nanoTime()));
                }
            });
        }

        /** Closes the connection: cancels the body subscription and the exchange. */
        void abort() {
            aborted = true;
            Flow.Subscription s = subscription;
            if (s != null) {
                s.cancel();
            }
            CompletableFuture<HttpResponse<Void>> f = future;
            if (f != null) {
                f.cancel(true);
            }
        }

        private final class Subscriber implements HttpResponse.BodySubscriber<Void> {
            private final CompletableFuture<Void> body = new CompletableFuture<>();

            @Override
            public CompletionStage<Void> getBody() {
                return body;
            }

            @Override
            public void onSubscribe(Flow.Subscription s) {
                subscription = s;
                if (aborted) {
                    s.cancel();
                } else {
                    s.request(Long.MAX_VALUE);
                }
            }

            @Override
            public void onNext(List<ByteBuffer> items) {
                long now = System.nanoTime();
                int size = 0;
                for (ByteBuffer b : items) {
                    size += b.remaining();
                }
                if (size == 0) {
                    return;
                }
                byte[] data = new byte[size];
                int at = 0;
                for (ByteBuffer b : items) {
                    int n = b.remaining();
                    b.get(data, at, n);
                    at += n;
                }
                signals.add(new Bytes(number, data, now));
            }

            @Override
            public void onError(Throwable error) {
                if (!aborted) {
                    signals.add(new Broken(number, error, System.nanoTime()));
                }
                body.completeExceptionally(error);
            }

            @Override
            public void onComplete() {
                signals.add(new End(number, System.nanoTime()));
                body.complete(null);
            }
        }
    }
}
