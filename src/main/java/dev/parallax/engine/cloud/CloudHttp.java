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
    private volatile boolean warm;

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

    /**
     * Runs one request through the HTTP client against a throw-away server on 127.0.0.1, once per process, so
     * the first measured request does not carry the client's class loading and cold code (measured: 100–250 ms
     * on a fresh JVM, against ~2 ms warm). Nothing leaves the machine; failures are ignored.
     */
    public void warmUp() {
        if (warm) {
            return;
        }
        synchronized (this) {
            if (warm) {
                return;
            }
            warm = true;
            try (java.net.ServerSocket server = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
                Thread answer = new Thread(() -> answerOnce(server), "parallax-http-warmup");
                answer.setDaemon(true);
                answer.start();
                java.net.http.HttpRequest request = java.net.http.HttpRequest.newBuilder(
                                java.net.URI.create("http://127.0.0.1:" + server.getLocalPort() + "/warmup"))
                        .timeout(java.time.Duration.ofSeconds(2))
                        .header("Content-Type", "application/json")
                        .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{}"))
                        .build();
                client.sendAsync(request, java.net.http.HttpResponse.BodyHandlers.ofByteArray())
                        .get(2, java.util.concurrent.TimeUnit.SECONDS);
            } catch (Exception e) {
                // Only a warm-up: the real request will tell if something is wrong.
            }
        }
    }

    private static void answerOnce(java.net.ServerSocket server) {
        try (java.net.Socket s = server.accept()) {
            s.setSoTimeout(2000);
            java.io.InputStream in = s.getInputStream();
            int matched = 0;
            byte[] end = {'\r', '\n', '\r', '\n'};
            while (matched < 4) {
                int b = in.read();
                if (b < 0) {
                    return;
                }
                matched = b == end[matched] ? matched + 1 : b == '\r' ? 1 : 0;
            }
            in.readNBytes(2);
            s.getOutputStream().write(("HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\n"
                    + "Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n7\r\ndata:\n\n\r\n0\r\n\r\n")
                    .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            s.getOutputStream().flush();
        } catch (IOException e) {
            // The warm-up is best effort.
        }
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
