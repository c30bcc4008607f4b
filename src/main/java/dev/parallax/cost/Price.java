package dev.parallax.cost;

import java.math.BigDecimal;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The list price of one model at one provider, in US dollars per million tokens.
 *
 * @param aliases          other names the provider accepts for the same model (dated ids, "-latest")
 * @param cachedInput      the price of prompt tokens read from the provider's cache, when it has one
 * @param contextWindow    the model's context window in tokens, when known
 * @param source           where the price was read
 * @param asOf             when it was read (ISO date)
 * @param overridden       true when it comes from the user's settings rather than the bundled table
 */
public record Price(String provider, String model, List<String> aliases, BigDecimal input, BigDecimal output,
                    Optional<BigDecimal> cachedInput, OptionalInt contextWindow, String source, String asOf,
                    boolean overridden) {

    private static final BigDecimal MILLION = BigDecimal.valueOf(1_000_000);

    public Price {
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(model, "model");
        aliases = List.copyOf(aliases);
        Objects.requireNonNull(input, "input");
        Objects.requireNonNull(output, "output");
        Objects.requireNonNull(cachedInput, "cachedInput");
        Objects.requireNonNull(contextWindow, "contextWindow");
        source = source == null ? "" : source;
        asOf = asOf == null ? "" : asOf;
        if (provider.isBlank() || model.isBlank()) {
            throw new IllegalArgumentException("a price needs a provider and a model");
        }
        if (input.signum() < 0 || output.signum() < 0 || cachedInput.map(BigDecimal::signum).orElse(0) < 0) {
            throw new IllegalArgumentException("prices cannot be negative (" + provider + ":" + model + ")");
        }
    }

    /** Whether {@code name} is this model or one of its aliases (case-insensitive). */
    public boolean names(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        return model.toLowerCase(Locale.ROOT).equals(n)
                || aliases.stream().anyMatch(a -> a.toLowerCase(Locale.ROOT).equals(n));
    }

    /** The cost of these token counts; cached prompt tokens at the cached price when there is one. */
    public BigDecimal cost(long promptTokens, long cachedPromptTokens, long completionTokens) {
        long cached = cachedInput.isPresent() ? Math.min(cachedPromptTokens, promptTokens) : 0;
        BigDecimal sum = BigDecimal.valueOf(promptTokens - cached).multiply(input)
                .add(BigDecimal.valueOf(completionTokens).multiply(output));
        if (cached > 0) {
            sum = sum.add(BigDecimal.valueOf(cached).multiply(cachedInput.get()));
        }
        return sum.divide(MILLION);
    }
}
