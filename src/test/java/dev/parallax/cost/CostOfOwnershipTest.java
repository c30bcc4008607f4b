package dev.parallax.cost;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Break-even figures worked out by hand (the working is in the comments). */
class CostOfOwnershipTest {

    private static Price price(String model, String in, String out) {
        return new Price("acme", model, List.of(), new BigDecimal(in), new BigDecimal(out), Optional.empty(),
                java.util.OptionalInt.empty(), "test", "2026-01-01", false);
    }

    // $1,200 machine over 24 months at 50% utilisation, 100 W at $0.30/kWh; 30,000 prompts a month of 500 input and
    // 250 output tokens; 25 tokens/s locally.
    private static final OwnershipInputs IN = new OwnershipInputs(1200, 24, 100, "entered", 0.30, 0.5, 30_000, 500, 250,
            25, "hand-made");

    private static OwnershipEstimate estimate() {
        Map<String, Price> clouds = new LinkedHashMap<>();
        clouds.put("acme:mid", price("mid", "1.00", "4.00"));
        clouds.put("acme:big", price("big", "2.50", "10.00"));
        clouds.put("acme:tiny", price("tiny", "0.05", "0.08"));
        return CostOfOwnership.estimate(IN, clouds);
    }

    @Test
    void localFiguresFollowFromTheMeasuredRate() {
        OwnershipEstimate e = estimate();
        // 250 tokens ÷ 25 tokens/s = 10 s a prompt; 30,000 × 10 s = 83.33 h a month
        assertEquals(83.3333, e.localHoursPerMonth(), 1e-3);
        // 0.1 kW × $0.30 = $0.03 an hour; × 83.33 h = $2.50
        assertEquals(2.50, e.localEnergyUsdPerMonth(), 1e-9);
        // hardware: $1,200 ÷ (24 × 730 × 0.5 = 8,760 h) = $0.136986/h; a prompt is 10 s = 1/360 h and 750 tokens:
        // (0.03 + 0.136986) ÷ 360 ÷ 750 × 1e6 = $0.618468 per million tokens
        assertEquals(0.618468, e.localUsdPerMillionTokens(), 1e-5);
        assertEquals(0.111111, e.localEnergyUsdPerMillionTokens(), 1e-5);
        assertEquals(365.0, e.availableHoursPerMonth(), 1e-9);
        assertFalse(e.capacityExceeded());
        assertEquals(25, e.localCumulativeUsd().size());
        assertEquals(1200.0, e.localCumulativeUsd().get(0), 1e-9);
        assertEquals(1260.0, e.localCumulativeUsd().get(24), 1e-9);
    }

    @Test
    void cloudPricesAreBlendedByTheWorkloadsTokenRatio() {
        CloudBreakEven mid = estimate().clouds().get(0);
        // (500 × $1 + 250 × $4) ÷ 750 = $2.00 per million; 30,000 × 1,500 ÷ 1e6 = $45 a month
        assertEquals(2.0, mid.usdPerMillionTokens(), 1e-9);
        assertEquals(45.0, mid.monthlyUsd(), 1e-9);
        assertEquals(45.0 * 24, mid.cumulativeUsd().get(24), 1e-9);
    }

    @Test
    void breakEvenIsTheFirstMonthLocalIsAtOrBelowCloud() {
        OwnershipEstimate e = estimate();
        CloudBreakEven big = e.clouds().get(1);
        // (1,250 + 2,500) × 30,000 ÷ 1e6 = $112.50 a month; 1,200 ÷ (112.50 − 2.50) = 10.91 → month 11
        // (month 10: local 1,225 > cloud 1,125; month 11: local 1,227.50 ≤ cloud 1,237.50)
        assertEquals(112.5, big.monthlyUsd(), 1e-9);
        assertEquals(OptionalInt.of(11), big.breakEvenMonth());
        assertEquals(10.909, big.breakEvenExactMonths().getAsDouble(), 1e-3);
        assertEquals("month 11", big.breakEvenText(24));

        CloudBreakEven mid = e.clouds().get(0);
        // 1,200 ÷ (45 − 2.50) = 28.2 months: after the 24-month lifetime
        assertTrue(mid.breakEvenMonth().isEmpty());
        assertEquals(28.235, mid.breakEvenExactMonths().getAsDouble(), 1e-3);
        assertTrue(mid.breakEvenText(24).startsWith("never within the 24-month lifetime"), mid.breakEvenText(24));

        CloudBreakEven tiny = e.clouds().get(2);
        // 30,000 × (25 + 20) ÷ 1e6 = $1.35 a month, less than the $2.50 of electricity: never
        assertEquals(1.35, tiny.monthlyUsd(), 1e-9);
        assertTrue(tiny.breakEvenMonth().isEmpty());
        assertTrue(tiny.breakEvenExactMonths().isEmpty());
        assertTrue(tiny.breakEvenText(24).startsWith("never ("));
    }

    @Test
    void freeHardwarePaysOffInTheFirstMonthWhenEnergyIsCheaper() {
        OwnershipEstimate e = CostOfOwnership.estimate(IN.withHardwareUsd(0),
                Map.of("acme:mid", price("mid", "1.00", "4.00")));
        assertEquals(OptionalInt.of(1), e.clouds().get(0).breakEvenMonth());
    }

    @Test
    void aWorkloadBeyondTheMachinesHoursIsFlagged() {
        // 400,000 prompts × 10 s = 1,111 h a month > 365 h at 50%
        OwnershipEstimate e = CostOfOwnership.estimate(IN.withPromptsPerMonth(400_000), Map.of());
        assertTrue(e.capacityExceeded());
        assertTrue(e.assumptions().stream().anyMatch(a -> a.contains("more machines")));
    }

    @Test
    void settingsGiveTheSameHardwareRateAsEachRunsCost() {
        LocalCostModel m = new LocalCostModel(80, new BigDecimal("0.25"), new BigDecimal("2000"), 8760);
        OwnershipInputs in = OwnershipInputs.fromSettings(m, 36, 1000, 100, 100, 20, "test");
        // 8,760 h of use over 36 × 730 = 26,280 h → one third
        assertEquals(1.0 / 3, in.utilisation(), 1e-9);
        assertEquals(2000, in.hardwareUsd(), 1e-9);
        assertThrows(IllegalArgumentException.class, () -> in.withUtilisation(0));
        assertThrows(IllegalArgumentException.class, () -> in.withLifetimeMonths(0));
        assertEquals("the electricity price must be 0 or more, not Infinity", assertThrows(IllegalArgumentException.class,
                () -> in.withUsdPerKwh(Double.POSITIVE_INFINITY)).getMessage());
        assertThrows(IllegalArgumentException.class, () -> in.withHardwareUsd(Double.POSITIVE_INFINITY));
        assertThrows(IllegalArgumentException.class, () -> in.withPower(Double.POSITIVE_INFINITY, "entered"));
        assertThrows(IllegalArgumentException.class, () -> in.withPromptsPerMonth(Double.POSITIVE_INFINITY));
    }
}
