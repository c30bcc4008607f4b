package dev.parallax.models;

import dev.parallax.engine.local.gguf.GgufFile;

/**
 * What a person wants to know about a GGUF model before running it, read from its header.
 * Zero means "the file does not say".
 */
public record ModelFacts(String architecture, String displayName, String sizeLabel, long parameterCount,
                         String quantization, long contextLength, long embeddingLength, long layers, long heads,
                         long kvHeads, long vocabSize, boolean hasChatTemplate, long tensorBytes) {

    public static ModelFacts of(GgufFile gguf) {
        return new ModelFacts(
                gguf.architecture(),
                gguf.name().orElse(""),
                gguf.sizeLabel().orElse(""),
                gguf.parameterCount(),
                gguf.quantization(),
                gguf.contextLength().orElse(0),
                gguf.embeddingLength().orElse(0),
                gguf.blockCount().orElse(0),
                gguf.headCount().orElse(0),
                gguf.headCountKv().orElse(0),
                gguf.vocabSize().orElse(0),
                gguf.chatTemplate().isPresent(),
                gguf.tensorDataBytes());
    }

    /** "260K", "1.5B": the file's own size label, else one from the parameter count. */
    public String parameterLabel() {
        if (!sizeLabel.isBlank()) {
            return sizeLabel;
        }
        return parameterLabel(parameterCount);
    }

    /** "135M", "8.0B": a parameter count as a label. */
    public static String parameterLabel(long parameterCount) {
        double p = parameterCount;
        if (p >= 1e9) return String.format(java.util.Locale.ROOT, "%.1fB", p / 1e9);
        if (p >= 1e6) return String.format(java.util.Locale.ROOT, "%.0fM", p / 1e6);
        if (p >= 1e3) return String.format(java.util.Locale.ROOT, "%.0fK", p / 1e3);
        return Long.toString(parameterCount);
    }
}
