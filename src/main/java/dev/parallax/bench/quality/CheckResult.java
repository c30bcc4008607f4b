package dev.parallax.bench.quality;

import java.util.Optional;
import java.util.OptionalDouble;

/**
 * The outcome of one check on one answer. {@code passed} is empty when the check does not apply (it compares with
 * the expected answer and the row has none, or the cost is unknown): such results do not count in pass rates.
 *
 * @param score a similarity or other figure behind the outcome, when there is one
 */
public record CheckResult(String check, Optional<Boolean> passed, String detail, OptionalDouble score) {

    static CheckResult pass(String check, String detail) {
        return new CheckResult(check, Optional.of(true), detail, OptionalDouble.empty());
    }

    static CheckResult fail(String check, String detail) {
        return new CheckResult(check, Optional.of(false), detail, OptionalDouble.empty());
    }

    static CheckResult notApplicable(String check, String why) {
        return new CheckResult(check, Optional.empty(), why, OptionalDouble.empty());
    }

    static CheckResult of(String check, boolean ok, String detail) {
        return ok ? pass(check, detail) : fail(check, detail);
    }
}
