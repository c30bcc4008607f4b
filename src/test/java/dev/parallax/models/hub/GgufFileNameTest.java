package dev.parallax.models.hub;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class GgufFileNameTest {

    @Test
    void quantizationLabelsAsPublishersWriteThem() {
        String[][] cases = {
            {"Llama-3.2-1B-Instruct-Q4_K_M.gguf", "Q4_K_M"},
            {"qwen2.5-0.5b-instruct-q8_0.gguf", "Q8_0"},
            {"Phi-3.5-mini-instruct-IQ4_XS.gguf", "IQ4_XS"},
            {"Mistral-7B-Instruct-v0.3-Q5_K_S.gguf", "Q5_K_S"},
            {"Llama-3.2-1B-Instruct-f16.gguf", "F16"},
            {"SmolLM3-3B-bf16.gguf", "BF16"},
            {"gemma-3-1b-it-Q4_0.gguf", "Q4_0"},
            {"Qwen3-30B-A3B-IQ2_XXS.gguf", "IQ2_XXS"},
            {"DeepSeek-R1-TQ1_0.gguf", "TQ1_0"},
            {"gpt-oss-20b-MXFP4.gguf", "MXFP4"},
            {"gemma-3-4b-it-UD-Q4_K_XL.gguf", "UD-Q4_K_XL"},
            {"Llama-3.2-1B-Instruct-Q6_K_L.gguf", "Q6_K_L"},
            {"Llama-3.2-1B-Instruct-Q4_0_4_8.gguf", "Q4_0_4_8"},
            {"model-fp16.gguf", "F16"},
            {"Q4_K_M/Qwen3-235B-A22B-Q4_K_M-00001-of-00003.gguf", "Q4_K_M"},
        };
        for (String[] c : cases) {
            assertEquals(Optional.of(c[1]), GgufFileName.parse(c[0]).quantization(), c[0]);
        }
        assertEquals(Optional.empty(), GgufFileName.parse("stories260K.gguf").quantization());
        assertEquals(Optional.empty(), GgufFileName.parse("Qwen3-30B-A3B.gguf").quantization());
    }

    @Test
    void splitPartsShareAStemAndProjectorsAreTold() {
        GgufFileName part = GgufFileName.parse("Q4_K_M/Qwen2.5-7B-Instruct-Q4_K_M-00002-of-00003.gguf");
        assertTrue(part.isSplit());
        assertEquals(2, part.splitIndex().getAsInt());
        assertEquals(3, part.splitCount().getAsInt());
        assertEquals("Q4_K_M/Qwen2.5-7B-Instruct-Q4_K_M", part.groupKey());
        assertEquals(GgufFileName.Kind.PROJECTOR, GgufFileName.parse("mmproj-model-f16.gguf").kind());
        assertFalse(GgufFileName.parse("x.gguf").isSplit());
    }

    @Test
    void aListingGroupsSplitModelsAndSortsBySize() {
        RepoListing listing = RepoListing.of("o/r", "main", List.of(
                new RepoFile("README.md", 10, Optional.empty()),
                new RepoFile("m-Q8_0.gguf", 800, Optional.of("a".repeat(64))),
                new RepoFile("m-Q4_K_M-00002-of-00002.gguf", 200, Optional.empty()),
                new RepoFile("m-Q4_K_M-00001-of-00002.gguf", 300, Optional.empty()),
                new RepoFile("m-Q2_K-00001-of-00002.gguf", 300, Optional.empty()),
                new RepoFile("mmproj-m-f16.gguf", 100, Optional.empty())));
        assertEquals(List.of("Q2_K", "Q4_K_M", "Q8_0"), listing.quantizations());
        ModelFileGroup q4 = listing.find("q4_k_m").orElseThrow();
        assertEquals(500, q4.totalSize());
        assertTrue(q4.complete());
        assertEquals("m-Q4_K_M-00001-of-00002.gguf", q4.first().path());
        assertFalse(listing.find("Q2_K").orElseThrow().complete());
        assertTrue(listing.find("m-Q8_0.gguf").isPresent());
        assertEquals(1, listing.projectors().size());
    }
}
