package dev.parallax.models;

import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * How many bits a weight takes in each quantization, to estimate a model file's size before any of its
 * files is listed: from llama.cpp's own table ({@code tools/quantize/quantize.cpp}, QUANT_OPTIONS): the
 * "bpw" figures as printed there, and the others from its Llama-3-8B file sizes (GiB × 2^33 / 8.03e9
 * parameters). Real files differ by a few percent (embeddings and output often stay at higher precision),
 * so an estimate from here is marked "about" wherever it is shown. Pure: no I/O.
 */
public final class QuantizationSize {

    private static final Map<String, Double> BITS = Map.ofEntries(
            Map.entry("F32", 32.0), Map.entry("F16", 16.0), Map.entry("BF16", 16.0),
            Map.entry("Q8_0", 8.51), Map.entry("Q6_K", 6.57),
            Map.entry("Q5_1", 6.04), Map.entry("Q5_K_M", 5.70), Map.entry("Q5_K_S", 5.57), Map.entry("Q5_0", 5.57),
            Map.entry("Q4_1", 5.11), Map.entry("Q4_K_M", 4.90), Map.entry("Q4_K_S", 4.67), Map.entry("Q4_0", 4.64),
            Map.entry("IQ4_NL", 4.50), Map.entry("MXFP4", 4.25), Map.entry("IQ4_XS", 4.25),
            Map.entry("Q3_K_L", 4.31), Map.entry("Q3_K_M", 4.00), Map.entry("Q3_K_S", 3.65),
            Map.entry("IQ3_M", 3.66), Map.entry("IQ3_S", 3.44), Map.entry("IQ3_XS", 3.30), Map.entry("IQ3_XXS", 3.06),
            Map.entry("Q2_K", 3.17), Map.entry("Q2_K_S", 3.17),
            Map.entry("IQ2_M", 2.70), Map.entry("IQ2_S", 2.50), Map.entry("IQ2_XS", 2.31), Map.entry("IQ2_XXS", 2.06),
            Map.entry("TQ2_0", 2.06), Map.entry("IQ1_M", 1.75), Map.entry("TQ1_0", 1.69), Map.entry("IQ1_S", 1.56));

    /** The quantizations a person most often looks for, smallest first: what a filter offers before any result is in. */
    public static final List<String> COMMON = List.of("Q2_K", "Q3_K_M", "IQ4_XS", "Q4_0", "Q4_K_S", "Q4_K_M", "Q5_K_S",
            "Q5_K_M", "Q6_K", "Q8_0", "F16");

    private QuantizationSize() {
    }

    /**
     * Bits per weight of a label as file names carry it ("Q4_K_M", "q8_0", "UD-Q4_K_XL"); an unsloth "UD-" or
     * "_XL" variant counts as its base type's medium mix. Empty for a label llama.cpp does not list.
     */
    public static OptionalDouble bitsPerWeight(String label) {
        String q = normalize(label);
        Double bits = BITS.get(q);
        if (bits == null && q.matches("Q[2-6]_K(_(XXL|XL|L|M|S))?")) {
            bits = BITS.get(q.substring(0, 4) + "_M");
            if (bits == null) {
                bits = BITS.get(q.substring(0, 4) + "_S");
            }
            if (bits == null && q.startsWith("Q6_K")) {
                bits = BITS.get("Q6_K");
            }
        }
        if (bits == null && q.startsWith("MXFP4")) {
            bits = BITS.get("MXFP4");
        }
        return bits == null ? OptionalDouble.empty() : OptionalDouble.of(bits);
    }

    /** About how many bytes the weights of {@code parameters} parameters take in this quantization. */
    public static Optional<Long> weightBytes(long parameters, String label) {
        OptionalDouble bits = bitsPerWeight(label);
        if (parameters <= 0 || bits.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of((long) Math.ceil(parameters * bits.getAsDouble() / 8));
    }

    /** Upper-case, "FP16" as "F16", without an unsloth "UD-" prefix: how two labels are compared. */
    public static String normalize(String label) {
        String q = label.strip().toUpperCase(Locale.ROOT);
        if (q.startsWith("UD-")) {
            q = q.substring(3);
        }
        return switch (q) {
            case "FP16" -> "F16";
            case "FP32" -> "F32";
            default -> q;
        };
    }

    /** Whether a file's quantization is the one a person asked for ("Q4_K_M" matches "UD-Q4_K_M" and "q4_k_m"). */
    public static boolean same(String a, String b) {
        return normalize(a).equals(normalize(b));
    }

    /** Smallest first; labels without a known size last, by name. */
    public static final Comparator<String> BY_SIZE = Comparator
            .<String>comparingDouble(l -> bitsPerWeight(l).orElse(Double.MAX_VALUE))
            .thenComparing(QuantizationSize::normalize);
}
