package dev.parallax.models.hub;

import java.util.Locale;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a GGUF file's name says about it: the quantization ("Q4_K_M", "UD-Q4_K_XL", "IQ4_XS",
 * "BF16"), whether it is one part of a split model ({@code -00001-of-00003.gguf}), and whether it is
 * a vision projector rather than a language model. Names are conventions, not facts: the header read
 * later is what counts.
 *
 * @param path  the file's path in the repository
 * @param stem  the name without folder, split suffix and {@code .gguf}: what the parts of one model share
 */
public record GgufFileName(String path, String stem, Optional<String> quantization, OptionalInt splitIndex,
                           OptionalInt splitCount, Kind kind) {

    public enum Kind {
        /** A language model (or one part of one). */
        MODEL,
        /** A multimodal projector (mmproj): useless without its model. */
        PROJECTOR,
        /** An importance matrix or other data that only quantizers use. */
        OTHER
    }

    private static final Pattern SPLIT = Pattern.compile("(?i)^(.*)-(\\d{5})-of-(\\d{5})\\.gguf$");
    private static final Pattern QUANT = Pattern.compile("(?i)(?<![A-Za-z0-9])(UD-)?("
            + "IQ[1-4]_(?:XXS|XS|NL|S|M|L)"
            + "|Q[2-8]_K(?:_(?:XXL|XL|S|M|L))?"
            + "|Q[4-8]_[01](?:_[48]_[48])?"
            + "|TQ[12]_0|MXFP4(?:_MOE)?|NVFP4|BF16|FP16|F16|FP32|F32"
            + ")(?![A-Za-z0-9_])");

    /** Whether the path names a GGUF file at all. */
    public static boolean isGguf(String path) {
        return path.toLowerCase(Locale.ROOT).endsWith(".gguf");
    }

    public static GgufFileName parse(String path) {
        String name = path.substring(path.lastIndexOf('/') + 1);
        String stem;
        OptionalInt index = OptionalInt.empty();
        OptionalInt count = OptionalInt.empty();
        Matcher split = SPLIT.matcher(name);
        if (split.matches()) {
            stem = split.group(1);
            index = OptionalInt.of(Integer.parseInt(split.group(2)));
            count = OptionalInt.of(Integer.parseInt(split.group(3)));
        } else {
            stem = isGguf(name) ? name.substring(0, name.length() - ".gguf".length()) : name;
        }
        String lower = name.toLowerCase(Locale.ROOT);
        Kind kind = lower.contains("mmproj") ? Kind.PROJECTOR : lower.contains("imatrix") ? Kind.OTHER : Kind.MODEL;
        return new GgufFileName(path, stem, quantization(stem), index, count, kind);
    }

    /** The last quantization label in a name, upper-cased ("q4_k_m" → "Q4_K_M", "fp16" → "F16"). */
    public static Optional<String> quantization(String name) {
        Matcher m = QUANT.matcher(name);
        String found = null;
        while (m.find()) {
            String label = m.group(2).toUpperCase(Locale.ROOT);
            label = switch (label) {
                case "FP16" -> "F16";
                case "FP32" -> "F32";
                default -> label;
            };
            found = (m.group(1) != null ? "UD-" : "") + label;
        }
        return Optional.ofNullable(found);
    }

    public boolean isSplit() {
        return splitCount.isPresent();
    }

    /** The folder and stem: what the parts of one split model have in common. */
    public String groupKey() {
        int slash = path.lastIndexOf('/');
        return (slash < 0 ? "" : path.substring(0, slash + 1)) + stem;
    }
}
