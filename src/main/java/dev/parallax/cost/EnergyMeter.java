package dev.parallax.cost;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * The CPU package's energy counter (Intel/AMD RAPL through the Linux powercap interface), read before and after
 * a run. It counts the whole package, other programs included, and it is often readable by root alone; when it
 * cannot be read the local cost falls back to configured watts and says so.
 */
public final class EnergyMeter {

    public static final Path DEFAULT_COUNTER = Path.of("/sys/class/powercap/intel-rapl:0/energy_uj");

    /** One reading of the counter, in microjoules, and the value at which it wraps to zero. */
    public record Reading(long microjoules, long maxRangeMicrojoules) {
    }

    private final Path counter;

    public EnergyMeter(Path counter) {
        this.counter = counter;
    }

    public static EnergyMeter rapl() {
        return new EnergyMeter(DEFAULT_COUNTER);
    }

    public Path counter() {
        return counter;
    }

    public Optional<Reading> read() {
        try {
            long uj = Long.parseLong(Files.readString(counter).trim());
            long max = Long.MAX_VALUE;
            Path range = counter.resolveSibling("max_energy_range_uj");
            if (Files.isReadable(range)) {
                max = Long.parseLong(Files.readString(range).trim());
            }
            return Optional.of(new Reading(uj, max));
        } catch (IOException | NumberFormatException | SecurityException e) {
            return Optional.empty();
        }
    }

    /** Joules between two readings, through one wrap of the counter. */
    public static OptionalDouble joulesBetween(Optional<Reading> before, Optional<Reading> after) {
        if (before.isEmpty() || after.isEmpty()) {
            return OptionalDouble.empty();
        }
        long a = before.get().microjoules();
        long b = after.get().microjoules();
        long delta = b >= a ? b - a : after.get().maxRangeMicrojoules() - a + b;
        return OptionalDouble.of(delta / 1e6);
    }
}
