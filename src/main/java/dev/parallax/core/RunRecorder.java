package dev.parallax.core;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.function.LongSupplier;

/**
 * Turns a run's events into its {@link RunResult}. This is the one place where timings, token rates
 * and the final status are computed; UI, CLI and reports only read the result.
 *
 * <p>Events arrive on one engine thread; {@link #result} may be called from another, hence the locks.
 */
public final class RunRecorder implements RunListener {

    private final String runId;
    private final RunSpec spec;
    private final HostFacts host;
    private final Instant startedAt;
    private final long submittedNanos;
    private final LongSupplier clock;

    private ModelIdentity model;
    private final StringBuilder text = new StringBuilder();
    private long engineStartNanos = -1;
    private long loadEndNanos = -1;
    private double loadMs = -1;
    private long firstTokenStamp = -1;
    private long firstTokenArrival = -1;
    private long lastTokenStamp = -1;
    private int tokenEvents;
    private Usage usage;
    private Optional<EngineTimings> engineTimings = Optional.empty();
    private RunStatus status = RunStatus.RUNNING;
    private String error;
    private String stopReason;
    private long endNanos = -1;
    private int attempts;
    private long retryWaitMs;
    private long lastSendNanos = -1;
    private long headersNanos = -1;
    private long firstByteNanos = -1;
    private final Map<String, Double> providerTimings = new LinkedHashMap<>();

    public RunRecorder(String runId, RunSpec spec, ModelIdentity model, HostFacts host,
                       Instant startedAt, long submittedNanos, LongSupplier clock) {
        this.runId = runId;
        this.spec = spec;
        this.model = model;
        this.host = host;
        this.startedAt = startedAt;
        this.submittedNanos = submittedNanos;
        this.clock = clock;
    }

    @Override
    public synchronized void onEvent(RunEvent event) {
        if (status.isFinal()) {
            return;
        }
        if (event instanceof RunEvent.Started s) {
            engineStartNanos = s.nanos();
            model = model.withEngine(s.engine(), s.engineBuild());
        } else if (event instanceof RunEvent.ModelLoaded l) {
            loadEndNanos = l.nanos();
            loadMs = l.loadMs();
        } else if (event instanceof RunEvent.Token t) {
            onToken(t);
        } else if (event instanceof RunEvent.UsageReported u) {
            usage = u.usage();
            engineTimings = u.engineTimings();
        } else if (event instanceof RunEvent.RequestSent r) {
            attempts = Math.max(attempts, r.attempt());
            lastSendNanos = r.nanos();
            headersNanos = -1;
            firstByteNanos = -1;
        } else if (event instanceof RunEvent.ResponseHeaders h) {
            headersNanos = h.nanos();
        } else if (event instanceof RunEvent.FirstByte b) {
            if (firstByteNanos < 0) {
                firstByteNanos = b.nanos();
            }
        } else if (event instanceof RunEvent.Retrying r) {
            retryWaitMs += r.waitMs();
        } else if (event instanceof RunEvent.ProviderTimings p) {
            providerTimings.putAll(p.millis());
        } else if (event instanceof RunEvent.Completed c) {
            stopReason = c.stopReason() == null || c.stopReason().isBlank() ? null : c.stopReason();
            end(RunStatus.COMPLETED, null);
        } else if (event instanceof RunEvent.Truncated t) {
            end(RunStatus.TRUNCATED, t.reason());
        } else if (event instanceof RunEvent.Failed f) {
            end(RunStatus.FAILED, f.message());
        } else if (event instanceof RunEvent.Cancelled) {
            end(RunStatus.CANCELLED, "cancelled");
        }
    }

    private void onToken(RunEvent.Token t) {
        if (t.text().isEmpty()) {
            return;
        }
        if (firstTokenStamp < 0) {
            firstTokenStamp = t.nanos();
            firstTokenArrival = clock.getAsLong();
        }
        lastTokenStamp = t.nanos();
        tokenEvents++;
        text.append(t.text());
    }

    private void end(RunStatus finalStatus, String message) {
        status = finalStatus;
        error = message;
        endNanos = clock.getAsLong();
    }

    public synchronized RunStatus status() {
        return status;
    }

    public synchronized String text() {
        return text.toString();
    }

    /** The result so far; once a terminal event arrived, the final one. */
    public synchronized RunResult result(Instant endedAt) {
        long end = endNanos >= 0 ? endNanos : clock.getAsLong();
        Usage finalUsage = usage != null ? usage : new Usage(0, tokenEvents, UsageBasis.ESTIMATED);
        return new RunResult(runId, spec, status, text.toString(), Optional.ofNullable(error), finalUsage,
                timings(end, finalUsage), model, host, startedAt, endedAt, Optional.ofNullable(stopReason),
                providerTimings, Optional.empty());
    }

    private Timings timings(long end, Usage finalUsage) {
        double queueMs = engineStartNanos >= 0 ? ms(engineStartNanos - submittedNanos) : 0;
        OptionalDouble load = loadMs >= 0 ? OptionalDouble.of(loadMs) : OptionalDouble.empty();
        OptionalDouble ttft = firstTokenArrival >= 0
                ? OptionalDouble.of(ms(firstTokenArrival - submittedNanos)) : OptionalDouble.empty();
        return new Timings(queueMs, load, ttft, ms(end - submittedNanos),
                promptRate(finalUsage), completionRate(finalUsage), engineTimings,
                Math.max(1, attempts), retryWaitMs, sinceSend(headersNanos), sinceSend(firstByteNanos),
                sinceSend(firstTokenArrival));
    }

    private OptionalDouble sinceSend(long stamp) {
        return lastSendNanos >= 0 && stamp >= lastSendNanos ? OptionalDouble.of(ms(stamp - lastSendNanos))
                : OptionalDouble.empty();
    }

    /** Prompt tokens over the time from the start of work (after any load or retry) to the first token. */
    private OptionalDouble promptRate(Usage u) {
        long from = Math.max(Math.max(engineStartNanos, loadEndNanos), lastSendNanos);
        if (firstTokenStamp < 0 || from < 0 || u.promptTokens() == 0 || firstTokenStamp <= from) {
            return OptionalDouble.empty();
        }
        return OptionalDouble.of(u.promptTokens() * 1e9 / (firstTokenStamp - from));
    }

    /** The first token is part of the prompt phase; the rate counts the tokens decoded after it. */
    private OptionalDouble completionRate(Usage u) {
        int after = Math.max(u.completionTokens(), tokenEvents) - 1;
        if (after < 1 || lastTokenStamp <= firstTokenStamp) {
            return OptionalDouble.empty();
        }
        return OptionalDouble.of(after * 1e9 / (lastTokenStamp - firstTokenStamp));
    }

    private static double ms(long nanos) {
        return nanos / 1e6;
    }
}
