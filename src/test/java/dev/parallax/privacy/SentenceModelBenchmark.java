package dev.parallax.privacy;

import dev.parallax.embed.MiniLmEncoder;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * The sentence model alone on the sentences the privacy gate hands it: what each build of all-MiniLM-L6-v2 and each
 * ONNX Runtime thread count costs per prompt. The sentences are those of 60 prompts of 2,000 characters of the whole
 * corpus mix (as PrivacyBenchmark builds them); every configuration encodes every prompt's sentences in turn, so that
 * they share whatever else the machine is doing. Run:
 * {@code mvn -B -q test-compile exec:java -Dexec.mainClass=dev.parallax.privacy.SentenceModelBenchmark -Dexec.classpathScope=test}
 */
public final class SentenceModelBenchmark {

    private SentenceModelBenchmark() {
    }

    private interface Encoding {
        void run(List<String> sentences) throws Exception;
    }

    public static void main(String[] args) throws Exception {
        List<List<String>> perPrompt = gateSentences();
        Path cache = TestEncoder.cacheDir();
        Map<String, Encoding> configurations = new LinkedHashMap<>();
        for (MiniLmEncoder.Variant variant : MiniLmEncoder.Variant.values()) {
            for (int threads : new int[] {1, 2}) {
                MiniLmEncoder encoder = MiniLmEncoder.open(cache, variant, threads);
                configurations.put(variant + ", " + threads + " thread" + (threads > 1 ? "s" : ""), encoder::encode);
                if (variant == MiniLmEncoder.Variant.INT8 && threads == 1) {
                    configurations.put(variant + ", 1 thread, one pass per sentence", sentences -> {
                        for (String s : sentences) {
                            encoder.encode(List.of(s));
                        }
                    });
                }
            }
        }
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        System.out.printf(Locale.ROOT, "%d prompts, %.1f sentences each through the model; load average at the start %.1f%n",
                perPrompt.size(), perPrompt.stream().mapToInt(List::size).average().orElse(0), os.getSystemLoadAverage());
        for (Encoding e : configurations.values()) {
            for (List<String> sentences : perPrompt.subList(0, 10)) {
                e.run(sentences);
            }
        }
        int rounds = 3;
        Map<String, double[]> wall = new LinkedHashMap<>();
        Map<String, double[]> cpu = new LinkedHashMap<>();
        configurations.keySet().forEach(k -> {
            wall.put(k, new double[rounds * perPrompt.size()]);
            cpu.put(k, new double[rounds * perPrompt.size()]);
        });
        for (int r = 0; r < rounds; r++) {
            for (int p = 0; p < perPrompt.size(); p++) {
                for (var c : configurations.entrySet()) {
                    long c0 = os.getProcessCpuTime();
                    long t0 = System.nanoTime();
                    c.getValue().run(perPrompt.get(p));
                    wall.get(c.getKey())[r * perPrompt.size() + p] = (System.nanoTime() - t0) / 1e6;
                    cpu.get(c.getKey())[r * perPrompt.size() + p] = (os.getProcessCpuTime() - c0) / 1e6;
                }
            }
        }
        for (String k : configurations.keySet()) {
            double[] w = wall.get(k);
            Arrays.sort(w);
            System.out.printf(Locale.ROOT, "%-40s median %6.1f ms, p95 %6.1f ms wall; CPU time mean %6.1f ms%n", k,
                    w[w.length / 2], w[(int) (w.length * 0.95)], Arrays.stream(cpu.get(k)).average().orElse(0));
        }
        passCost(MiniLmEncoder.open(cache, MiniLmEncoder.Variant.INT8, 1));
        System.out.printf(Locale.ROOT, "load average at the end: %.1f%n", os.getSystemLoadAverage());
    }

    /**
     * What a forward pass costs beyond its tokens (MiniLmEncoder.PASS_COST_TOKENS): four sentences of 16 tokens in
     * one pass against four passes of one, and the cost of a token from passes of 8 to 64.
     */
    private static void passCost(MiniLmEncoder encoder) throws Exception {
        // "word" is one word piece; [CLS] and [SEP] make two more.
        java.util.function.IntFunction<String> tokens = n -> "word ".repeat(n - 2).trim();
        for (int i = 0; i < 50; i++) {
            encoder.encode(List.of(tokens.apply(16)));
        }
        double one16 = fastest(() -> encoder.encode(List.of(tokens.apply(16))));
        double four16 = fastest(() -> encoder.encode(List.of(tokens.apply(16), tokens.apply(16), tokens.apply(16),
                tokens.apply(16))));
        double one8 = fastest(() -> encoder.encode(List.of(tokens.apply(8))));
        double one64 = fastest(() -> encoder.encode(List.of(tokens.apply(64))));
        double perToken = (one64 - one8) / 56;
        double perPass = (4 * one16 - four16) / 3;
        System.out.printf(Locale.ROOT, "INT8, 1 thread, fastest of 200: one pass of 8 tokens %.2f ms, of 16 %.2f ms, of 64 %.2f ms; four "
                + "of 16 in one pass %.2f ms: %.3f ms a token, %.2f ms a pass = %.0f tokens%n", one8, one16, one64, four16,
                perToken, perPass, perPass / perToken);
    }

    /** The fastest of 200 runs: the machine's other work only ever adds to a run, so the least is the cost itself. */
    private static double fastest(Encoding0 run) throws Exception {
        double least = Double.MAX_VALUE;
        for (int i = 0; i < 200; i++) {
            long t0 = System.nanoTime();
            run.run();
            least = Math.min(least, (System.nanoTime() - t0) / 1e6);
        }
        return least;
    }

    private interface Encoding0 {
        void run() throws Exception;
    }

    /** The sentences the gate gives its model for each prompt, cache emptied before each. */
    private static List<List<String>> gateSentences() throws Exception {
        List<List<String>> perPrompt = new ArrayList<>();
        java.util.function.Supplier<SentenceEncoder> shared = TestEncoder.shared();
        List<String> current = new ArrayList<>();
        PrivacyGate gate = PrivacyCorpus.gate(dev.parallax.testing.TempDirs.removedAtExit("parallax-model-bench"), () -> {
            SentenceEncoder e = shared.get();
            return sentences -> {
                current.addAll(sentences);
                return e.encode(sentences);
            };
        });
        gate.scan(List.of("warm-up: my mother has diabetes."));
        List<String> texts = PrivacyCorpus.load().allTexts();
        Random random = new Random(42);
        for (int i = 0; i < 60; i++) {
            StringBuilder p = new StringBuilder();
            while (p.length() < 2000) {
                p.append(texts.get(random.nextInt(texts.size()))).append(random.nextInt(4) == 0 ? "\n" : " ");
            }
            gate.forgetRecent();
            current.clear();
            gate.scan(List.of(p.substring(0, 2000)));
            perPrompt.add(List.copyOf(current));
        }
        return perPrompt;
    }
}
