package dev.parallax.models;

import dev.parallax.core.GenerationParams;

import java.util.Locale;

/**
 * Whether a model is likely to fit in this machine's memory at a context length: the weights (the
 * file's size), the KV cache in f16, and an overhead for the worker runtime and llama.cpp's compute
 * buffers, against the memory the system could give a new process now and its total RAM.
 * An estimate to warn before a run, not a measurement.
 *
 * @param availableBytes memory available now (0 when unknown)
 * @param totalRamBytes  the machine's RAM (0 when unknown)
 */
public record FitEstimate(int contextSize, long weightsBytes, long kvCacheBytes, long overheadBytes,
                          long availableBytes, long totalRamBytes, Verdict verdict) {

    public enum Verdict {
        FITS("fits"),
        TIGHT("tight"),
        WONT_FIT("won't fit"),
        UNKNOWN("unknown");

        private final String label;

        Verdict(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    /** The worker JVM and llama.cpp's own runtime, measured at about 100 MiB resident with a tiny model. */
    static final long RUNTIME_BYTES = 128L << 20;
    /** llama.cpp evaluates prompts in batches of this many tokens; its compute buffers scale with it. */
    static final int BATCH = 512;
    /** Below this share of the available memory a model fits comfortably. */
    static final double COMFORTABLE_SHARE = 0.8;
    /** A model that needs more than this share of all RAM will not fit, whatever is closed first. */
    static final double RAM_SHARE_LIMIT = 0.9;

    public static FitEstimate of(ModelFacts facts, long fileSizeBytes, int contextSize, long availableBytes,
                                 long totalRamBytes) {
        int context = contextSize > 0 ? contextSize : GenerationParams.DEFAULT_CONTEXT;
        long weights = Math.max(0, fileSizeBytes);
        long kv = kvCacheBytes(facts, context);
        long overhead = overheadBytes(facts);
        long needed = weights + kv + overhead;
        return new FitEstimate(context, weights, kv, overhead, Math.max(0, availableBytes), Math.max(0, totalRamBytes),
                verdict(needed, availableBytes, totalRamBytes));
    }

    /** layers × context × KV heads × head size × 2 (K and V) × 2 bytes (f16). */
    static long kvCacheBytes(ModelFacts facts, int context) {
        long heads = facts.heads();
        long kvHeads = facts.kvHeads() > 0 ? facts.kvHeads() : heads;
        if (heads <= 0 || facts.embeddingLength() <= 0 || facts.layers() <= 0) {
            return 0;
        }
        long headSize = facts.embeddingLength() / heads;
        return facts.layers() * context * kvHeads * headSize * 2 * 2;
    }

    /** The runtime plus compute buffers: f32 logits and activations for one batch of tokens. */
    static long overheadBytes(ModelFacts facts) {
        long perToken = Math.max(0, facts.vocabSize()) + 4 * Math.max(0, facts.embeddingLength());
        return RUNTIME_BYTES + BATCH * perToken * 4;
    }

    static Verdict verdict(long needed, long available, long totalRam) {
        if (available <= 0 && totalRam <= 0) {
            return Verdict.UNKNOWN;
        }
        long room = available > 0 ? available : totalRam;
        if (needed <= room * COMFORTABLE_SHARE) {
            return Verdict.FITS;
        }
        if (needed <= room || (totalRam > 0 && needed <= totalRam * RAM_SHARE_LIMIT)) {
            return Verdict.TIGHT;
        }
        return Verdict.WONT_FIT;
    }

    public long neededBytes() {
        return weightsBytes + kvCacheBytes + overheadBytes;
    }

    /** The numbers behind the verdict, for a tooltip. */
    public String explain() {
        StringBuilder s = new StringBuilder();
        s.append(String.format(Locale.ROOT, "Weights (file size)      %s%n", ModelStore.bytes(weightsBytes)));
        s.append(String.format(Locale.ROOT, "KV cache (%d ctx, f16)  %s%n", contextSize, ModelStore.bytes(kvCacheBytes)));
        s.append(String.format(Locale.ROOT, "Runtime + buffers        %s%n", ModelStore.bytes(overheadBytes)));
        s.append(String.format(Locale.ROOT, "Needed, about            %s%n", ModelStore.bytes(neededBytes())));
        s.append(String.format(Locale.ROOT, "Available now            %s%n",
                availableBytes > 0 ? ModelStore.bytes(availableBytes) : "unknown"));
        s.append(String.format(Locale.ROOT, "Total RAM                %s", totalRamBytes > 0 ? ModelStore.bytes(totalRamBytes) : "unknown"));
        switch (verdict) {
            case FITS -> s.append("\nFits with room to spare.");
            case TIGHT -> s.append("\nTight: close other programs or choose a smaller context.");
            case WONT_FIT -> s.append("\nWill not fit in this machine's memory: choose a smaller model or quantization.");
            case UNKNOWN -> s.append("\nThis machine's memory could not be read.");
        }
        return s.toString();
    }
}
