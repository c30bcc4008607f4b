package dev.parallax.bench.stats;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Percentiles and their bootstrap confidence intervals. The random generator is seeded, so the same data always
 * gives the same intervals. Quantiles interpolate linearly between order statistics (Hyndman and Fan type 7,
 * what spreadsheets and NumPy use by default).
 */
public final class Bootstrap {

    public static final int DEFAULT_RESAMPLES = 2_000;
    public static final long DEFAULT_SEED = 20_261_127L;

    private final int resamples;
    private final long seed;

    public Bootstrap() {
        this(DEFAULT_RESAMPLES, DEFAULT_SEED);
    }

    public Bootstrap(int resamples, long seed) {
        if (resamples < 100) {
            throw new IllegalArgumentException("a bootstrap needs at least 100 resamples, not " + resamples);
        }
        this.resamples = resamples;
        this.seed = seed;
    }

    /** The q-quantile (0..1) of values sorted ascending. */
    public static double quantile(double[] sorted, double q) {
        int n = sorted.length;
        if (n == 0) {
            return Double.NaN;
        }
        double h = (n - 1) * q;
        int lo = (int) Math.floor(h);
        int hi = Math.min(n - 1, lo + 1);
        return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
    }

    private static double quantileOfIndexes(double[] sorted, int[] idx, double q) {
        int n = idx.length;
        double h = (n - 1) * q;
        int lo = (int) Math.floor(h);
        int hi = Math.min(n - 1, lo + 1);
        double a = sorted[idx[lo]];
        return a + (h - lo) * (sorted[idx[hi]] - a);
    }

    /** p50, p95 and p99 with their intervals. NaN values are left out. */
    public Distribution distribution(double[] values) {
        double[] v = clean(values);
        if (v.length == 0) {
            return Distribution.EMPTY;
        }
        double[] qs = {0.50, 0.95, 0.99};
        double[][] boot = new double[qs.length][resamples];
        SplittableRandom random = new SplittableRandom(seed);
        int[] idx = new int[v.length];
        for (int r = 0; r < resamples; r++) {
            draw(random, idx, v.length);
            for (int k = 0; k < qs.length; k++) {
                boot[k][r] = quantileOfIndexes(v, idx, qs[k]);
            }
        }
        Estimate[] e = new Estimate[qs.length];
        for (int k = 0; k < qs.length; k++) {
            e[k] = interval(quantile(v, qs[k]), boot[k]);
        }
        return new Distribution(v.length, e[0], e[1], e[2], Arrays.stream(v).average().orElse(Double.NaN));
    }

    /** The q-quantile of {@code a} minus that of {@code b}, with its interval (the two resampled independently). */
    public Estimate difference(double[] a, double[] b, double q) {
        double[] x = clean(a);
        double[] y = clean(b);
        if (x.length == 0 || y.length == 0) {
            return Estimate.NONE;
        }
        SplittableRandom random = new SplittableRandom(seed);
        int[] ix = new int[x.length];
        int[] iy = new int[y.length];
        double[] boot = new double[resamples];
        for (int r = 0; r < resamples; r++) {
            draw(random, ix, x.length);
            draw(random, iy, y.length);
            boot[r] = quantileOfIndexes(x, ix, q) - quantileOfIndexes(y, iy, q);
        }
        return interval(quantile(x, q) - quantile(y, q), boot);
    }

    /**
     * Sorted indexes of a resample with replacement: the values are sorted, so sorted indexes are sorted values.
     * The indexes lie in 0..n-1, so a counting sort orders them in O(n) (the same array Arrays.sort would give).
     */
    private static void draw(SplittableRandom random, int[] idx, int n) {
        int[] counts = new int[n];
        for (int i = 0; i < n; i++) {
            counts[random.nextInt(n)]++;
        }
        int k = 0;
        for (int v = 0; v < n; v++) {
            for (int c = counts[v]; c > 0; c--) {
                idx[k++] = v;
            }
        }
    }

    private static Estimate interval(double value, double[] boot) {
        Arrays.sort(boot);
        return new Estimate(value, quantile(boot, 0.025), quantile(boot, 0.975));
    }

    private static double[] clean(double[] values) {
        return Arrays.stream(values).filter(d -> !Double.isNaN(d)).sorted().toArray();
    }
}
