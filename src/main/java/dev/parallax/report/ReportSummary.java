package dev.parallax.report;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What was compared, when, and on what.
 *
 * @param description      one sentence: what the report covers
 * @param prompt           the prompt of a comparison
 * @param dataset          the dataset of a batch (name and id)
 * @param machines         the machines the runs ran on, as recorded with each run
 * @param engines          the local engines and llama.cpp builds that produced local runs
 * @param gpu              the GPUs of the machine that exported the report (runs do not record one)
 * @param exportedWith     the Parallax version that wrote the report
 */
public record ReportSummary(String description, Optional<String> prompt, Optional<String> system,
                            Optional<String> dataset, List<String> targets, int runs, int succeeded,
                            Optional<Instant> firstRun, Optional<Instant> lastRun, List<Machine> machines,
                            List<EngineBuild> engines, String gpu, String exportedWith) {

    public ReportSummary {
        targets = List.copyOf(targets);
        machines = List.copyOf(machines);
        engines = List.copyOf(engines);
    }

    /** One machine as runs recorded it, and how many of the report's runs ran there. */
    public record Machine(String cpu, int cores, long ramBytes, String os, String parallaxVersion, int runs) {

        public String ramText() {
            return ramBytes <= 0 ? "unknown" : String.format(java.util.Locale.ROOT, "%.1f GiB", ramBytes / (1024.0 * 1024 * 1024));
        }
    }

    /** A local engine and its llama.cpp build, and how many runs it produced. */
    public record EngineBuild(String engine, String build, int runs) {
    }
}
