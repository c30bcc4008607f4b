package dev.parallax.core;

import java.math.BigDecimal;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * What a run cost in US dollars, how that was worked out, and the inputs of the computation (prices,
 * token counts, watts, durations) so anyone can redo it. An unknown cost is no RunCost at all, never zero.
 */
public record RunCost(BigDecimal usd, CostBasis basis, Map<String, String> inputs) {

    public RunCost {
        Objects.requireNonNull(usd, "usd");
        Objects.requireNonNull(basis, "basis");
        inputs = Collections.unmodifiableMap(new LinkedHashMap<>(Objects.requireNonNull(inputs, "inputs")));
        if (usd.signum() < 0) {
            throw new IllegalArgumentException("a cost cannot be negative: " + usd);
        }
    }
}
