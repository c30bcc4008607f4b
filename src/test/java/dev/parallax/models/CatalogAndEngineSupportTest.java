package dev.parallax.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parallax.engine.local.gguf.GgmlType;
import dev.parallax.engine.local.gguf.GgufReader;
import dev.parallax.testing.TestModels;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CatalogAndEngineSupportTest {

    private final EngineSupport engines = EngineSupport.bundled(false);

    @Test
    void theBundledCatalogIsCompleteAndEveryEntryHasAnEngine() {
        Catalog catalog = Catalog.bundled();
        assertTrue(catalog.entries().size() >= 15, "about 15 recommended models");
        for (CatalogEntry e : catalog.entries()) {
            assertTrue(e.repo().matches("[A-Za-z0-9][\\w.-]*/[\\w.-]+"), e.repo());
            assertTrue(e.quants().contains(e.defaultQuant()), e.id());
            assertFalse(e.license().isBlank(), e.id());
            assertTrue(e.parameters() > 0, e.id());
            assertFalse(e.goodFor().isBlank(), e.id());
            Compatibility c = engines.check(e.architecture(), Optional.of(e.defaultQuant()));
            assertTrue(c.verdict() == Compatibility.Verdict.RUNS || c.verdict() == Compatibility.Verdict.NEEDS_NEWER_ENGINE,
                    e.id() + ": " + c.message());
        }
        assertEquals(List.of("qwen2.5-7b-instruct"), catalog.search("qwen 7b").stream().map(CatalogEntry::id).toList());
        assertTrue(catalog.byRepo("qwen/qwen3-4b-gguf").isPresent());
    }

    @Test
    void oldArchitecturesRunOnJavaLlamaCppAndNewOnesNeedTheCurrentEngine() {
        Compatibility qwen2 = engines.check("qwen2", Optional.of("Q4_K_M"));
        assertEquals(Compatibility.Verdict.RUNS, qwen2.verdict());
        assertEquals("java-llama.cpp", qwen2.engine().orElseThrow().id());
        assertEquals(2, qwen2.capable().size());

        Compatibility qwen3 = engines.check("qwen3", Optional.of("Q4_K_M"));
        assertEquals(Compatibility.Verdict.NEEDS_NEWER_ENGINE, qwen3.verdict());
        assertTrue(qwen3.message().contains("llama-server"), qwen3.message());
        assertEquals(Compatibility.Verdict.RUNS, EngineSupport.bundled(true).check("qwen3", Set.of()).verdict());
        assertEquals("llama.cpp", EngineSupport.bundled(true).check("llama", Set.of()).engine().orElseThrow().id());

        // A known architecture with a tensor type b4916 cannot read.
        Compatibility mxfp4 = engines.check("llama", Set.of(GgmlType.MXFP4, GgmlType.F32));
        assertEquals(Compatibility.Verdict.NEEDS_NEWER_ENGINE, mxfp4.verdict());
        assertTrue(mxfp4.message().contains("MXFP4"), mxfp4.message());
        assertEquals(Compatibility.Verdict.NEEDS_NEWER_ENGINE, engines.check(null, Optional.of("MXFP4")).verdict());
        assertEquals(Compatibility.Verdict.UNKNOWN, engines.check("", Optional.of("Q4_K_M")).verdict());
        assertEquals(Compatibility.Verdict.UNSUPPORTED, engines.check("made-up-arch", Set.of()).verdict());
    }

    @Test
    void aRealHeaderIsCheckedByArchitectureAndTensorTypes() throws Exception {
        Compatibility c = engines.check(GgufReader.read(TestModels.stories260K()));
        assertEquals(Compatibility.Verdict.RUNS, c.verdict(), c.message());
        assertEquals("runs on java-llama.cpp (llama.cpp b4916)", c.message());
    }
}
