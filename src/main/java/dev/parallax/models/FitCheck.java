package dev.parallax.models;

import java.util.Locale;
import java.util.Objects;

/**
 * Will a model fit in this machine's memory at a given context? An estimate from the model's shape:
 * weights (the file, mapped whole) + KV cache (layers × context × KV heads × (key + value size) × 2 bytes
 * for f16) + compute buffers and runtime. Measured against total RAM (could it ever fit) and available RAM
 * (does it fit now without pushing other programs out). Models with sliding-window attention need less KV
 * cache than this; the estimate errs on the safe side. Pure: no I/O.
 */
public final class FitCheck {

    public enum Verdict {
        FITS,
        /** Fits only if other programs give memory back, or with little headroom. */
        TIGHT,
        WONT_FIT
    }

    /**
     * The numbers behind a verdict, in bytes.
     *
     * @param available RAM free now (plus GPU memory when layers go there)
     */
    public record Result(Verdict verdict, long context, long weights, long kvCache, long overhead, long needed,
                         long available, long total, String message) {

        public Result {
            Objects.requireNonNull(verdict, "verdict");
            Objects.requireNonNull(message, "message");
        }
    }

    public static final int DEFAULT_CONTEXT = 4096;
    /** f16 K and V. */
    public static final int KV_BYTES_PER_ELEMENT = 2;
    /** The worker process, llama.cpp's own buffers and the tokenizer: a fixed allowance. */
    static final long RUNTIME_BYTES = 150L << 20;
    /** llama.cpp's default micro-batch: compute buffers scale with it. */
    static final long UBATCH = 512;
    /** Share of total RAM a model may take at most, leaving the rest to the system. */
    static final double TOTAL_SHARE = 0.9;
    /** Share of available RAM a model may take and still count as a comfortable fit. */
    static final double AVAILABLE_SHARE = 0.8;

    private FitCheck() {
    }

    /** KV cache bytes at {@code context} tokens. */
    public static long kvCacheBytes(ModelShape shape, long context) {
        return shape.layers() * context * shape.kvHeads() * (shape.keyLength() + shape.valueLength()) * KV_BYTES_PER_ELEMENT;
    }

    /**
     * Compute buffers: a micro-batch of logits (vocabulary) and attention scores (heads × context) in f32,
     * plus the runtime allowance. A rough upper estimate of what llama.cpp reserves without flash attention.
     */
    public static long overheadBytes(ModelShape shape, long context) {
        long perToken = shape.vocabSize() + shape.heads() * Math.min(context, 32768) + 4 * shape.embeddingLength();
        return RUNTIME_BYTES + Math.min(UBATCH, Math.max(1, context)) * perToken * Float.BYTES;
    }

    public static Result check(ModelShape shape, long context, MemoryBudget budget) {
        if (context <= 0) {
            throw new IllegalArgumentException("context must be positive, not " + context);
        }
        long kv = kvCacheBytes(shape, context);
        long overhead = overheadBytes(shape, context);
        long needed = shape.weightBytes() + kv + overhead;
        long gpuFree = budget.gpu().map(MemoryBudget.GpuMemory::freeBytes).orElse(0L);
        long gpuTotal = budget.gpu().map(MemoryBudget.GpuMemory::totalBytes).orElse(0L);
        long available = budget.availableRam() + gpuFree;
        long total = budget.totalRam() + gpuTotal;
        Verdict verdict;
        if (total > 0 && needed > total * TOTAL_SHARE) {
            verdict = Verdict.WONT_FIT;
        } else if (available <= 0 || needed > available * AVAILABLE_SHARE) {
            verdict = Verdict.TIGHT;
        } else {
            verdict = Verdict.FITS;
        }
        String parts = String.format(Locale.ROOT, "weights %s + KV cache at %,d tokens %s + overhead %s",
                gib(shape.weightBytes()), context, gib(kv), gib(overhead));
        String message = switch (verdict) {
            case FITS -> "fits: needs about " + gib(needed) + " (" + parts + "), " + gib(available) + " available";
            case TIGHT -> "tight: needs about " + gib(needed) + " (" + parts + ") and " + gib(available)
                    + " is available now: close other programs, or choose a smaller quant or context";
            case WONT_FIT -> "won't fit: needs about " + gib(needed) + " (" + parts + ") but this machine has "
                    + gib(total) + " in all: choose a smaller model, quant or context";
        };
        if (shape.layers() == 0 || shape.kvHeads() == 0) {
            message += " (the file does not describe its attention, so the KV cache is not counted)";
        }
        return new Result(verdict, context, shape.weightBytes(), kv, overhead, needed, available, total, message);
    }

    /** "4.6 GiB", "12 GiB", "96 MiB": a memory size as the fit messages write it. */
    public static String gib(long bytes) {
        double g = bytes / (double) (1L << 30);
        return g >= 10 ? String.format(Locale.ROOT, "%.0f GiB", g)
                : g >= 0.1 ? String.format(Locale.ROOT, "%.1f GiB", g)
                : String.format(Locale.ROOT, "%.0f MiB", bytes / (double) (1L << 20));
    }
}
