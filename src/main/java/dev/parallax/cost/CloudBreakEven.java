package dev.parallax.cost;

import java.util.List;
import java.util.OptionalDouble;
import java.util.OptionalInt;

/**
 * One cloud model against the local machine for a workload.
 *
 * @param usdPerMillionTokens  the price blended by the workload's input:output token ratio
 * @param monthlyUsd           what the workload costs a month on this model
 * @param breakEvenMonth       the first whole month at whose end cumulative local cost is at or below cumulative
 *                             cloud cost, within the hardware's lifetime; empty: never
 * @param breakEvenExactMonths hardware price / (cloud − local running cost a month), when local running costs less
 * @param cumulativeUsd        cumulative cloud cost at the end of month 0..lifetime
 */
public record CloudBreakEven(String target, Price price, double usdPerMillionTokens, double monthlyUsd,
                             OptionalInt breakEvenMonth, OptionalDouble breakEvenExactMonths, List<Double> cumulativeUsd) {

    public CloudBreakEven {
        cumulativeUsd = List.copyOf(cumulativeUsd);
    }

    /** "month 7", or "never" with the reason. */
    public String breakEvenText(int lifetimeMonths) {
        if (breakEvenMonth.isPresent()) {
            return "month " + breakEvenMonth.getAsInt();
        }
        if (breakEvenExactMonths.isPresent()) {
            return String.format(java.util.Locale.ROOT, "never within the %d-month lifetime (would take %.1f months)",
                    lifetimeMonths, breakEvenExactMonths.getAsDouble());
        }
        return "never (running locally costs as much or more each month than this cloud model)";
    }
}
