package dev.parallax.report;

import dev.parallax.cost.LocalCostModel;
import dev.parallax.cost.Price;

import java.util.List;

/**
 * The prices a report's costs rest on, as they were when it was written: the price table entries of its cloud
 * targets, the targets without a price, and the local cost settings.
 */
public record PriceSnapshot(String tableAsOf, List<Price> used, List<String> unpriced, LocalCostModel local) {

    public PriceSnapshot {
        used = List.copyOf(used);
        unpriced = List.copyOf(unpriced);
    }
}
