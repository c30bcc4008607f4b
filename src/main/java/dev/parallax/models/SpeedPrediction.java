package dev.parallax.models;

import dev.parallax.core.HostFacts;
import dev.parallax.core.RunStatus;
import dev.parallax.history.HistoryQuery;
import dev.parallax.history.RunRecord;
import dev.parallax.history.RunRepository;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalDouble;

/**
 * Generation speed on this machine, predicted from its own history. Generating a token reads every
 * weight once, so tokens/s × weight bytes is the memory bandwidth a run achieved; the median of that
 * over past local runs, divided by a new file's weight bytes, predicts its tokens/s. Mixture-of-experts
 * models read only their active experts and run faster than this predicts.
 */
public final class SpeedPrediction {

    /** One measured local run: its generation speed and its model's weight bytes. */
    public record Measurement(double tokensPerSecond, long weightBytes) {
    }

    /**
     * A prediction.
     *
     * @param tokensPerSecond empty when there is nothing to predict from
     * @param basedOnRuns     how many measured runs it rests on
     * @param bytesPerSecond  the median effective bytes of weights read per second
     */
    public record Estimate(OptionalDouble tokensPerSecond, int basedOnRuns, double bytesPerSecond) {

        public Estimate {
            Objects.requireNonNull(tokensPerSecond, "tokensPerSecond");
        }

        public String describe() {
            if (tokensPerSecond.isEmpty()) {
                return "no measurements yet: run a local model once to predict speeds";
            }
            return String.format(Locale.ROOT, "about %.0f tokens/s (from %d run%s on this machine)",
                    tokensPerSecond.getAsDouble(), basedOnRuns, basedOnRuns == 1 ? "" : "s");
        }
    }

    /** Runs looked at, newest first. */
    static final int RECENT_RUNS = 200;

    private final List<Measurement> measurements;
    private final double medianBytesPerSecond;

    public SpeedPrediction(List<Measurement> measurements) {
        this.measurements = measurements.stream()
                .filter(m -> m.tokensPerSecond() > 0 && m.weightBytes() > 0).toList();
        double[] rates = this.measurements.stream().mapToDouble(m -> m.tokensPerSecond() * m.weightBytes()).toArray();
        this.medianBytesPerSecond = median(rates);
    }

    /**
     * From the run history: completed local runs on a machine like this one (same CPU and core count),
     * llama.cpp's own generation rate where recorded, else Parallax's. Runs whose model file is gone are skipped.
     */
    public static SpeedPrediction fromHistory(RunRepository runs, HostFacts host) {
        List<Measurement> measured = new ArrayList<>();
        Map<String, Long> sizes = new HashMap<>();
        for (RunRecord run : runs.page(HistoryQuery.all().withStatus(RunStatus.COMPLETED), 0, RECENT_RUNS)) {
            if (!run.target().isLocal() || !run.host().cpuModel().equals(host.cpuModel())
                    || run.host().cores() != host.cores() || run.model().file().isBlank()) {
                continue;
            }
            double tps = run.timings().engine().map(e -> e.generationTokensPerSecond())
                    .filter(v -> v > 0).orElse(run.timings().completionTokensPerSecond().orElse(0));
            long bytes = sizes.computeIfAbsent(run.model().file(), SpeedPrediction::sizeOrZero);
            measured.add(new Measurement(tps, bytes));
        }
        return new SpeedPrediction(measured);
    }

    public Estimate predict(long weightBytes) {
        if (measurements.isEmpty() || weightBytes <= 0) {
            return new Estimate(OptionalDouble.empty(), measurements.size(), medianBytesPerSecond);
        }
        return new Estimate(OptionalDouble.of(medianBytesPerSecond / weightBytes), measurements.size(), medianBytesPerSecond);
    }

    private static long sizeOrZero(String file) {
        try {
            return Files.size(Path.of(file));
        } catch (java.io.IOException | RuntimeException e) {
            // The file moved or went: this run cannot say how fast bytes were read.
            return 0;
        }
    }

    static double median(double[] values) {
        if (values.length == 0) {
            return 0;
        }
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int mid = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }
}
