package dev.parallax.cost;

import java.util.List;

/**
 * The cost of owning the local machine for a workload, against each cloud model, month by month.
 *
 * @param localHoursPerMonth         hours of generation the workload needs a month on this machine
 * @param availableHoursPerMonth     hours a month the utilisation allows (730 × utilisation)
 * @param localEnergyUsdPerMonth     electricity a month for those hours
 * @param localUsdPerMillionTokens   energy + hardware share per million tokens (input and output together)
 * @param localEnergyUsdPerMillionTokens the energy part alone
 * @param localCumulativeUsd         hardware at month 0 plus energy, at the end of month 0..lifetime
 * @param assumptions                what the figures take for granted, in sentences
 */
public record OwnershipEstimate(OwnershipInputs inputs, double localHoursPerMonth, double availableHoursPerMonth,
                                double localEnergyUsdPerMonth, double localUsdPerMillionTokens,
                                double localEnergyUsdPerMillionTokens, List<Double> localCumulativeUsd,
                                List<CloudBreakEven> clouds, List<String> assumptions) {

    public OwnershipEstimate {
        localCumulativeUsd = List.copyOf(localCumulativeUsd);
        clouds = List.copyOf(clouds);
        assumptions = List.copyOf(assumptions);
    }

    /** Whether the workload needs more hours than the utilisation leaves on one machine. */
    public boolean capacityExceeded() {
        return localHoursPerMonth > availableHoursPerMonth;
    }
}
