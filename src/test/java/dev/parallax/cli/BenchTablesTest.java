package dev.parallax.cli;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parallax.bench.compare.Comparison;
import dev.parallax.bench.compare.TargetResult;
import dev.parallax.bench.stats.Statistics;
import dev.parallax.core.RunStatus;
import dev.parallax.history.RunMetrics;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;
import org.junit.jupiter.api.Test;

class BenchTablesTest {

    @Test
    void aTargetAComparisonStoppedBeforeSaysSoAndCostsNothingUnknown() {
        Statistics statistics = new Statistics(new dev.parallax.bench.stats.Bootstrap());
        List<RunMetrics> ran = List.of(new RunMetrics("r1", "local:a", RunStatus.COMPLETED, OptionalDouble.of(10), 200,
                        OptionalDouble.of(50), 5, 10, Optional.of(new BigDecimal("0.0001")), "Once upon a time", Optional.empty()),
                new RunMetrics("r2", "local:a", RunStatus.CANCELLED, OptionalDouble.of(11), 90, OptionalDouble.of(40), 5, 3,
                        Optional.of(new BigDecimal("0.00003")), "Once", Optional.of("cancelled")));
        TargetResult a = new TargetResult(0, "local:a", ran, statistics.of("local:a", ran, 1, List.of()), Set.of(),
                Optional.empty());
        TargetResult b = new TargetResult(1, "local:b", List.of(), statistics.of("local:b", List.of(), 1, List.of()),
                Set.of(), Optional.empty());
        Comparison c = new Comparison("c1", Instant.now(), "Once", Optional.empty(), 2, false, List.of(a, b), Map.of(),
                List.of());
        StringWriter text = new StringWriter();
        BenchTables.comparison(new PrintWriter(text, true), c);
        String out = text.toString();
        assertTrue(out.contains("── local:b\n   not run: the comparison was stopped before its turn"), out);
        assertFalse(out.lines().filter(l -> l.startsWith("local:b")).findFirst().orElseThrow().contains("unknown"),
                "no runs cost nothing unknown: " + out);
        assertTrue(out.contains("   (a run cancelled)"), "the status is not said twice: " + out);
    }
}
