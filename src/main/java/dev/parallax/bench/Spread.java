package dev.parallax.bench;

import java.util.Arrays;
import java.util.List;

/** Median and spread of a handful of measurements. */
public record Spread(double median, double min, double max, double stdev, int n) {

    public static Spread of(List<Double> values) {
        if (values.isEmpty()) {
            return new Spread(Double.NaN, Double.NaN, Double.NaN, Double.NaN, 0);
        }
        double[] v = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        int n = v.length;
        double median = n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
        double mean = Arrays.stream(v).average().orElse(Double.NaN);
        double var = n > 1 ? Arrays.stream(v).map(x -> (x - mean) * (x - mean)).sum() / (n - 1) : 0;
        return new Spread(median, v[0], v[n - 1], Math.sqrt(var), n);
    }
}
