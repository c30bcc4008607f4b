package dev.parallax.bench.batch;

import dev.parallax.app.AppServices;
import dev.parallax.testing.FakeOpenAiServerMain;
import dev.parallax.testing.TempDirs;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Benchmark (bench/batch.sh): is the batch orchestration the bottleneck? Runs ROWS rows at CONCURRENCY against a
 * local fake OpenAI-compatible server that answers with a first token after FIRST_MS and TOKENS tokens GAP_MS
 * apart, through the whole run path (H2 history included), and compares the wall time with the ideal
 * rows ÷ concurrency × per-request time. A warm-up batch of WARMUP rows runs first, so the figure is the steady
 * state (measured: after 500 rows the JIT still compiles and deoptimises H2 and HTTP client code for seconds of CPU on
 * 2 cores); WARMUP 0 measures a cold process.
 *
 * <p>The fake server answers SERVER_WARMUP requests of its own before it listens, so a cold Parallax is not also
 * measured against a cold server JVM compiling on the same two cores (a real provider's server never is); 0 leaves
 * it cold too.
 *
 * <p>Args: [rows=1000] [concurrency=16] [firstMs=50] [tokens=20] [gapMs=2] [warmup=3000] [serverWarmup=3000]. Prints
 * one JSON line. The fake server
 * runs in a process of its own ({@link dev.parallax.testing.FakeOpenAiServerMain}), so the CPU time and memory
 * reported are Parallax's alone.
 */
public final class BatchThroughputMain {

    private BatchThroughputMain() {
    }

    public static void main(String[] args) throws Exception {
        int rows = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
        int concurrency = args.length > 1 ? Integer.parseInt(args[1]) : 16;
        double firstMs = args.length > 2 ? Double.parseDouble(args[2]) : 50;
        int tokens = args.length > 3 ? Integer.parseInt(args[3]) : 20;
        double gapMs = args.length > 4 ? Double.parseDouble(args[4]) : 2;
        int warmup = args.length > 5 ? Integer.parseInt(args[5]) : 3000;
        int serverWarmup = args.length > 6 ? Integer.parseInt(args[6]) : 3000;
        double perRequestMs = firstMs + (tokens - 1) * gapMs;
        double idealMs = (double) rows / concurrency * perRequestMs;

        if (System.getenv("BENCH_DEFAULT_JIT") == null) {
            // As 'parallax bench' does (CompilerPolicy); BENCH_DEFAULT_JIT=1 keeps the JVM's own policy.
            dev.parallax.app.CompilerPolicy.applyInBackground();
        }
        Path home = TempDirs.removedAtExit("parallax-batch-bench");
        Path files = TempDirs.removedAtExit("parallax-batch-bench-files");
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        Process server = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m",
                "-cp", System.getProperty("java.class.path"), FakeOpenAiServerMain.class.getName(),
                String.valueOf(firstMs), String.valueOf(tokens), String.valueOf(gapMs), String.valueOf(serverWarmup))
                .redirectErrorStream(true).start();
        try (BufferedReader serverOut = new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8))) {
            String listening = serverOut.readLine();
            if (listening == null || !listening.startsWith("LISTENING ")) {
                throw new IllegalStateException("the fake server did not start: " + listening);
            }
            URI base = URI.create(listening.substring("LISTENING ".length()).trim());
            String stats;
            double wallMs;
            double cpuMs;
            double jitMs;
            double[] totals;
            double[] ttfts;
            double firstItemMs;
            try (AppServices services = BatchFixture.services(home, base)) {
                if (warmup > 0) {
                    run(services, BatchFixture.importRows(services, files, warmup), concurrency, BatchListener.none());
                }
                // As 'parallax bench' does once it has parsed a cloud target: the gate's model loads, and the route to
                // the provider is built, beside the import.
                services.privacyGate().prepareInBackground();
                services.runService().prepareRoutesInBackground(List.of(BatchFixture.OPENAI));
                String dataset = BatchFixture.importRows(services, files, rows);
                long cpu0 = os.getProcessCpuTime();
                double jit0 = compilerCpuMs();
                long t0 = System.nanoTime();
                java.util.concurrent.atomic.AtomicLong firstDone = new java.util.concurrent.atomic.AtomicLong();
                BatchProgress end = run(services, dataset, concurrency, new BatchListener() {
                    @Override
                    public void itemFinished(int rowNo, int targetIndex, int repeatNo, dev.parallax.history.RunMetrics run) {
                        firstDone.compareAndSet(0, System.nanoTime());
                    }
                });
                firstItemMs = (firstDone.get() - t0) / 1e6;
                wallMs = (System.nanoTime() - t0) / 1e6;
                cpuMs = (os.getProcessCpuTime() - cpu0) / 1e6;
                jitMs = compilerCpuMs() - jit0;
                if (System.getenv("BENCH_THREADS") != null) {
                    threadCpu().forEach((name, ms) -> System.err.printf(Locale.ROOT, "%7.0f ms  %s%n", ms, name));
                }
                if (end.state() != BatchState.COMPLETED || end.failed() > 0) {
                    throw new IllegalStateException("the batch did not complete cleanly: " + end);
                }
                List<dev.parallax.history.BatchItem> items = services.batches().items(end.batchId());
                totals = items.stream().mapToDouble(i -> i.run().totalMs()).sorted().toArray();
                ttfts = items.stream().mapToDouble(i -> i.run().ttftMs().orElse(Double.NaN)).sorted().toArray();
            } finally {
                server.getOutputStream().close();
                stats = serverOut.readLine();
                server.waitFor();
            }
            System.out.println(String.format(Locale.ROOT, "{\"tool\":\"parallax\",\"rows\":%d,\"concurrency\":%d,\"warmup_rows\":%d,\"server_warmup_requests\":%d,"
                            + "\"per_request_ms\":%.1f,\"ideal_ms\":%.0f,\"wall_ms\":%.0f,\"ratio\":%.3f,\"cpu_ms\":%.0f,\"jit_cpu_ms\":%.0f,"
                            + "\"peak_rss_mb\":%.0f,\"server\":\"%s\",\"cores\":%d,\"load_average\":%.2f,"
                            + "\"run_total_ms\":{\"mean\":%.1f,\"p50\":%.1f,\"p95\":%.1f},\"run_ttft_ms_p50\":%.1f,"
                            + "\"between_runs_ms\":%.1f,\"first_item_ms\":%.0f}",
                    rows, concurrency, warmup, serverWarmup, perRequestMs, idealMs, wallMs, wallMs / idealMs, cpuMs, jitMs, peakRssMb(),
                    stats, os.getAvailableProcessors(), os.getSystemLoadAverage(),
                    java.util.Arrays.stream(totals).average().orElse(Double.NaN), at(totals, 0.5), at(totals, 0.95),
                    at(ttfts, 0.5), wallMs * concurrency / rows - java.util.Arrays.stream(totals).average().orElse(Double.NaN), firstItemMs));
        }
    }

    private static BatchProgress run(AppServices services, String dataset, int concurrency, BatchListener listener)
            throws Exception {
        return services.batches().start(BatchFixture.request(dataset, List.of(BatchFixture.OPENAI),
                Map.of("openai", concurrency), Optional.empty(), List.of()), listener).await(Duration.ofMinutes(10));
    }

    /** CPU time of the JIT compiler threads so far (Linux /proc), or NaN elsewhere. */
    static double compilerCpuMs() {
        Map<String, Double> all = threadCpu();
        return all.isEmpty() ? Double.NaN : all.entrySet().stream()
                .filter(e -> e.getKey().startsWith("CN Compiler"))
                .mapToDouble(Map.Entry::getValue).sum();
    }

    /**
     * CPU time so far of this process's live threads, by name with digits folded (Linux /proc, names cut at 15
     * characters; 100 ticks a second), most first; empty elsewhere. BENCH_THREADS=1 prints it after the batch.
     */
    static Map<String, Double> threadCpu() {
        Map<String, Double> out = new java.util.HashMap<>();
        try (var tasks = Files.list(Path.of("/proc/self/task"))) {
            for (Path task : (Iterable<Path>) tasks::iterator) {
                String stat;
                try {
                    stat = Files.readString(task.resolve("stat"));
                } catch (java.io.IOException gone) {
                    continue;
                }
                String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')')).replaceAll("\\d+", "N");
                String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                out.merge(name, (Long.parseLong(f[11]) + Long.parseLong(f[12])) * 10.0, Double::sum);
            }
        } catch (Exception e) {
            return Map.of();
        }
        Map<String, Double> sorted = new java.util.LinkedHashMap<>();
        out.entrySet().stream().sorted(Map.Entry.<String, Double>comparingByValue().reversed())
                .forEach(e -> sorted.put(e.getKey(), e.getValue()));
        return sorted;
    }

    /** The q-quantile of sorted values (nearest rank). */
    private static double at(double[] sorted, double q) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(q * sorted.length) - 1)];
    }

    /** The process's peak resident memory (Linux VmHWM), or NaN elsewhere. */
    static double peakRssMb() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.replaceAll("\\D", "")) / 1024.0;
                }
            }
        } catch (Exception e) {
            // Not Linux: no figure.
        }
        return Double.NaN;
    }
}
