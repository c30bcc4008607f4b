package dev.parallax.engine.local.jni;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parallax.app.AppServices;
import dev.parallax.bench.stats.Bootstrap;
import dev.parallax.bench.stats.Estimate;
import dev.parallax.app.ParallaxHome;
import dev.parallax.core.ChatMessage;
import dev.parallax.core.GenerationParams;
import dev.parallax.core.PromptMode;
import dev.parallax.core.RunEvent;
import dev.parallax.core.RunResult;
import dev.parallax.core.RunSpec;
import dev.parallax.core.RunStatus;
import dev.parallax.core.Target;
import dev.parallax.engine.local.EngineChoice;
import dev.parallax.engine.local.LoadSpec;
import dev.parallax.engine.local.WorkerCommands;
import dev.parallax.engine.local.WorkerOutput;
import dev.parallax.engine.local.WorkerProtocol;
import dev.parallax.route.ActiveRun;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Benchmark (bench/isolation.sh): what the worker process costs in time to first token. The same prompt runs
 * alternately through Parallax's whole run path (java-llama.cpp in its worker process, history included) and on
 * a java-llama.cpp model loaded in this process with the same parameters, through the same session code the worker
 * runs. Both first-token stamps are taken at the same place of the generation loop on the same monotonic clock,
 * so "stamped" minus in-process is the request's trip to the worker; "received" adds the token's trip back.
 *
 * <p>Args: MODEL.gguf [runs=31] [threads=2] [maxTokens=8] [warmups=30]. Prints one JSON line of medians in milliseconds.
 */
public final class IsolationCostMain {

    private static final String PROMPT = "The quick brown fox jumps over the lazy dog. Once upon a time, in a small "
            + "village by the sea, there lived an old fisherman who told stories every evening.";

    private IsolationCostMain() {
    }

    public static void main(String[] args) throws Exception {
        Path model = Path.of(args[0]).toAbsolutePath();
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 31;
        int threads = args.length > 2 ? Integer.parseInt(args[2]) : 2;
        int maxTokens = args.length > 3 ? Integer.parseInt(args[3]) : 8;
        int warmups = args.length > 4 ? Integer.parseInt(args[4]) : 30;
        GenerationParams params = GenerationParams.defaults().withMaxTokens(maxTokens).withThreads(threads)
                .withTemperature(0).withSeed(1);
        Path home = dev.parallax.testing.TempDirs.removedAtExit("parallax-isolation");
        System.setProperty("de.kherud.llama.tmpdir", Files.createDirectories(home.resolve("jllama-here")).toString());

        List<Double> stamped = new ArrayList<>();
        List<Double> received = new ArrayList<>();
        List<Double> recorded = new ArrayList<>();
        List<Double> here = new ArrayList<>();
        List<Double> reached = new ArrayList<>();
        try (AppServices services = new AppServices(new ParallaxHome(home), false, Map.of())) {
            RunSpec spec = RunSpec.raw(Target.local(model.toString()), PROMPT, params);
            JllamaSession session = JllamaSession.load(new LoadSpec(model.toString(),
                    params.contextSize() > 0 ? params.contextSize() : GenerationParams.DEFAULT_CONTEXT, threads,
                    params.gpuLayers()));
            for (int i = -warmups; i < runs; i++) {
                double[] w = throughWorker(services, spec);
                Thread.sleep(300);
                double p = inProcess(session, params);
                Thread.sleep(300);
                if (i >= 0) { // the first pairs warm up: worker start, model load, JIT
                    stamped.add(w[0]);
                    received.add(w[1]);
                    recorded.add(w[2]);
                    reached.add(w[3]);
                    here.add(p);
                }
            }
        }
        double in = median(here);
        // Each pair ran back to back, so its difference leaves out the VM's drift between pairs (10-20% within a
        // minute here), which a difference of the two medians keeps: with 9 or 15 pairs that gave +14 to +32 ms in
        // sittings where 31 pairs gave -1 ms. The median of the pairs' differences, with its bootstrap interval.
        double[] paired = new double[here.size()];
        for (int i = 0; i < paired.length; i++) {
            paired[i] = received.get(i) - here.get(i);
        }
        Estimate pairedCost = new Bootstrap().distribution(paired).p50();
        System.out.println(String.format(Locale.ROOT,
                "{\"model\":\"%s\",\"runs\":%d,\"warmups\":%d,\"threads\":%d,\"in_process_ttft_ms\":%.2f,\"worker_ttft_stamped_ms\":%.2f,"
                        + "\"worker_ttft_received_ms\":%.2f,\"worker_ttft_recorded_ms\":%.2f,\"isolation_cost_stamped_ms\":%.2f,"
                        + "\"isolation_cost_received_ms\":%.2f,\"isolation_cost_paired_ms\":{\"median\":%.2f,\"low\":%.2f,\"high\":%.2f},"
                        + "\"request_reached_worker_ms\":%.2f,\"in_process_all_ms\":%s,\"worker_received_all_ms\":%s}",
                model.getFileName(), runs, warmups, threads, in, median(stamped), median(received), median(recorded),
                median(stamped) - in, median(received) - in, pairedCost.value(), pairedCost.low(), pairedCost.high(),
                median(reached), rounded(here), rounded(received)));
        // java-llama.cpp leaves a native thread behind its in-process model that keeps the JVM from exiting.
        System.exit(0);
    }

