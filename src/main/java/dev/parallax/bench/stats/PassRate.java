package dev.parallax.bench.stats;

/** How many answers passed a check out of those it applied to. */
public record PassRate(int passed, int applicable) {

    /** The share that passed, or NaN when the check applied to none. */
    public double rate() {
        return applicable == 0 ? Double.NaN : (double) passed / applicable;
    }

    public PassRate plus(boolean pass) {
        return new PassRate(passed + (pass ? 1 : 0), applicable + 1);
    }
}
