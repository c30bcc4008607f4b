package dev.parallax.cli;

import dev.parallax.core.Target;
import dev.parallax.cost.CloudBreakEven;
import dev.parallax.cost.OwnershipEstimate;
import dev.parallax.cost.OwnershipInputs;
import dev.parallax.cost.Price;
import dev.parallax.report.CostStudy;
import dev.parallax.report.JsonReport;
import dev.parallax.report.Workload;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code parallax cost}: what running a measured workload locally costs against the cloud, and the break-even month. */
@Command(name = "cost", sortOptions = false,
        description = "Cost of ownership of this machine against cloud models for a measured workload, and the break-even month.")
final class CostCommand implements Callable<Integer> {

    @ParentCommand
    ParallaxCommand root;

    static final class Source {
        @Option(names = "--dataset", paramLabel = "ID", description = "Every batch run over this dataset.")
        String dataset;

        @Option(names = "--batch", paramLabel = "ID", description = "One batch.")
        String batch;
    }

    @ArgGroup(multiplicity = "1")
    Source source;

    @Option(names = "--hardware-price", paramLabel = "USD", description = "What the machine cost (default: the cost settings').")
    Double hardwarePrice;

    @Option(names = "--lifetime-months", paramLabel = "N", description = "Months it is written off over (default: "
            + Workload.DEFAULT_LIFETIME_MONTHS + ").")
    Integer lifetimeMonths;

    @Option(names = "--power-watts", paramLabel = "W", description = "Power draw while generating (default: measured by "
            + "RAPL during the runs when it was readable, else the cost settings').")
    Double powerWatts;

    @Option(names = "--electricity", paramLabel = "USD_PER_KWH", description = "Electricity price (default: the cost settings').")
    Double electricity;

    @Option(names = "--utilisation", paramLabel = "SHARE", description = "Share of the machine's hours spent on this work, "
            + "0 to 1 (default: the settings' hardware hours over the lifetime).")
    Double utilisation;

    @Option(names = "--prompts-per-month", paramLabel = "N", description = "The workload (default: "
            + (long) Workload.DEFAULT_PROMPTS_PER_MONTH + ").")
    Double promptsPerMonth;

    @Option(names = "--cloud", paramLabel = "PROVIDER:MODEL", description = "Also weigh against this priced cloud model (repeatable).")
    List<String> clouds = new ArrayList<>();

    @Option(names = "--json", description = "Print one JSON object.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        CostStudy study = root.services().costStudy();
        Workload workload;
        OwnershipInputs inputs;
        try {
            workload = source.dataset != null ? study.dataset(source.dataset) : study.batch(source.batch);
        } catch (IllegalArgumentException e) {
            // An id that names nothing is no wrong option: exit 1, as 'report' and 'batch report' say it.
            throw new CliFailure(e.getMessage());
        }
        try {
            for (String c : clouds) {
                Target t = Target.parse(c);
                if (t.isLocal()) {
                    throw new IllegalArgumentException("--cloud takes a cloud model (PROVIDER:MODEL), not " + c);
                }
                Price p = root.services().prices().find(t.provider(), t.model()).orElseThrow(() -> new IllegalArgumentException(
                        "no price for " + c + "; see 'parallax prices' or add one in config.json"));
                workload = workload.withCloud(t.toString(), p);
            }
            if (workload.missing().isPresent()) {
                throw new IllegalArgumentException("cannot estimate the cost of ownership of " + workload.source() + ": "
                        + workload.missing().get() + (workload.clouds().isEmpty() ? "; or name one with --cloud PROVIDER:MODEL" : ""));
            }
            inputs = workload.inputs(study.localCost());
            if (hardwarePrice != null) {
                inputs = inputs.withHardwareUsd(hardwarePrice);
            }
            if (lifetimeMonths != null) {
                inputs = inputs.withLifetimeMonths(lifetimeMonths);
            }
            if (powerWatts != null) {
                inputs = inputs.withPower(powerWatts, "entered");
            }
            if (electricity != null) {
                inputs = inputs.withUsdPerKwh(electricity);
            }
            if (utilisation != null) {
                inputs = inputs.withUtilisation(utilisation);
            }
            if (promptsPerMonth != null) {
                inputs = inputs.withPromptsPerMonth(promptsPerMonth);
            }
        } catch (IllegalArgumentException e) {
            throw new CliFailure(e.getMessage(), 2);
        }
        OwnershipEstimate e = workload.estimate(inputs);
        if (json) {
            root.out().println(RunJson.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(JsonReport.ownership(e)));
            return 0;
        }
        print(root.out(), workload, e);
        return 0;
    }

    private static void print(PrintWriter out, Workload w, OwnershipEstimate e) {
        OwnershipInputs in = e.inputs();
        out.printf(Locale.ROOT, "Workload: %,.0f prompts a month, %.0f tokens in and %.0f out per prompt (%s)%n",
                in.promptsPerMonth(), in.inputTokensPerPrompt(), in.outputTokensPerPrompt(), in.workloadSource());
        out.printf(Locale.ROOT, "Local: %s at %.1f tokens/s, %.0f W (%s), $%.4f/kWh, hardware $%,.2f over %d months, "
                        + "utilisation %.0f%%%n", w.localTarget().orElse("?"), in.localTokensPerSecond(), in.powerWatts(),
                in.powerSource(), in.usdPerKwh(), in.hardwareUsd(), in.lifetimeMonths(), in.utilisation() * 100);
        out.printf(Locale.ROOT, "  $%.4f per 1M tokens (energy $%.4f); %.1f h and $%.2f of electricity a month%s%n",
                e.localUsdPerMillionTokens(), e.localEnergyUsdPerMillionTokens(), e.localHoursPerMonth(),
                e.localEnergyUsdPerMonth(), e.capacityExceeded() ? " (MORE HOURS THAN ONE MACHINE HAS: see assumptions)" : "");
        out.printf(Locale.ROOT, "%-32s %14s %12s  %s%n", "cloud", "$ per 1M tok", "a month", "break-even");
        for (CloudBreakEven c : e.clouds()) {
            out.printf(Locale.ROOT, "%-32s %14s %12s  %s%n", c.target(), String.format(Locale.ROOT, "$%.4f", c.usdPerMillionTokens()),
                    String.format(Locale.ROOT, "$%,.2f", c.monthlyUsd()), c.breakEvenText(in.lifetimeMonths()));
        }
        out.println("Assumptions:");
        for (String a : e.assumptions()) {
            out.println("  - " + a);
        }
    }
}
