package dev.parallax.cost;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parallax.config.ConfigFile;

import java.math.BigDecimal;

/**
 * What an hour on this machine costs: its power draw (used when the energy counter cannot be read), the price
 * of electricity, and the hardware's price spread over its useful hours. Kept in {@code config.json}, section
 * {@code cost}.
 *
 * @param watts                 average draw while generating, used when energy cannot be measured
 * @param usdPerKwh             electricity price
 * @param hardwareUsd           what the machine cost (0 leaves amortisation out)
 * @param hardwareLifetimeHours hours of use the hardware is written off over
 */
public record LocalCostModel(double watts, BigDecimal usdPerKwh, BigDecimal hardwareUsd, double hardwareLifetimeHours) {

    static final String SECTION = "cost";

    public LocalCostModel {
        if (!(watts >= 0) || usdPerKwh.signum() < 0 || hardwareUsd.signum() < 0 || !(hardwareLifetimeHours > 0)) {
            throw new IllegalArgumentException("watts, prices and hardware cost must be 0 or more, lifetime above 0");
        }
    }

    public static LocalCostModel defaults() {
        return new LocalCostModel(65, new BigDecimal("0.30"), BigDecimal.ZERO, 8760);
    }

    public static LocalCostModel load(ConfigFile settings) {
        LocalCostModel d = defaults();
        return settings.section(SECTION).map(s -> new LocalCostModel(
                s.path("watts").asDouble(d.watts()),
                decimal(s, "usd_per_kwh", d.usdPerKwh()),
                decimal(s, "hardware_usd", d.hardwareUsd()),
                s.path("hardware_lifetime_hours").asDouble(d.hardwareLifetimeHours()))).orElse(d);
    }

    public void save(ConfigFile settings) {
        ObjectNode o = ConfigFile.json().createObjectNode()
                .put("watts", watts)
                .put("usd_per_kwh", usdPerKwh)
                .put("hardware_usd", hardwareUsd)
                .put("hardware_lifetime_hours", hardwareLifetimeHours);
        settings.writeSection(SECTION, o);
    }

    private static BigDecimal decimal(JsonNode s, String field, BigDecimal fallback) {
        JsonNode v = s.get(field);
        return v == null || !v.isNumber() ? fallback : new BigDecimal(v.asText());
    }
}
