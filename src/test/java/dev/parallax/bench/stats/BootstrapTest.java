package dev.parallax.bench.stats;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BootstrapTest {

    private final Bootstrap bootstrap = new Bootstrap();

    @Test
    void percentilesOfKnownDataInterpolateLikeSpreadsheets() {
        double[] v = new double[100];
        for (int i = 0; i < 100; i++) {
            v[i] = 100 - i;
        }
        Distribution d = bootstrap.distribution(v);
        assertEquals(100, d.n());
        assertEquals(50.5, d.p50().value(), 1e-9);
        assertEquals(95.05, d.p95().value(), 1e-9);
        assertEquals(99.01, d.p99().value(), 1e-9);
        assertEquals(50.5, d.mean(), 1e-9);
        // The median of 1..100 has a standard error of about 2.9 × √(π/2) ≈ 3.6: its 95% interval spans ~±7.
        assertTrue(d.p50().low() < 50.5 && d.p50().high() > 50.5);
        assertTrue(d.p50().low() > 40 && d.p50().high() < 61, d.p50().toString());
        assertTrue(d.p99().high() <= 100 && d.p99().low() >= 90, d.p99().toString());
    }

    @Test
    void theSameDataAndSeedGiveTheSameIntervals() {
        double[] v = new Random(3).doubles(500, 0, 1000).toArray();
        assertEquals(bootstrap.distribution(v), new Bootstrap().distribution(v));
        assertFalse(bootstrap.distribution(v).equals(new Bootstrap(2000, 99).distribution(v)));
    }

    @Test
    void aSingleValueHasAZeroWidthIntervalAndNoDataHasNone() {
        Distribution one = bootstrap.distribution(new double[] {42});
        assertEquals(new Estimate(42, 42, 42), one.p95());
        assertEquals(Distribution.EMPTY, bootstrap.distribution(new double[0]));
        assertEquals(Distribution.EMPTY, bootstrap.distribution(new double[] {Double.NaN}));
    }

    @Test
    void aClaimIsMadeOnlyWhenTheIntervalExcludesZero() {
        Random r = new Random(7);
        double[] fast = r.doubles(200).map(x -> 100 + 20 * x).toArray();
        double[] slow = r.doubles(200).map(x -> 150 + 20 * x).toArray();
        double[] same = r.doubles(200).map(x -> 100 + 20 * x).toArray();
        Statistics stats = new Statistics(bootstrap);

        TargetComparison clear = stats.compare("local:a", "openai:b", "time to first token (median)", "ms", true, fast, slow);
        assertTrue(clear.difference().excludesZero());
        assertTrue(clear.difference().high() < 0);
        assertTrue(clear.verdict().startsWith("local:a is faster than openai:b on time to first token (median) (110 ms vs 16"),
                clear.verdict());

        TargetComparison reversed = stats.compare("openai:b", "local:a", "time to first token (median)", "ms", true, slow, fast);
        assertTrue(reversed.verdict().startsWith("local:a is faster than openai:b on time to first token (median) (110 ms vs 16"),
                "figures follow the sentence's order: " + reversed.verdict());

        TargetComparison none = stats.compare("x", "y", "total time (median)", "ms", true, fast, same);
        assertFalse(none.difference().excludesZero());
        assertTrue(none.verdict().startsWith("No clear difference between x and y on total time (median)"), none.verdict());
        assertTrue(none.verdict().endsWith("which includes 0)."), none.verdict());

        TargetComparison rates = stats.compare("x", "y", "tokens/s (median)", "tokens/s", false, slow, fast);
        assertTrue(rates.verdict().startsWith("x is faster than y on tokens/s"), rates.verdict());
        assertEquals("Cannot compare x and y on tokens/s (median): x has no completed runs.",
                stats.compare("x", "y", "tokens/s (median)", "tokens/s", false, new double[0], fast).verdict(),
                "a target that answered nothing is not asked to repeat");
        TargetComparison single = stats.compare("x", "y", "total time (median)", "ms", true, new double[] {455}, new double[] {769});
        assertFalse(single.difference().isKnown(), "one run each is no basis for a claim");
        assertTrue(single.verdict().startsWith("Not enough runs to compare x and y"), single.verdict());
    }

    @Test
    void twoThousandResamplesOfTenThousandValuesStayFast() {
        double[] v = new Random(1).doubles(10_000).toArray();
        long t0 = System.nanoTime();
        bootstrap.distribution(v);
        double ms = (System.nanoTime() - t0) / 1e6;
        assertTrue(ms < 10_000, "took " + ms + " ms");
    }
}
