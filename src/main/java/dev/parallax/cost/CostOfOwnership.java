package dev.parallax.cost;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.OptionalInt;

/**
 * Local cost of ownership against cloud prices, and the month the machine pays for itself.
 *
 * <p>Local: the hardware is paid in month 0; each month adds the electricity of the hours the workload needs
 * (output tokens ÷ measured tokens/s). Per million tokens, local costs that energy plus the hardware's price spread
 * over the hours it works in its lifetime (lifetime × 730 h × utilisation). Cloud: each month costs the workload's
 * input and output tokens at the model's list prices; per million tokens that is the price blended by the
 * workload's input:output ratio.
 */
public final class CostOfOwnership {

    private CostOfOwnership() {
    }

    /** @param clouds target name ("openai:gpt-4o-mini") → its price */
    public static OwnershipEstimate estimate(OwnershipInputs in, Map<String, Price> clouds) {
        double tokensPerPrompt = in.inputTokensPerPrompt() + in.outputTokensPerPrompt();
        double secondsPerPrompt = in.outputTokensPerPrompt() / in.localTokensPerSecond();
        double hoursPerMonth = in.promptsPerMonth() * secondsPerPrompt / 3600.0;
        double usdPerHourEnergy = in.powerWatts() / 1000.0 * in.usdPerKwh();
        double energyPerMonth = hoursPerMonth * usdPerHourEnergy;
        double workingHours = in.lifetimeMonths() * OwnershipInputs.HOURS_PER_MONTH * in.utilisation();
        double usdPerHourHardware = in.hardwareUsd() / workingHours;
        double localPerPrompt = secondsPerPrompt / 3600.0 * (usdPerHourEnergy + usdPerHourHardware);
        double energyPerPrompt = secondsPerPrompt / 3600.0 * usdPerHourEnergy;
        double localPerMillion = tokensPerPrompt == 0 ? 0 : localPerPrompt / tokensPerPrompt * 1e6;
        double energyPerMillion = tokensPerPrompt == 0 ? 0 : energyPerPrompt / tokensPerPrompt * 1e6;

        List<Double> local = new ArrayList<>();
        for (int m = 0; m <= in.lifetimeMonths(); m++) {
            local.add(in.hardwareUsd() + m * energyPerMonth);
        }
        List<CloudBreakEven> out = new ArrayList<>();
        for (Map.Entry<String, Price> e : clouds.entrySet()) {
            Price p = e.getValue();
            double pin = p.input().doubleValue();
            double pout = p.output().doubleValue();
            double blended = tokensPerPrompt == 0 ? (pin + pout) / 2
                    : (in.inputTokensPerPrompt() * pin + in.outputTokensPerPrompt() * pout) / tokensPerPrompt;
            double monthly = in.promptsPerMonth() * (in.inputTokensPerPrompt() * pin + in.outputTokensPerPrompt() * pout) / 1e6;
            List<Double> cumulative = new ArrayList<>();
            OptionalInt month = OptionalInt.empty();
            for (int m = 0; m <= in.lifetimeMonths(); m++) {
                double cloud = m * monthly;
                cumulative.add(cloud);
                if (month.isEmpty() && m >= 1 && local.get(m) <= cloud + 1e-9) {
                    month = OptionalInt.of(m);
                }
            }
            double saving = monthly - energyPerMonth;
            OptionalDouble exact = saving > 0 ? OptionalDouble.of(in.hardwareUsd() / saving) : OptionalDouble.empty();
            out.add(new CloudBreakEven(e.getKey(), p, blended, monthly, month, exact, cumulative));
        }
        return new OwnershipEstimate(in, hoursPerMonth, OwnershipInputs.HOURS_PER_MONTH * in.utilisation(),
                energyPerMonth, localPerMillion, energyPerMillion, local, out, assumptions(in, hoursPerMonth));
    }

    private static List<String> assumptions(OwnershipInputs in, double hoursPerMonth) {
        List<String> a = new ArrayList<>();
        a.add(String.format(Locale.ROOT, "The hardware ($%,.2f) is paid in month 0 and written off over %d months; "
                + "nothing is resold at the end.", in.hardwareUsd(), in.lifetimeMonths()));
        a.add(String.format(Locale.ROOT, "Local generation runs at the measured %,.1f tokens/s; prompt processing time "
                + "is not added (it is usually much faster than generation), so local hours are a lower bound.",
                in.localTokensPerSecond()));
        a.add(String.format(Locale.ROOT, "While generating the machine draws %.0f W (%s) at $%.4f per kWh; idle power "
                + "between prompts is not counted.", in.powerWatts(), in.powerSource(), in.usdPerKwh()));
        a.add(String.format(Locale.ROOT, "Utilisation %.0f%%: the hardware's price per million tokens is spread over "
                + "%,.0f working hours (%d months × 730 h × %.0f%%).", in.utilisation() * 100,
                in.lifetimeMonths() * OwnershipInputs.HOURS_PER_MONTH * in.utilisation(), in.lifetimeMonths(),
                in.utilisation() * 100));
        a.add(String.format(Locale.ROOT, "Workload: %,.0f prompts a month of %.0f input and %.0f output tokens each "
                + "(%s).", in.promptsPerMonth(), in.inputTokensPerPrompt(), in.outputTokensPerPrompt(), in.workloadSource()));
        a.add("Cloud cost is list price × tokens, with no cached-prompt, batch or volume discounts, and the same token "
                + "counts as measured (tokenizers differ between models).");
        if (hoursPerMonth > OwnershipInputs.HOURS_PER_MONTH * in.utilisation()) {
            a.add(String.format(Locale.ROOT, "The workload needs %.0f hours of generation a month, more than the %.0f "
                    + "this utilisation allows on one machine: it would need more machines (not priced here).",
                    hoursPerMonth, OwnershipInputs.HOURS_PER_MONTH * in.utilisation()));
        }
        return a;
    }
}
