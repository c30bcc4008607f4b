package dev.parallax.ui.base;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.OptionalDouble;

/** How numbers read on screen. One place, so every screen writes a duration or a size the same way. */
public final class Formats {

    public static final String NONE = "—";

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT);

    private Formats() {
    }

    /** "850 ms", "1.25 s", "2 min 5 s". */
    public static String millis(double ms) {
        if (ms < 0 || Double.isNaN(ms)) {
            return NONE;
        }
        if (ms < 1000) {
            return String.format(Locale.ROOT, "%.0f ms", ms);
        }
        if (ms < 60_000) {
            return String.format(Locale.ROOT, "%.2f s", ms / 1000);
        }
        long s = Math.round(ms / 1000);
        return String.format(Locale.ROOT, "%d min %d s", s / 60, s % 60);
    }

    public static String millis(OptionalDouble ms) {
        return ms.isPresent() ? millis(ms.getAsDouble()) : NONE;
    }

    /** "123.4 tok/s". */
    public static String rate(OptionalDouble perSecond) {
        return perSecond.isPresent() ? rate(perSecond.getAsDouble()) : NONE;
    }

    public static String rate(double perSecond) {
        if (perSecond <= 0 || Double.isNaN(perSecond) || Double.isInfinite(perSecond)) {
            return NONE;
        }
        return String.format(Locale.ROOT, perSecond >= 100 ? "%.0f tok/s" : "%.1f tok/s", perSecond);
    }

    /** "1.2 GiB". */
    public static String bytes(long n) {
        if (n < 0) {
            return NONE;
        }
        if (n >= 1L << 30) return String.format(Locale.ROOT, "%.1f GiB", n / (double) (1L << 30));
        if (n >= 1L << 20) return String.format(Locale.ROOT, "%.1f MiB", n / (double) (1L << 20));
        if (n >= 1L << 10) return String.format(Locale.ROOT, "%.1f KiB", n / (double) (1L << 10));
        return n + " B";
    }

    /** "1,234". */
    public static String count(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }

    public static String time(Instant instant) {
        return TIME.format(instant.atZone(ZoneId.systemDefault()));
    }

    /** "$0.0123"; small costs keep their first significant digits. */
    public static String usd(BigDecimal cost) {
        BigDecimal abs = cost.abs();
        int scale = abs.compareTo(BigDecimal.ONE) >= 0 ? 2 : Math.max(4, abs.scale() - abs.precision() + 3);
        return "$" + cost.setScale(Math.min(scale, 8), java.math.RoundingMode.HALF_EVEN).toPlainString();
    }
}
