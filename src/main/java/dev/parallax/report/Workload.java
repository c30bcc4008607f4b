package dev.parallax.report;

import dev.parallax.core.Target;
import dev.parallax.cost.CostOfOwnership;
import dev.parallax.cost.LocalCostModel;
import dev.parallax.cost.OwnershipEstimate;
import dev.parallax.cost.OwnershipInputs;
import dev.parallax.cost.Price;
import dev.parallax.cost.PriceTable;
import dev.parallax.history.RunFacts;
import dev.parallax.history.RunMetrics;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * What measured runs say about a workload, for a cost of ownership: tokens in and out per prompt, the local
 * model's generation rate, the power it drew (when RAPL measured it), and the priced cloud targets to weigh it
 * against.
 *
 * @param source          where the figures come from, in words
 * @param localTarget     the local target whose rate is used (the first local target with a measured rate)
 * @param localTokensPerSecond its median generation rate
 * @param measuredWatts   average draw over the local runs whose energy RAPL measured
 * @param clouds          the priced cloud targets, in order → price
 * @param unpricedClouds  cloud targets without a price
 */
public record Workload(String source, int runs, double inputTokensPerPrompt, double outputTokensPerPrompt,
                       Optional<String> localTarget, OptionalDouble localTokensPerSecond, OptionalDouble measuredWatts,
                       int measuredWattRuns, Map<String, Price> clouds, List<String> unpricedClouds) {

    /** Prompts a month assumed when none is given. */
    public static final double DEFAULT_PROMPTS_PER_MONTH = 10_000;
    /** Months the hardware is written off over when none is given. */
    public static final int DEFAULT_LIFETIME_MONTHS = 36;

    public Workload {
        clouds = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(clouds));
        unpricedClouds = List.copyOf(unpricedClouds);
    }

    /** @param byTarget runs by target, in the order targets should be shown */
    public static Workload of(String source, Map<String, List<RunMetrics>> byTarget, List<RunFacts> facts, PriceTable prices) {
        long in = 0;
        long out = 0;
        int n = 0;
        Optional<String> local = Optional.empty();
        OptionalDouble tps = OptionalDouble.empty();
        Map<String, Price> clouds = new LinkedHashMap<>();
        List<String> unpriced = new ArrayList<>();
        for (Map.Entry<String, List<RunMetrics>> e : byTarget.entrySet()) {
            for (RunMetrics r : e.getValue()) {
                if (r.succeeded()) {
                    in += r.promptTokens();
                    out += r.completionTokens();
                    n++;
                }
            }
            Target t = Target.parse(e.getKey());
            if (t.isLocal()) {
                double[] rates = e.getValue().stream().filter(RunMetrics::succeeded)
                        .filter(r -> r.tokensPerSecond().isPresent())
                        .mapToDouble(r -> r.tokensPerSecond().getAsDouble()).sorted().toArray();
                if (local.isEmpty() && rates.length > 0) {
                    local = Optional.of(e.getKey());
                    tps = OptionalDouble.of(dev.parallax.bench.stats.Bootstrap.quantile(rates, 0.5));
                }
            } else {
                Optional<Price> p = prices.find(t.provider(), t.model());
                if (p.isPresent()) {
                    clouds.put(e.getKey(), p.get());
                } else {
                    unpriced.add(e.getKey());
                }
            }
        }
        double[] watts = facts.stream().filter(f -> f.costInputs().getOrDefault("energy_source", "").startsWith("rapl"))
                .map(f -> f.costInputs().get("average_watts")).filter(w -> w != null)
                .mapToDouble(Workload::number).filter(w -> !Double.isNaN(w)).toArray();
        OptionalDouble measured = watts.length == 0 ? OptionalDouble.empty() : Arrays.stream(watts).average();
        return new Workload(source, n, n == 0 ? 0 : (double) in / n, n == 0 ? 0 : (double) out / n, local, tps,
                measured, watts.length, clouds, unpriced);
    }

    /** This workload weighed against one more cloud target. */
    public Workload withCloud(String target, Price price) {
        Map<String, Price> more = new LinkedHashMap<>(clouds);
        more.put(target, price);
        List<String> unpriced = unpricedClouds.stream().filter(t -> !t.equals(target)).toList();
        return new Workload(source, runs, inputTokensPerPrompt, outputTokensPerPrompt, localTarget, localTokensPerSecond,
                measuredWatts, measuredWattRuns, more, unpriced);
    }

    private static double number(String s) {
        try {
            return Double.parseDouble(s);
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }

    /** Why no estimate can be made from this workload, or empty when one can. */
    public Optional<String> missing() {
        if (runs == 0) {
            return Optional.of("no completed runs to take the workload's token counts from");
        }
        if (localTokensPerSecond.isEmpty()) {
            return Optional.of("no local run with a measured generation rate (add a local target)");
        }
        if (clouds.isEmpty()) {
            return Optional.of(unpricedClouds.isEmpty() ? "no cloud target to compare with (add one)"
                    : "no price for the cloud target(s) " + String.join(", ", unpricedClouds)
                    + " (add one in Settings > Prices or with config.json)");
        }
        return Optional.empty();
    }

    /** Inputs from the cost settings and these measurements: RAPL's watts where it measured, else the settings'. */
    public OwnershipInputs inputs(LocalCostModel settings) {
        OwnershipInputs base = OwnershipInputs.fromSettings(settings, DEFAULT_LIFETIME_MONTHS, DEFAULT_PROMPTS_PER_MONTH,
                inputTokensPerPrompt, outputTokensPerPrompt, localTokensPerSecond.orElseThrow(() ->
                        new IllegalStateException(missing().orElse("no local rate"))),
                String.format(Locale.ROOT, "averages of %d completed runs of %s; rate of %s", runs, source,
                        localTarget.orElse("?")));
        if (measuredWatts.isPresent()) {
            base = base.withPower(measuredWatts.getAsDouble(), "measured by RAPL over " + measuredWattRuns + " local run(s)");
        }
        return base;
    }

    public OwnershipEstimate estimate(OwnershipInputs inputs) {
        return CostOfOwnership.estimate(inputs, clouds);
    }
}
