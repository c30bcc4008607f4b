package dev.parallax.bench.quality;

import java.math.BigDecimal;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;

/** What a check looks at: the model's answer, the row's expected answer, and what the run took and cost. */
public record Answer(String text, Optional<String> expected, OptionalDouble totalMs, Optional<BigDecimal> costUsd) {

    public Answer {
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(expected, "expected");
        Objects.requireNonNull(totalMs, "totalMs");
        Objects.requireNonNull(costUsd, "costUsd");
    }
}
