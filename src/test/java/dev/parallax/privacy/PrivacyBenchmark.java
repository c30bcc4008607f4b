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
     * @param cpuMedianMs    the median of the process's CPU time per check (all threads, ONNX Runtime's included): less
     *                       sensitive than wall time to other work sharing the machine
     * @param modelSentences the sentences the sentence model encoded per prompt, on average
     * @param repeatMedianMs the median when the same prompt is checked a second time (typed, then run)
     */
    record Latency(double medianMs, double p95Ms, double minMs, double maxMs, double cpuMedianMs, double modelSentences,
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

    public static void main(String[] args) throws Exception {
        Path home = Files.createTempDirectory("parallax-privacy-bench");
        CountingEncoder encoder = new CountingEncoder(TestEncoder.shared());
        PrivacyGate gate = PrivacyCorpus.gate(home, encoder);
        PrivacyCorpus corpus = PrivacyCorpus.load();
        List<String> misses = new ArrayList<>();
        Map<EntityType, PrivacyCorpus.Score> scores = corpus.score(gate, misses);
        System.out.println(table(scores));
        if (args.length > 0 && args[0].equals("--misses")) {
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
        System.out.printf(Locale.ROOT, "gate on %d prompts of %d chars, %s (model warm, %d cores): median %.1f ms, "
                + "p95 %.1f ms, min %.1f ms, max %.1f ms; CPU time median %.1f ms; %.1f sentences per prompt through the "
                + "model; the same prompt again: median %.1f ms%n", l.prompts, l.chars, mix,
                Runtime.getRuntime().availableProcessors(), l.medianMs, l.p95Ms, l.minMs, l.maxMs, l.cpuMedianMs,
                l.modelSentences, l.repeatMedianMs);
    }

    static String table(Map<EntityType, PrivacyCorpus.Score> scores) {
        StringBuilder s = new StringBuilder(String.format(Locale.ROOT, "%-20s %5s %5s %5s %9s %7s%n", "entity", "tp", "fp",
                "fn", "precision", "recall"));
        scores.forEach((type, sc) -> s.append(String.format(Locale.ROOT, "%-20s %5d %5d %5d %9.3f %7.3f%n",
                type.label(), sc.truePositives(), sc.falsePositives(), sc.falseNegatives(), sc.precision(), sc.recall())));
        return s.toString();
    }

    /**
     * Prompts of {@code chars} characters, each a different random mix of {@code texts}, checked once each after a
     * warm-up with the sentence cache emptied before each (as a CLI run is), then once more (as a Playground run
     * is, after the chip checked the same text).
     */
    static Latency latency(PrivacyGate gate, List<String> texts, int chars, int prompts, CountingEncoder encoder) {
        var os = (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        Random random = new Random(42);
        List<String> inputs = new ArrayList<>();
        for (int i = 0; i < prompts + 5; i++) {
            StringBuilder p = new StringBuilder();
            while (p.length() < chars) {
                p.append(texts.get(random.nextInt(texts.size()))).append(random.nextInt(4) == 0 ? "\n" : " ");
            }
            inputs.add(p.substring(0, chars));
        }
        for (int i = 0; i < 5; i++) {
            gate.scan(List.of(inputs.get(i)));
        }
        double[] ms = new double[prompts];
        double[] cpu = new double[prompts];
        long encodedBefore = encoder.sentences.get();
        for (int i = 0; i < prompts; i++) {
            gate.forgetRecent();
            long c0 = os.getProcessCpuTime();
            long t0 = System.nanoTime();
            gate.scan(List.of(inputs.get(5 + i)));
            ms[i] = (System.nanoTime() - t0) / 1e6;
            cpu[i] = (os.getProcessCpuTime() - c0) / 1e6;
        }
        double modelSentences = (encoder.sentences.get() - encodedBefore) / (double) prompts;
        Arrays.sort(ms);
        Arrays.sort(cpu);
        double[] again = new double[prompts];
        for (int i = 0; i < prompts; i++) {
            long t0 = System.nanoTime();
            gate.scan(List.of(inputs.get(5 + i)));
            again[i] = (System.nanoTime() - t0) / 1e6;
        }
        Arrays.sort(again);
        return new Latency(ms[prompts / 2], ms[Math.min(prompts - 1, (int) Math.floor(prompts * 0.95))], ms[0],
                ms[prompts - 1], cpu[prompts / 2], modelSentences, prompts, chars, again[prompts / 2]);
    }
}
