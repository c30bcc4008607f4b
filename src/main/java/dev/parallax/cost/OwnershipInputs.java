package dev.parallax.cost;

import java.util.Objects;

/**
 * What a cost-of-ownership estimate starts from: the machine (price, lifetime, power draw), electricity, how much
 * of the machine's time goes to this work, and the workload (prompts a month and tokens each).
 *
 * @param hardwareUsd           what the machine cost, paid in month 0
 * @param lifetimeMonths        months the machine is written off over
 * @param powerWatts            average draw while generating
 * @param powerSource           where the draw comes from ("measured (RAPL, N runs)" or "entered")
 * @param usdPerKwh             electricity price
 * @param utilisation           share (0..1] of the machine's hours spent on this kind of work; its hardware cost per
 *                              hour of work is the price over lifetime × 730 h × utilisation
 * @param promptsPerMonth       the workload
 * @param inputTokensPerPrompt  average prompt tokens per prompt
 * @param outputTokensPerPrompt average completion tokens per prompt
 * @param localTokensPerSecond  the local model's measured generation rate
 * @param workloadSource        where the token averages and the rate come from, in words
 */
public record OwnershipInputs(double hardwareUsd, int lifetimeMonths, double powerWatts, String powerSource,
                              double usdPerKwh, double utilisation, double promptsPerMonth, double inputTokensPerPrompt,
                              double outputTokensPerPrompt, double localTokensPerSecond, String workloadSource) {

    /** Hours in an average month (8,760 / 12). */
    public static final double HOURS_PER_MONTH = 730.0;

    public OwnershipInputs {
        Objects.requireNonNull(powerSource, "powerSource");
        Objects.requireNonNull(workloadSource, "workloadSource");
        // Infinity passes a ">= 0" ("--electricity Infinity") and makes every figure after it Infinity or NaN.
        require(finiteAndNotNegative(hardwareUsd), "the hardware price must be 0 or more, not " + hardwareUsd);
        require(lifetimeMonths >= 1, "the hardware lifetime must be at least 1 month, not " + lifetimeMonths);
        require(finiteAndNotNegative(powerWatts), "the power draw must be 0 W or more, not " + powerWatts);
        require(finiteAndNotNegative(usdPerKwh), "the electricity price must be 0 or more, not " + usdPerKwh);
        require(utilisation > 0 && utilisation <= 1, "utilisation must be above 0 and at most 1 (100%), not " + utilisation);
        require(finiteAndNotNegative(promptsPerMonth), "prompts per month must be 0 or more, not " + promptsPerMonth);
        require(inputTokensPerPrompt >= 0 && outputTokensPerPrompt >= 0, "token counts cannot be negative");
        require(localTokensPerSecond > 0, "the local generation rate must be above 0 tokens/s (measure it with a local "
                + "run first), not " + localTokensPerSecond);
    }

    private static boolean finiteAndNotNegative(double v) {
        return v >= 0 && v < Double.POSITIVE_INFINITY;
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message);
        }
    }

    /** The defaults a machine's cost settings give: the same hardware cost per hour of work as each run's cost. */
    public static OwnershipInputs fromSettings(LocalCostModel m, int lifetimeMonths, double promptsPerMonth,
                                               double inputTokens, double outputTokens, double tokensPerSecond,
                                               String workloadSource) {
        double utilisation = Math.min(1.0, m.hardwareLifetimeHours() / (lifetimeMonths * HOURS_PER_MONTH));
        return new OwnershipInputs(m.hardwareUsd().doubleValue(), lifetimeMonths, m.watts(), "from the cost settings",
                m.usdPerKwh().doubleValue(), utilisation, promptsPerMonth, inputTokens, outputTokens, tokensPerSecond,
                workloadSource);
    }

    public OwnershipInputs withHardwareUsd(double v) {
        return new OwnershipInputs(v, lifetimeMonths, powerWatts, powerSource, usdPerKwh, utilisation, promptsPerMonth,
                inputTokensPerPrompt, outputTokensPerPrompt, localTokensPerSecond, workloadSource);
    }

    public OwnershipInputs withLifetimeMonths(int v) {
        return new OwnershipInputs(hardwareUsd, v, powerWatts, powerSource, usdPerKwh, utilisation, promptsPerMonth,
                inputTokensPerPrompt, outputTokensPerPrompt, localTokensPerSecond, workloadSource);
    }

    public OwnershipInputs withPower(double watts, String source) {
        return new OwnershipInputs(hardwareUsd, lifetimeMonths, watts, source, usdPerKwh, utilisation, promptsPerMonth,
                inputTokensPerPrompt, outputTokensPerPrompt, localTokensPerSecond, workloadSource);
    }

    public OwnershipInputs withUsdPerKwh(double v) {
        return new OwnershipInputs(hardwareUsd, lifetimeMonths, powerWatts, powerSource, v, utilisation, promptsPerMonth,
                inputTokensPerPrompt, outputTokensPerPrompt, localTokensPerSecond, workloadSource);
    }

    public OwnershipInputs withUtilisation(double v) {
        return new OwnershipInputs(hardwareUsd, lifetimeMonths, powerWatts, powerSource, usdPerKwh, v, promptsPerMonth,
                inputTokensPerPrompt, outputTokensPerPrompt, localTokensPerSecond, workloadSource);
    }

    public OwnershipInputs withPromptsPerMonth(double v) {
        return new OwnershipInputs(hardwareUsd, lifetimeMonths, powerWatts, powerSource, usdPerKwh, utilisation, v,
                inputTokensPerPrompt, outputTokensPerPrompt, localTokensPerSecond, workloadSource);
    }
}
