package dev.parallax.report;

import dev.parallax.bench.stats.Bootstrap;
import dev.parallax.bench.stats.Statistics;

import java.util.List;

/** How the figures in a report were measured: what RunRecorder, CostCalculator and Statistics actually do. */
final class Methodology {

    private Methodology() {
    }

    static List<ReportModel.MethodNote> notes() {
        return List.of(
                new ReportModel.MethodNote("Time to first token (TTFT)", "Measured with the JVM's monotonic clock "
                        + "(System.nanoTime) from the moment the run was submitted to Parallax until the first non-empty "
                        + "token reached Parallax. It includes any wait for the engine, loading the model when the run had "
                        + "to load it, and, for cloud runs, the request, every failed attempt and every retry wait."),
                new ReportModel.MethodNote("Total time", "From submission to the run's last event (completed, "
                        + "truncated, failed or cancelled), on the same clock."),
                new ReportModel.MethodNote("Tokens per second", "Generated tokens after the first, divided by the time "
                        + "between the first and the last token's time stamps (the first token belongs to the prompt "
                        + "phase). Local tokens are stamped in the worker process where llama.cpp produces them, on the "
                        + "same monotonic clock, so the process boundary adds nothing; cloud tokens are stamped as each "
                        + "streamed chunk is decoded. The count is the larger of the reported completion tokens and the "
                        + "tokens received."),
                new ReportModel.MethodNote("Token counts", "Exact when llama.cpp or the provider reported them; "
                        + "otherwise estimated by Parallax's tokenizer and marked as estimated."),
                new ReportModel.MethodNote("Cloud cost", "Prompt tokens × the input price plus completion tokens × the "
                        + "output price from the dated price table (cached prompt tokens at the cached price when the "
                        + "model has one). Exact when the token counts are exact, estimated when Parallax counted them, "
                        + "and unknown (never $0) when the model has no price."),
                new ReportModel.MethodNote("Local cost", "Energy × the electricity price, plus the hardware's price "
                        + "divided by its lifetime hours × the run's duration. Energy is the difference of the CPU "
                        + "package's RAPL counter before and after the run when it can be read (measured; it counts the "
                        + "whole package, other programs included), else the configured watts × the run's duration "
                        + "(estimated). GPU power is not measured."),
                new ReportModel.MethodNote("Statistics", "Timings come from completed runs only. Median, p95 and p99 "
                        + "interpolate linearly between order statistics; each has a 95% bootstrap percentile interval ("
                        + Bootstrap.DEFAULT_RESAMPLES + " resamples, fixed seed, so the same data gives the same "
                        + "interval). Cost per 1,000 prompts is the known costs divided by the runs with a known cost, "
                        + "× 1,000."),
                new ReportModel.MethodNote("Verdicts", "Two targets are compared on the difference of their medians, "
                        + "with its bootstrap interval. A target is called faster only when that interval excludes 0, "
                        + "and only with at least " + Statistics.MIN_RUNS_TO_COMPARE + " completed runs on each side."),
                new ReportModel.MethodNote("Cost of ownership", "The hardware is paid in month 0; each month adds the "
                        + "electricity of the hours the workload needs at the measured generation rate. Cloud months "
                        + "cost the workload's tokens at list prices, blended by its input:output ratio. The break-even "
                        + "month is the first month at whose end the cumulative local cost is at or below the cumulative "
                        + "cloud cost, within the hardware's lifetime; otherwise never. The assumptions are listed with "
                        + "the figures."));
    }
}
