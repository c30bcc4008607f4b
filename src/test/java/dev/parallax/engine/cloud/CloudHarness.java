package dev.parallax.engine.cloud;

import dev.parallax.core.GenerationParams;
import dev.parallax.core.HostFacts;
import dev.parallax.core.ModelIdentity;
import dev.parallax.core.RunEvent;
import dev.parallax.core.RunRecorder;
import dev.parallax.core.RunResult;
import dev.parallax.core.RunSpec;
import dev.parallax.core.Target;
import dev.parallax.cost.TokenEstimator;
import dev.parallax.engine.RunHandle;
import dev.parallax.secrets.Secret;

import java.io.StringWriter;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.SocketAddress;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/** Runs cloud engines against fake servers and collects what they emitted, through the real RunRecorder. */
final class CloudHarness implements AutoCloseable {

    /** Short waits so failure tests stay fast: a 300 ms watchdog, quick backoff, the default 20 s retry cap. */
    static final CloudSettings FAST = new CloudSettings(Duration.ofMillis(300), Duration.ofSeconds(15), 3,
            Duration.ofSeconds(20), Duration.ofSeconds(2), Duration.ofMillis(50));

    /** What a run produced. */
    record Outcome(RunResult result, List<RunEvent> events, long submittedNanos, long endNanos) {
        double elapsedMs() {
            return (endNanos - submittedNanos) / 1e6;
        }

        <T extends RunEvent> List<T> events(Class<T> type) {
            return events.stream().filter(type::isInstance).map(type::cast).toList();
        }
    }

    final StringWriter log = new StringWriter();
    final CloudHttp http;

    CloudHarness() {
        this(FAST);
    }

    CloudHarness(CloudSettings settings) {
        this(settings, direct());
    }

    CloudHarness(CloudSettings settings, ProxySelector proxies) {
        http = new CloudHttp(proxies, () -> settings, new TokenEstimator(), log, Clock.systemUTC());
    }

    static ProxySelector direct() {
        return new ProxySelector() {
            @Override
            public List<Proxy> select(URI uri) {
                return List.of(Proxy.NO_PROXY);
            }

            @Override
            public void connectFailed(URI uri, SocketAddress sa, java.io.IOException ioe) {
            }
        };
    }

    CloudEngine engine(String name, ApiFormat format, URI base, Optional<String> key, Map<String, String> options) {
        Provider p = new Provider(name, format, base, Optional.empty(), false, false, "test", options);
        return CloudEngine.of(p, http, () -> key.map(Secret::of));
    }

    static RunSpec spec(String provider, String model) {
        return RunSpec.chat(new Target(provider, model), "You are terse.", "Say hello.",
                GenerationParams.defaults().withMaxTokens(32));
    }

    Outcome run(CloudEngine engine, RunSpec spec) throws InterruptedException {
        return run(engine, spec, h -> { });
    }

    /** Runs and waits for the end; {@code during} gets the handle right after the start (to cancel it). */
    Outcome run(CloudEngine engine, RunSpec spec, Consumer<RunHandle> during) throws InterruptedException {
        return run(engine, spec, during, e -> { });
    }

    Outcome run(CloudEngine engine, RunSpec spec, Consumer<RunHandle> during, Consumer<RunEvent> watch)
            throws InterruptedException {
        List<RunEvent> events = Collections.synchronizedList(new ArrayList<>());
        long submitted = System.nanoTime();
        RunRecorder recorder = new RunRecorder("test", spec, ModelIdentity.unknown(spec.target().model()),
                new HostFacts("cpu", 2, 1, "os", "test"), Instant.now(), submitted, System::nanoTime);
        CompletableFuture<Long> ended = new CompletableFuture<>();
        RunHandle handle = engine.stream(spec, recorder.andThen(e -> {
            events.add(e);
            watch.accept(e);
            if (e.isTerminal()) {
                ended.complete(System.nanoTime());
            }
        }));
        during.accept(handle);
        if (!handle.await(Duration.ofSeconds(20))) {
            throw new AssertionError("the run did not end within 20 s; events: " + events);
        }
        long end;
        try {
            end = ended.get(1, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError("no terminal event: " + events, e);
        }
        return new Outcome(recorder.result(Instant.now()), List.copyOf(events), submitted, end);
    }

    @Override
    public void close() {
        http.close();
    }
}
