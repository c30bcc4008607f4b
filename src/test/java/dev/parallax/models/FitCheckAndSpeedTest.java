package dev.parallax.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parallax.core.EngineTimings;
import dev.parallax.core.GenerationParams;
import dev.parallax.core.HostFacts;
import dev.parallax.core.ModelIdentity;
import dev.parallax.core.RunResult;
import dev.parallax.core.RunSpec;
import dev.parallax.core.RunStatus;
import dev.parallax.core.Target;
import dev.parallax.core.Timings;
import dev.parallax.core.Usage;
import dev.parallax.core.UsageBasis;
import dev.parallax.engine.local.gguf.GgufFile;
import dev.parallax.history.HistoryDatabase;
import dev.parallax.history.RunRepository;
import java.time.Instant;
import java.util.OptionalDouble;
import dev.parallax.engine.local.gguf.GgufReader;
import dev.parallax.testing.TestModels;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class FitCheckAndSpeedTest {

    private static final long GIB = 1L << 30;
    /** Llama-2-7B's shape at Q4_K_M: 32 layers, 32 heads (32 KV), head 128, vocab 32000. */
    private static final ModelShape LLAMA7B = new ModelShape(4_080_000_000L, 32, 32, 32, 128, 128, 4096, 32000, 4096);

    @Test
    void kvCacheFollowsLayersContextHeadsAndHeadSize() {
        // 32 × 4096 × 32 × (128 + 128) × 2 bytes = 2 GiB: the well-known f16 KV size of Llama-2-7B at 4k.
        assertEquals(2 * GIB, FitCheck.kvCacheBytes(LLAMA7B, 4096));
        ModelShape gqa = new ModelShape(1, 28, 28, 4, 128, 128, 3584, 152064, 32768); // Qwen2.5-7B: 4 KV heads
        assertEquals(28L * 4096 * 4 * 256 * 2, FitCheck.kvCacheBytes(gqa, 4096));
    }

    @Test
    void verdictsAgainstTotalAndAvailableMemory() {
        FitCheck.Result roomy = FitCheck.check(LLAMA7B, 4096, new MemoryBudget(32 * GIB, 24 * GIB, Optional.empty()));
        assertEquals(FitCheck.Verdict.FITS, roomy.verdict());
        assertEquals(roomy.weights() + roomy.kvCache() + roomy.overhead(), roomy.needed());
        assertTrue(roomy.message().startsWith("fits: needs about 6."), roomy.message());

        FitCheck.Result busy = FitCheck.check(LLAMA7B, 4096, new MemoryBudget(16 * GIB, 6 * GIB, Optional.empty()));
        assertEquals(FitCheck.Verdict.TIGHT, busy.verdict());
        FitCheck.Result small = FitCheck.check(LLAMA7B, 4096, new MemoryBudget(4 * GIB, 3 * GIB, Optional.empty()));
        assertEquals(FitCheck.Verdict.WONT_FIT, small.verdict());
        assertTrue(small.message().contains("4.0 GiB in all"), small.message());
        FitCheck.Result shortContext = FitCheck.check(LLAMA7B, 512, new MemoryBudget(8 * GIB, 7 * GIB, Optional.empty()));
        assertEquals(FitCheck.Verdict.FITS, shortContext.verdict(), shortContext.message());
        FitCheck.Result gpu = FitCheck.check(LLAMA7B, 4096, new MemoryBudget(4 * GIB, 3 * GIB,
                Optional.of(new MemoryBudget.GpuMemory("test GPU", 8 * GIB, 8 * GIB))));
        assertEquals(FitCheck.Verdict.FITS, gpu.verdict());
    }

    @Test
    void aShapeFromARealHeader() throws Exception {
        GgufFile header = GgufReader.read(TestModels.stories260K());
        ModelShape shape = ModelShape.of(header, header.fileSize());
        assertEquals(header.blockCount().getAsLong(), shape.layers());
        assertEquals(header.embeddingLength().getAsLong() / header.headCount().getAsLong(), shape.keyLength());
        assertEquals(FitCheck.Verdict.FITS, FitCheck.check(shape, 2048, new MemoryBudget(8 * GIB, 4 * GIB,
                Optional.empty())).verdict());
    }

    @Test
    void measurementsComeFromCompletedLocalRunsOnThisMachine() throws Exception {
        HostFacts host = new HostFacts("Test CPU", 2, 8 * GIB, "Linux", "0.1.0");
        java.nio.file.Path model = TestModels.stories260K();
        try (HistoryDatabase db = HistoryDatabase.inMemory()) {
            RunRepository runs = new RunRepository(db);
            runs.insertAll(List.of(run("a", host, model.toString(), 100), run("b", host, model.toString(), 300),
                    run("c", new HostFacts("Other CPU", 2, 8 * GIB, "Linux", ""), model.toString(), 5000),
                    run("d", host, "/gone/model.gguf", 5000)));
            SpeedPrediction.Estimate e = SpeedPrediction.fromHistory(runs, host).predict(java.nio.file.Files.size(model));
            assertEquals(2, e.basedOnRuns());
            assertEquals(200.0, e.tokensPerSecond().getAsDouble(), 1e-6);
        }
    }

    private static RunResult run(String id, HostFacts host, String file, double engineTps) {
        Timings timings = new Timings(0, OptionalDouble.empty(), OptionalDouble.of(10), 1000, OptionalDouble.empty(),
                OptionalDouble.of(1), Optional.of(new EngineTimings(1, 1, 100, 100_000 / engineTps)));
        Instant at = Instant.parse("2026-11-01T10:00:00Z");
        return new RunResult(id, RunSpec.raw(Target.local("m"), "hi", GenerationParams.defaults()), RunStatus.COMPLETED,
                "x", Optional.empty(), new Usage(1, 100, UsageBasis.EXACT), timings,
                new ModelIdentity("m", file, "", "", "llama", "java-llama.cpp", "b4916"), host, at, at.plusSeconds(1));
    }

    @Test
    void speedIsPredictedFromTheMedianBandwidthOfPastRuns() {
        SpeedPrediction none = new SpeedPrediction(List.of());
        assertTrue(none.predict(1000).tokensPerSecond().isEmpty());
        assertTrue(none.predict(1000).describe().startsWith("no measurements yet"));
        // 100 MB at 50 tok/s, 200 MB at 30 tok/s, 400 MB at 10 tok/s: 5, 6 and 4 GB/s; the median is 5 GB/s.
        SpeedPrediction history = new SpeedPrediction(List.of(new SpeedPrediction.Measurement(50, 100_000_000),
                new SpeedPrediction.Measurement(30, 200_000_000), new SpeedPrediction.Measurement(10, 400_000_000),
                new SpeedPrediction.Measurement(0, 1)));
        SpeedPrediction.Estimate e = history.predict(1_000_000_000);
        assertEquals(5.0, e.tokensPerSecond().getAsDouble(), 1e-9);
        assertEquals(3, e.basedOnRuns());
        assertEquals("about 5 tokens/s (from 3 runs on this machine)", e.describe());
    }
}
