package dev.parallax.cost;

import dev.parallax.core.CostBasis;
import dev.parallax.core.GenerationParams;
import dev.parallax.core.HostFacts;
import dev.parallax.core.ModelIdentity;
import dev.parallax.core.RunCost;
import dev.parallax.core.RunResult;
import dev.parallax.core.RunSpec;
import dev.parallax.core.RunStatus;
import dev.parallax.core.Target;
import dev.parallax.core.Timings;
import dev.parallax.core.Usage;
import dev.parallax.core.UsageBasis;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalDouble;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CostCalculatorTest {

    @TempDir
    Path dir;

    private static RunResult run(Target target, Usage usage, double totalMs) {
        RunSpec spec = RunSpec.chat(target, "", "Hi", GenerationParams.defaults());
        Timings t = new Timings(0, OptionalDouble.empty(), OptionalDouble.empty(), totalMs, OptionalDouble.empty(),
                OptionalDouble.empty(), Optional.empty());
        return new RunResult("r", spec, RunStatus.COMPLETED, "x", Optional.empty(), usage, t,
                ModelIdentity.unknown(target.model()), new HostFacts("", 1, 0, "", ""), Instant.EPOCH, Instant.EPOCH);
    }

    private CostCalculator calculator(LocalCostModel model, Path counter) {
        return new CostCalculator(PriceTable.bundled(), () -> model, new EnergyMeter(counter));
    }

    @Test
    void aCloudRunCostsProviderUsageTimesThePrice() {
        CostCalculator c = calculator(LocalCostModel.defaults(), dir.resolve("none"));
        RunCost exact = c.cloud(run(new Target("anthropic", "claude-3-5-haiku-latest"),
                new Usage(2000, 1000, UsageBasis.EXACT), 900)).orElseThrow();
        // 2,000 × $0.80/M + 1,000 × $4.00/M = $0.0016 + $0.004
        assertEquals(0, new BigDecimal("0.0056").compareTo(exact.usd()));
        assertEquals(CostBasis.EXACT, exact.basis());
        assertEquals("0.8", exact.inputs().get("input_usd_per_mtok"));
        assertEquals("claude-3-5-haiku-latest", run(new Target("anthropic", "claude-3-5-haiku-latest"), Usage.none(), 1)
                .spec().target().model());

        RunCost estimated = c.cloud(run(new Target("openai", "gpt-4o"), new Usage(100, 10, UsageBasis.ESTIMATED), 1))
                .orElseThrow();
        assertEquals(CostBasis.ESTIMATED, estimated.basis());
        assertEquals(0, new BigDecimal("0.00035").compareTo(estimated.usd()));
    }

    @Test
    void anUnknownModelHasNoCostNotZero() {
        CostCalculator c = calculator(LocalCostModel.defaults(), dir.resolve("none"));
        assertEquals(Optional.empty(), c.cloud(run(new Target("openai", "gpt-unknown"),
                new Usage(10, 10, UsageBasis.EXACT), 1)));
    }

    @Test
    void aLocalRunWithoutAnEnergyCounterCostsConfiguredWattsTimesItsDuration() {
        LocalCostModel m = new LocalCostModel(65, new BigDecimal("0.30"), new BigDecimal("1752"), 8760);
        CostCalculator c = calculator(m, dir.resolve("missing/energy_uj"));
        assertTrue(c.energyNow().isEmpty());
        RunCost cost = c.local(run(Target.local("m"), Usage.none(), 3_600_000), c.energyNow(), c.energyNow());
        // One hour: 65 Wh × $0.30/kWh = $0.0195; hardware $1752 / 8760 h = $0.20.
        assertEquals(0, new BigDecimal("0.2195").compareTo(cost.usd()), cost.usd().toPlainString());
        assertEquals(CostBasis.ESTIMATED, cost.basis());
        assertEquals("configured watts", cost.inputs().get("energy_source"));
        assertEquals("65.0000", cost.inputs().get("watts"));
    }

    @Test
    void aLocalRunWithAReadableCounterIsMeasuredThroughAWrap() throws Exception {
        Path counter = dir.resolve("energy_uj");
        Files.writeString(dir.resolve("max_energy_range_uj"), "262143328850\n");
        Files.writeString(counter, "262140000000\n");
        CostCalculator c = calculator(new LocalCostModel(65, new BigDecimal("0.30"), BigDecimal.ZERO, 8760), counter);
        var before = c.energyNow();
        Files.writeString(counter, "3600000000\n");
        var after = c.energyNow();
        RunCost cost = c.local(run(Target.local("m"), Usage.none(), 60_000), before, after);
        // (262143328850 - 262140000000 + 3600000000) µJ = 3603.32885 J = 0.00100092468 kWh, × $0.30
        assertEquals(CostBasis.MEASURED, cost.basis());
        assertEquals("3603.33", cost.inputs().get("energy_joules"));
        assertEquals("60.0555", cost.inputs().get("average_watts"));
        assertEquals(0, new BigDecimal("0.000300277").compareTo(cost.usd().setScale(9, java.math.RoundingMode.HALF_UP)),
                cost.usd().toPlainString());
    }
}
