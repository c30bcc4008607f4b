package dev.parallax.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * A {@link FakeOpenAiServer} in a process of its own, for benchmarks that should not count the server's CPU:
 * prints {@code LISTENING http://127.0.0.1:PORT/v1} and serves until its standard input closes, then prints
 * {@code REQUESTS n MAX_CONCURRENT m CPU_MS c} (c: the server's CPU time while it served them). Args: [firstMs=50] [tokens=20] [gapMs=2] [warmupRequests=0].
 *
 * <p>With warm-up requests, the server first answers that many streamed requests of its own (16 at once) and
 * starts its counts again: a real provider's server is not a cold JVM compiling its code on the client's cores,
 * so a benchmark of a cold client should not measure one.
 */
public final class FakeOpenAiServerMain {

    private static final int WARMUP_CONCURRENCY = 16;

    private FakeOpenAiServerMain() {
    }

    public static void main(String[] args) throws Exception {
        double firstMs = args.length > 0 ? Double.parseDouble(args[0]) : 50;
        int tokens = args.length > 1 ? Integer.parseInt(args[1]) : 20;
        double gapMs = args.length > 2 ? Double.parseDouble(args[2]) : 2;
        int warmup = args.length > 3 ? Integer.parseInt(args[3]) : 0;
        try (FakeOpenAiServer server = new FakeOpenAiServer(firstMs, tokens, gapMs)) {
            if (warmup > 0) {
                warmUp(server.base(), warmup);
                server.resetCounts();
            }
            var os = (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean();
            long cpu0 = os.getProcessCpuTime();
            System.out.println("LISTENING " + server.base());
            System.out.flush();
            while (System.in.read() >= 0) {
                // Serving until the parent closes our input.
            }
            System.out.println("REQUESTS " + server.requests() + " MAX_CONCURRENT " + server.maxConcurrent() + " CPU_MS "
                    + (os.getProcessCpuTime() - cpu0) / 1_000_000);
        }
    }

    private static void warmUp(URI base, int requests) throws Exception {
        byte[] body = ("{\"model\":\"warm-up\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"warm up\"}]}")
                .getBytes(StandardCharsets.UTF_8);
        URI endpoint = URI.create(base + "/chat/completions");
        ExecutorService pool = Executors.newFixedThreadPool(WARMUP_CONCURRENCY);
        try {
            List<Future<?>> sent = new ArrayList<>();
            for (int i = 0; i < requests; i++) {
                sent.add(pool.submit(() -> {
                    post(endpoint, body);
                    return null;
                }));
            }
            for (Future<?> f : sent) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private static void post(URI endpoint, byte[] body) throws IOException {
        HttpURLConnection c = (HttpURLConnection) endpoint.toURL().openConnection();
        c.setRequestMethod("POST");
        c.setDoOutput(true);
        c.setRequestProperty("Content-Type", "application/json");
        try (OutputStream out = c.getOutputStream()) {
            out.write(body);
        }
        if (c.getResponseCode() != 200) {
            throw new IOException("the warm-up request was answered " + c.getResponseCode());
        }
        try (InputStream in = c.getInputStream()) {
            in.transferTo(OutputStream.nullOutputStream());
        }
    }
}
