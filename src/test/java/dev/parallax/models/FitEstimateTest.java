package dev.parallax.models;

import dev.parallax.models.FitEstimate.Verdict;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FitEstimateTest {

    private static final long MIB = 1L << 20;
    private static final long GIB = 1L << 30;

    /** Llama-2-7B's shape: 32 layers, 4096 wide, 32 heads, no grouped-query attention, 32k vocabulary. */
    private static final ModelFacts LLAMA_7B = new ModelFacts("llama", "Llama 2 7B", "7B", 6_738_415_616L, "Q4_K_M",
            4096, 4096, 32, 32, 32, 32000, true, 4_000_000_000L);

    @Test
    void kvCacheIsLayersTimesContextTimesKvHeadsTimesHeadSizeForKAndVInF16() {
        // 32 × 2048 × 32 × 128 × 2 × 2 = 1 GiB, the figure llama.cpp prints for this model at 2048.
        assertEquals(GIB, FitEstimate.kvCacheBytes(LLAMA_7B, 2048));
        assertEquals(2 * GIB, FitEstimate.kvCacheBytes(LLAMA_7B, 4096));
    }

    @Test
    void groupedQueryAttentionShrinksTheCache() {
        ModelFacts gqa = new ModelFacts("llama", "", "", 0, "", 0, 4096, 32, 32, 8, 32000, false, 0);
        assertEquals(GIB / 4, FitEstimate.kvCacheBytes(gqa, 2048));
    }

    @Test
    void unknownShapeGivesNoCacheRatherThanNonsense() {
        ModelFacts unknown = new ModelFacts("x", "", "", 0, "", 0, 0, 0, 0, 0, 0, false, 0);
        assertEquals(0, FitEstimate.kvCacheBytes(unknown, 2048));
        assertEquals(FitEstimate.RUNTIME_BYTES, FitEstimate.overheadBytes(unknown));
    }

    @Test
    void overheadIsTheRuntimePlusOneBatchOfLogitsAndActivations() {
        long expected = FitEstimate.RUNTIME_BYTES + 512L * (32000 + 4 * 4096) * 4;
        assertEquals(expected, FitEstimate.overheadBytes(LLAMA_7B));
        assertTrue(FitEstimate.overheadBytes(LLAMA_7B) < 300 * MIB, "a few hundred MB at most for a 7B");
    }

    @Test
    void verdictAgainstAvailableMemoryAndRam() {
        long file = 4 * GIB;
        FitEstimate roomy = FitEstimate.of(LLAMA_7B, file, 2048, 16 * GIB, 32 * GIB);
        assertEquals(Verdict.FITS, roomy.verdict());
        assertEquals(file + GIB + FitEstimate.overheadBytes(LLAMA_7B), roomy.neededBytes());

        assertEquals(Verdict.TIGHT, FitEstimate.of(LLAMA_7B, file, 2048, 6 * GIB, 8 * GIB).verdict(),
                "needs ~5.2 GiB of 6 available: over 80%");
        assertEquals(Verdict.TIGHT, FitEstimate.of(LLAMA_7B, file, 2048, 3 * GIB, 16 * GIB).verdict(),
                "not available now, but the machine has the RAM");
        assertEquals(Verdict.WONT_FIT, FitEstimate.of(LLAMA_7B, file, 2048, 3 * GIB, 4 * GIB).verdict());
        assertEquals(Verdict.UNKNOWN, FitEstimate.of(LLAMA_7B, file, 2048, 0, 0).verdict());
    }

    @Test
    void zeroContextMeansTheEngineDefault() {
        FitEstimate e = FitEstimate.of(LLAMA_7B, GIB, 0, 16 * GIB, 32 * GIB);
        assertEquals(2048, e.contextSize());
        assertEquals(GIB, e.kvCacheBytes());
    }

    @Test
    void explanationShowsTheNumbers() {
        String text = FitEstimate.of(LLAMA_7B, 4 * GIB, 2048, 16 * GIB, 32 * GIB).explain();
        assertTrue(text.contains("4.0 GiB"), text);
        assertTrue(text.contains("KV cache (2048 ctx, f16)  1.0 GiB"), text);
        assertTrue(text.contains("16.0 GiB"), text);
        assertTrue(text.contains("Fits"), text);
    }
}
