package dev.parallax.engine.local.gguf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.parallax.testing.TestModels;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/** The real models in the shared folder, checked against the facts in its README. Skipped without the folder. */
class GgufSharedModelsTest {

    private static GgufFile read(String fileName) throws GgufException {
        Optional<Path> file = TestModels.shared(fileName);
        assumeTrue(file.isPresent(), "no shared models folder with " + fileName);
        return GgufReader.read(file.get());
    }

    private static void assertShape(GgufFile gguf, long context, long layers, long embedding, long heads,
            long kvHeads, long vocab) {
        assertEquals("llama", gguf.architecture());
        assertEquals(context, gguf.contextLength().orElseThrow(), "context length");
        assertEquals(layers, gguf.blockCount().orElseThrow(), "layers");
        assertEquals(embedding, gguf.embeddingLength().orElseThrow(), "embedding length");
        assertEquals(heads, gguf.headCount().orElseThrow(), "heads");
        assertEquals(kvHeads, gguf.headCountKv().orElseThrow(), "kv heads");
        assertEquals(vocab, gguf.vocabSize().orElseThrow(), "vocab size");
    }

    @Test
    void stories260K() throws GgufException {
        GgufFile gguf = read(TestModels.STORIES_260K);
        assertEquals(1_185_376, gguf.fileSize());
        assertShape(gguf, 2048, 5, 64, 8, 4, 512);
        assertEquals(292_800, gguf.parameterCount());
        assertEquals(OptionalInt.empty(), gguf.fileType());
        assertEquals("F32", gguf.quantization());
        assertTrue(gguf.chatTemplate().isEmpty());
        assertEquals("llama", gguf.string("tokenizer.ggml.model").orElseThrow());
        SpecialTokens special = gguf.specialTokens();
        assertEquals(OptionalInt.of(1), special.bos());
        assertEquals(OptionalInt.of(2), special.eos());
        assertEquals(Optional.of("<s>"), special.bosText());
        assertEquals(Optional.of("</s>"), special.eosText());
        assertTrue(special.pad().isEmpty(), "pad is stored as uint32 -1, which means none");
        assertTrue(gguf.tensors().stream().allMatch(tensor -> tensor.type() == GgmlType.F32));
    }

    @Test
    void tinyStories656KQ8() throws GgufException {
        GgufFile gguf = read(TestModels.TINYSTORIES_656K_Q8_0);
        assertEquals(749_728, gguf.fileSize());
        assertShape(gguf, 512, 2, 128, 8, 4, 2048);
        assertEquals(656_000, gguf.parameterCount());
        assertEquals(OptionalInt.of(7), gguf.fileType());
        assertEquals("Q8_0", gguf.quantization());
        assertEquals(Optional.of("656K"), gguf.sizeLabel());
        assertEquals("apache-2.0", gguf.string("general.license").orElseThrow());
        assertTrue(gguf.chatTemplate().isEmpty());
        assertEquals(15, gguf.tensors().stream().filter(tensor -> tensor.type() == GgmlType.Q8_0).count());
        assertEquals(5, gguf.tensors().stream().filter(tensor -> tensor.type() == GgmlType.F32).count());
        assertEquals(OptionalInt.of(1), gguf.specialTokens().bos());
        assertEquals(OptionalInt.of(2), gguf.specialTokens().eos());
        assertEquals(Optional.of("<|start_story|>"), gguf.specialTokens().bosText());
    }

    @Test
    void llama2TinyRandom() throws GgufException {
        GgufFile gguf = read(TestModels.LLAMA_2_TINY_RANDOM);
        assertEquals(1_750_560, gguf.fileSize());
        assertShape(gguf, 4096, 1, 8, 2, 2, 32_000);
        assertEquals(513_048, gguf.parameterCount());
        assertEquals(OptionalInt.of(1), gguf.fileType());
        assertEquals("F16", gguf.quantization());
        assertTrue(gguf.chatTemplate().isEmpty());
        assertTrue(gguf.describeValue("tokenizer.ggml.tokens").startsWith("[32000 × string] <unk>, <s>, </s>, …"),
                gguf.describeValue("tokenizer.ggml.tokens"));
        List<?> tokens = (List<?>) gguf.metadata().get("tokenizer.ggml.tokens");
        assertEquals(32_000, tokens.size());
    }

    @Test
    void synthSmolLm2Q4KM() throws GgufException {
        GgufFile gguf = read(TestModels.SYNTH_SMOLLM2_Q4_K_M);
        assertEquals(104_812_832, gguf.fileSize());
        assertShape(gguf, 8192, 30, 576, 9, 3, 49_152);
        assertEquals("Q4_K_M", gguf.quantization());
        assertTrue(gguf.chatTemplate().orElseThrow().contains("<|im_start|>"));
        assertFalse(gguf.tensors().stream().anyMatch(tensor -> tensor.name().equals("output.weight")),
                "SmolLM2 ties its output to the embeddings");
    }

    @Test
    void everySharedModelHasItsTensorsInsideTheFileWithoutOverlap() throws GgufException {
        assumeTrue(TestModels.sharedModelsDirectory().isPresent(), "no shared models folder");
        for (String name : List.of(TestModels.STORIES_260K, TestModels.TINYSTORIES_656K_Q8_0,
                TestModels.LLAMA_2_TINY_RANDOM, TestModels.SYNTH_SMOLLM2_Q4_K_M)) {
            Optional<Path> file = TestModels.shared(name);
            if (file.isEmpty()) {
                continue;
            }
            GgufFile gguf = GgufReader.read(file.get());
            assertEquals(0, gguf.dataOffset() % gguf.alignment(), name);
            assertTrue(gguf.dataOffset() + gguf.tensorDataBytes() <= gguf.fileSize(), name);
            for (GgufTensorInfo tensor : gguf.tensors()) {
                assertTrue(gguf.dataOffset() + tensor.offset() + tensor.byteSize() <= gguf.fileSize(), tensor.name());
            }
        }
    }
}
