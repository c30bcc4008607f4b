package dev.parallax.cost;

import dev.parallax.core.CostBasis;
import dev.parallax.core.RunCost;
import dev.parallax.core.RunResult;
import dev.parallax.core.RunStatus;
import dev.parallax.core.UsageBasis;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.function.Supplier;

/**
 * The cost of a run. A cloud run costs its token counts times the price table (exact when the provider reported
 * the counts, estimated when Parallax counted); a run on this machine costs its energy times the electricity
 * price plus its share of the hardware. Every cost carries the inputs it was computed from.
 */
public final class CostCalculator {

    private static final MathContext MC = MathContext.DECIMAL64;
    private static final BigDecimal JOULES_PER_KWH = BigDecimal.valueOf(3_600_000);
    private static final BigDecimal MS_PER_HOUR = BigDecimal.valueOf(3_600_000);

    private final PriceTable prices;
    private final Supplier<LocalCostModel> localModel;
    private final EnergyMeter meter;

    public CostCalculator(PriceTable prices, Supplier<LocalCostModel> localModel, EnergyMeter meter) {
        this.prices = prices;
        this.localModel = localModel;
        this.meter = meter;
    }

    public PriceTable prices() {
        return prices;
    }

    /** Reads the energy counter at the start of a run (empty when it cannot be read). */
    public Optional<EnergyMeter.Reading> energyNow() {
        return meter.read();
    }

    /** Tokens × list price; empty when the model has no price. */
    public Optional<RunCost> cloud(RunResult r) {
        String provider = r.spec().target().provider();
        String model = r.spec().target().model();
        Optional<Price> price = prices.find(provider, model);
        if (price.isEmpty()) {
            return Optional.empty();
        }
        Price p = price.get();
        var u = r.usage();
        BigDecimal usd = p.cost(u.promptTokens(), u.cachedPromptTokens(), u.completionTokens());
        Map<String, String> inputs = new LinkedHashMap<>();
        inputs.put("method", "tokens x price");
        inputs.put("price_entry", p.provider() + ":" + p.model());
        inputs.put("price_source", p.overridden() ? "user override" : p.source());
        inputs.put("price_as_of", p.asOf());
        inputs.put("input_usd_per_mtok", p.input().toPlainString());
        inputs.put("output_usd_per_mtok", p.output().toPlainString());
        p.cachedInput().ifPresent(c -> inputs.put("cached_input_usd_per_mtok", c.toPlainString()));
        inputs.put("prompt_tokens", Integer.toString(u.promptTokens()));
        inputs.put("cached_prompt_tokens", Integer.toString(u.cachedPromptTokens()));
        inputs.put("completion_tokens", Integer.toString(u.completionTokens()));
        inputs.put("usage_basis", u.basis().label());
        CostBasis basis = u.basis() == UsageBasis.EXACT ? CostBasis.EXACT : CostBasis.ESTIMATED;
        return Optional.of(new RunCost(usd, basis, inputs));
    }

    /**
     * Energy × electricity price + hardware share, for a run that used this machine. Energy comes from the counter
     * readings when both exist (measured), else from the configured watts × the run's duration (estimated).
     */
    public RunCost local(RunResult r, Optional<EnergyMeter.Reading> before, Optional<EnergyMeter.Reading> after) {
        LocalCostModel m = localModel.get();
        double durationMs = Math.max(0, r.timings().totalMs());
        OptionalDouble measured = EnergyMeter.joulesBetween(before, after);
        double joules = measured.isPresent() ? measured.getAsDouble() : m.watts() * durationMs / 1000.0;
        BigDecimal energyUsd = BigDecimal.valueOf(joules).divide(JOULES_PER_KWH, MC).multiply(m.usdPerKwh(), MC);
        BigDecimal hardwareUsd = m.hardwareUsd()
                .divide(BigDecimal.valueOf(m.hardwareLifetimeHours()), MC)
                .multiply(BigDecimal.valueOf(durationMs), MC)
                .divide(MS_PER_HOUR, MC);
        Map<String, String> inputs = new LinkedHashMap<>();
        inputs.put("method", "energy x electricity price + hardware amortisation");
        inputs.put("energy_source", measured.isPresent() ? "rapl " + meter.counter() : "configured watts");
        inputs.put("energy_joules", fmt(joules));
        if (measured.isPresent() && durationMs > 0) {
            inputs.put("average_watts", fmt(joules * 1000.0 / durationMs));
        } else {
            inputs.put("watts", fmt(m.watts()));
        }
        inputs.put("duration_s", fmt(durationMs / 1000.0));
        inputs.put("usd_per_kwh", m.usdPerKwh().toPlainString());
        inputs.put("hardware_usd", m.hardwareUsd().toPlainString());
        inputs.put("hardware_lifetime_hours", fmt(m.hardwareLifetimeHours()));
        inputs.put("energy_usd", plain(energyUsd));
        inputs.put("hardware_share_usd", plain(hardwareUsd));
        BigDecimal usd = energyUsd.add(hardwareUsd).setScale(12, RoundingMode.HALF_EVEN).stripTrailingZeros();
        if (usd.scale() < 0) {
            usd = usd.setScale(0);
        }
        return new RunCost(usd, measured.isPresent() ? CostBasis.MEASURED : CostBasis.ESTIMATED, inputs);
    }

    /**
     * A run on a server of this machine reached through an API (Ollama, llama-server...): its energy and hardware
     * share, as {@link #local}; but a run that got no response at all (nothing listens on the port) cost nothing:
     * no server worked for it, and the seconds spent retrying are not the watts of a generating machine.
     */
    public RunCost serverOnThisMachine(RunResult r, Optional<EnergyMeter.Reading> before, Optional<EnergyMeter.Reading> after) {
        if (r.status() == RunStatus.FAILED && r.timings().headersMs().isEmpty()) {
            return new RunCost(BigDecimal.ZERO, CostBasis.EXACT,
                    Map.of("method", "no answer from the server on this machine: it did no work"));
        }
        return local(r, before, after);
    }

    private static String plain(BigDecimal v) {
        return v.signum() == 0 ? "0" : v.round(new MathContext(6)).stripTrailingZeros().toPlainString();
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, "%.6g", v);
    }
}