    /** [first token stamped in the worker, first token received here, TTFT as Parallax recorded it], ms from the call. */
    private static double[] throughWorker(AppServices services, RunSpec spec) throws Exception {
        AtomicLong stamp = new AtomicLong();
        AtomicLong arrival = new AtomicLong();
        AtomicLong started = new AtomicLong();
        long t0 = System.nanoTime();
        ActiveRun run = services.runService().start(spec, EngineChoice.JAVA_LLAMA_CPP, e -> {
            if (e instanceof RunEvent.Started s) {
                started.set(s.nanos());
            }
            if (e instanceof RunEvent.Token t && !t.text().isEmpty() && stamp.get() == 0) {
                arrival.set(System.nanoTime());
                stamp.set(t.nanos());
            }
        });
        RunResult r = run.await();
        if (r.status() != RunStatus.COMPLETED) {
            throw new IllegalStateException("the worker run ended " + r.status() + ": " + r.error().orElse(""));
        }
        return new double[] {(stamp.get() - t0) / 1e6, (arrival.get() - t0) / 1e6, r.timings().ttftMs().orElse(Double.NaN),
                (started.get() - t0) / 1e6};
    }

    /** From the call to the first token's stamp, in this process, through the worker's own session code. */
    private static double inProcess(JllamaSession session, GenerationParams params) {
        TokenStamp first = new TokenStamp();
        ObjectNode command = WorkerProtocol.runRequest(1, session.load(),
                List.of(new ChatMessage(ChatMessage.Role.USER, PROMPT)), PromptMode.RAW, params);
        long t0 = System.nanoTime();
        session.generate(1, command, new WorkerOutput(new PrintStream(first, true, StandardCharsets.UTF_8)),
                new WorkerCommands());
        if (first.nanos == 0) {
            throw new IllegalStateException("the in-process run produced no token");
        }
        return (first.nanos - t0) / 1e6;
    }

    /** Reads the "t" of the first token line the session writes. */
    private static final class TokenStamp extends OutputStream {
        private final ByteArrayOutputStream line = new ByteArrayOutputStream();
        volatile long nanos;

        @Override
        public void write(int b) {
            line.write(b);
            if (b != '\n') {
                return;
            }
            String text = line.toString(StandardCharsets.UTF_8);
            line.reset();
            int type = text.indexOf("\"type\":\"token\"");
            if (nanos == 0 && type >= 0 && !text.contains("\"text\":\"\"")) {
                int start = text.indexOf("\"t\":", type) + 4;
                int end = start;
                while (end < text.length() && Character.isDigit(text.charAt(end))) {
                    end++;
                }
                nanos = Long.parseLong(text.substring(start, end));
            }
        }
    }

    private static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    private static String rounded(List<Double> values) {
        return values.stream().map(v -> String.format(Locale.ROOT, "%.1f", v)).toList().toString();
    }
}
