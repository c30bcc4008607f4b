package dev.parallax.report;

import dev.parallax.bench.stats.Distribution;
import dev.parallax.bench.stats.PassRate;
import dev.parallax.bench.stats.TargetStats;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FiguresTest {

    private static TargetStats stats(int runs, int succeeded, String usd) {
        return new TargetStats("t", runs, succeeded, runs - succeeded, runs, Distribution.EMPTY, Distribution.EMPTY,
                Distribution.EMPTY, 0, 0, Optional.of(new BigDecimal(usd)), 0, Optional.empty(), Map.of(),
                new PassRate(0, 0));
    }

    @Test
    void costPerThousandPromptsIsForTargetsThatAnswered() {
        assertEquals(1.0, Figures.costPer1000(stats(2, 2, "0.002")), 1e-12);
        assertEquals(1.0, Figures.costPer1000(stats(2, 1, "0.002")), 1e-12, "failures that cost count in the price");
        // A target whose every run failed has no price per prompt (a chart of it read as the dearest or the cheapest).
        assertTrue(Double.isNaN(Figures.costPer1000(stats(2, 0, "0.0058"))));
        assertTrue(Double.isNaN(Figures.costPer1000(stats(2, 0, "0"))));
    }
}
