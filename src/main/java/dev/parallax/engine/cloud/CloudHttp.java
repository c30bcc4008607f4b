package dev.parallax.engine.cloud;

import dev.parallax.cost.TokenEstimator;
import dev.parallax.secrets.KeyPatterns;

import java.io.IOException;
import java.io.Writer;
import java.net.ProxySelector;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Instant;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * What every cloud engine shares: one HTTP client (HTTP/1.1, so a cancelled run closes its connection; proxies
 * from the environment), the patience settings, the token estimator, a log, and a clock for HTTP dates.
 */
public final class CloudHttp implements AutoCloseable {

    private final HttpClient client;
    private final ExecutorService executor;
    private final Supplier<CloudSettings> settings;
    private final TokenEstimator estimator;
    private final Writer log;
    private final Clock clock;
    private final Random random = new Random();

    public CloudHttp(ProxySelector proxies, Supplier<CloudSettings> settings, TokenEstimator estimator, Writer log,
                     Clock clock) {
        this.settings = settings;
        this.estimator = estimator;
        this.log = log;
        this.clock = clock;
        AtomicInteger n = new AtomicInteger();
        this.executor = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "parallax-http-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        this.client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(settings.get().connectTimeout())
                .followRedirects(HttpClient.Redirect.NORMAL)
                .proxy(proxies)
                .executor(executor)
                .build();
    }

    HttpClient client() {
        return client;
    }

    public CloudSettings settings() {
        return settings.get();
    }

    TokenEstimator estimator() {
        return estimator;
    }

    Instant now() {
        return clock.instant();
    }

    /** A random fraction in [0, 1), for jitter. */
    synchronized double jitter() {
        return random.nextDouble();
    }

    /** One line in the cloud log. Lines are scrubbed of anything that looks like a key before they are written. */
    void log(String line) {
        if (log == null) {
            return;
        }
        synchronized (log) {
            try {
                log.write(clock.instant() + " " + KeyPatterns.scrub(line) + System.lineSeparator());
                log.flush();
            } catch (IOException e) {
                // A log that cannot be written must not fail a run.
            }
        }
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
