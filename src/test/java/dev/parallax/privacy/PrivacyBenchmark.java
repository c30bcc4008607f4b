package dev.parallax.privacy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * Precision and recall of the privacy gate per entity type on the test corpus, and what the gate adds to a
 * 2,000-character prompt with the sentence model warm. Run:
 * {@code mvn -B -q test-compile exec:java -Dexec.mainClass=dev.parallax.privacy.PrivacyBenchmark -Dexec.classpathScope=test}
 */
public final class PrivacyBenchmark {

    /**
     * @param cpuMeanMs      the process's CPU time per check, on average (all threads, ONNX Runtime's included): less
     *                       sensitive than wall time to other work sharing the machine
     * @param modelSentences the sentences the sentence model encoded per prompt, on average
     * @param repeatMedianMs the median when the same prompt is checked a second time (typed, then run)
     */
    record Latency(double medianMs, double p95Ms, double minMs, double maxMs, double cpuMeanMs, double modelSentences,
                   int prompts, int chars, double repeatMedianMs) {
    }

    /** Counts the sentences handed to the model. */
    static final class CountingEncoder implements java.util.function.Supplier<SentenceEncoder> {
        private final java.util.function.Supplier<SentenceEncoder> inner;
        final java.util.concurrent.atomic.AtomicLong sentences = new java.util.concurrent.atomic.AtomicLong();

        CountingEncoder(java.util.function.Supplier<SentenceEncoder> inner) {
            this.inner = inner;
        }

        @Override
        public SentenceEncoder get() {
            SentenceEncoder e = inner.get();
            return list -> {
                sentences.addAndGet(list.size());
                return e.encode(list);
            };
        }
    }

    /**
     * Arguments: {@code --misses} lists each false and missed finding; {@code --variant NAME} runs the gate on another
     * build of the sentence model, when one is added to {@code MiniLmEncoder.Variant} (to compare scores and times).
     */
    public static void main(String[] args) throws Exception {
        List<String> options = List.of(args);
        int v = options.indexOf("--variant");
        dev.parallax.embed.MiniLmEncoder.Variant variant = v >= 0
                ? dev.parallax.embed.MiniLmEncoder.Variant.valueOf(options.get(v + 1))
                : dev.parallax.embed.MiniLmEncoder.Variant.INT8;
        System.out.printf(Locale.ROOT, "sentence model %s; load average at the start: %.1f%n", variant,
                java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        Path home = dev.parallax.testing.TempDirs.removedAtExit("parallax-privacy-bench");
        CountingEncoder encoder = new CountingEncoder(SentenceEncoders.miniLm(TestEncoder.cacheDir(), variant));
        PrivacyGate gate = PrivacyCorpus.gate(home, encoder);
        PrivacyCorpus corpus = PrivacyCorpus.load();
        List<String> misses = new ArrayList<>();
        Map<EntityType, PrivacyCorpus.Score> scores = corpus.score(gate, misses);
        System.out.println(table(scores));
        if (options.contains("--misses")) {
            misses.forEach(System.out::println);
        }
        print("whole corpus (about 1 text in 3 is special-category talk)",
                latency(gate, corpus.allTexts(), 2000, 60, encoder));
        print("patterns.txt only (values and look-alikes, no special-category sentences)",
                latency(gate, corpus.patternTexts(), 2000, 60, encoder));
        System.out.printf(Locale.ROOT, "load average at the end: %.1f%n",
                java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    }

    static void print(String mix, Latency l) {
        System.out.printf(Locale.ROOT, "gate on %d prompts of %d chars, %s (model warm, %d warm-up checks, %d cores): median %.1f ms, "
                + "p95 %.1f ms, min %.1f ms, max %.1f ms; CPU time mean %.1f ms; %.1f sentences per prompt through the "
                + "model; the same prompt again: median %.1f ms%n", l.prompts, l.chars, mix, WARM_UP,
                Runtime.getRuntime().availableProcessors(), l.medianMs, l.p95Ms, l.minMs, l.maxMs, l.cpuMeanMs,
                l.modelSentences, l.repeatMedianMs);
    }

    static String table(Map<EntityType, PrivacyCorpus.Score> scores) {
        StringBuilder s = new StringBuilder(String.format(Locale.ROOT, "%-20s %5s %5s %5s %9s %7s%n", "entity", "tp", "fp",
                "fn", "precision", "recall"));
        scores.forEach((type, sc) -> s.append(String.format(Locale.ROOT, "%-20s %5d %5d %5d %9.3f %7.3f%n",
                type.label(), sc.truePositives(), sc.falsePositives(), sc.falseNegatives(), sc.precision(), sc.recall())));
        return s.toString();
    }

    /** Checks before the measured ones, on other prompts of the same mix: the model and the JIT-compiled gate warm. */
    static final int WARM_UP = Integer.getInteger("parallax.bench.warmup", 100);

    /**
     * Prompts of {@code chars} characters, each a different random mix of {@code texts}, checked once each after
     * {@link #WARM_UP} checks of other prompts, with the sentence cache emptied before each (as a CLI run is), then once
     * more (as a Playground run is, after the chip checked the same text).
     */
    static Latency latency(PrivacyGate gate, List<String> texts, int chars, int prompts, CountingEncoder encoder) {
        return latency(gate, texts, chars, prompts, WARM_UP, encoder);
    }

    /** As {@link #latency(PrivacyGate, List, int, int, CountingEncoder)} after {@code warmUp} checks. */
    static Latency latency(PrivacyGate gate, List<String> texts, int chars, int prompts, int warmUp,
                           CountingEncoder encoder) {
        var os = (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        List<String> inputs = prompts(texts, chars, prompts, new Random(42));
        for (String warm : prompts(texts, chars, warmUp, new Random(7))) {
            gate.forgetRecent();
            gate.scan(List.of(warm));
        }
        double[] ms = new double[prompts];
        double[] cpu = new double[prompts];
        long encodedBefore = encoder.sentences.get();
        for (int i = 0; i < prompts; i++) {
            gate.forgetRecent();
            long c0 = os.getProcessCpuTime();
            long t0 = System.nanoTime();
            gate.scan(List.of(inputs.get(i)));
            ms[i] = (System.nanoTime() - t0) / 1e6;
            cpu[i] = (os.getProcessCpuTime() - c0) / 1e6;
        }
        double modelSentences = (encoder.sentences.get() - encodedBefore) / (double) prompts;
        double cpuMean = Arrays.stream(cpu).sum() / prompts;
        Arrays.sort(ms);
        double[] again = new double[prompts];
        for (int i = 0; i < prompts; i++) {
            long t0 = System.nanoTime();
            gate.scan(List.of(inputs.get(i)));
            again[i] = (System.nanoTime() - t0) / 1e6;
        }
        Arrays.sort(again);
        return new Latency(ms[prompts / 2], ms[Math.min(prompts - 1, (int) Math.floor(prompts * 0.95))], ms[0],
                ms[prompts - 1], cpuMean, modelSentences, prompts, chars, again[prompts / 2]);
    }

    private static List<String> prompts(List<String> texts, int chars, int count, Random random) {
        List<String> inputs = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            StringBuilder p = new StringBuilder();
            while (p.length() < chars) {
                p.append(texts.get(random.nextInt(texts.size()))).append(random.nextInt(4) == 0 ? "\n" : " ");
            }
            inputs.add(p.substring(0, chars));
        }
        return inputs;
    }
}
