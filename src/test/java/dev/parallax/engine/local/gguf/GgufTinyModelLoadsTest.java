package dev.parallax.engine.local.gguf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.parallax.testing.TestModels;
import dev.parallax.testing.TinyModelSmoke;
import dev.parallax.testing.TinyModelWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The generated tiny model reads back as written, and java-llama.cpp loads it and generates from it. */
class GgufTinyModelLoadsTest {

    private static final Pattern RESULT = Pattern.compile("MODEL (.+) OUTPUTS (\\d+) NONEMPTY (\\d+) TEXT (.*)");

    @TempDir
    Path directory;

    @Test
    void generatedModelReadsBack() throws GgufException {
        GgufFile gguf = GgufReader.read(TestModels.generatedTinyModel());
        int vocab = TinyModelWriter.tinyLlamaTokens().size();
        assertEquals(3, gguf.version());
        assertEquals("llama", gguf.architecture());
        assertEquals(Optional.of(TinyModelWriter.NAME), gguf.name());
        assertEquals(TinyModelWriter.CONTEXT, gguf.contextLength().orElseThrow());
        assertEquals(TinyModelWriter.LAYERS, gguf.blockCount().orElseThrow());
        assertEquals(TinyModelWriter.EMBEDDING, gguf.embeddingLength().orElseThrow());
        assertEquals(TinyModelWriter.HEADS, gguf.headCount().orElseThrow());
        assertEquals(TinyModelWriter.KV_HEADS, gguf.headCountKv().orElseThrow());
        assertEquals(vocab, gguf.vocabSize().orElseThrow());
        assertEquals(TinyModelWriter.tinyLlamaParameterCount(), gguf.parameterCount());
        assertEquals(gguf.parameterCount() * Float.BYTES, gguf.tensorDataBytes());
        assertEquals("F32", gguf.quantization());
        assertEquals(3 + 9 * TinyModelWriter.LAYERS, gguf.tensors().size());
        assertTrue(gguf.chatTemplate().isEmpty());
        SpecialTokens special = gguf.specialTokens();
        assertEquals(OptionalInt.of(1), special.bos());
        assertEquals(OptionalInt.of(2), special.eos());
        assertEquals(OptionalInt.of(0), special.unk());
        assertEquals(Optional.of("<s>"), special.bosText());
        assertEquals(Optional.of("</s>"), special.eosText());
        assertEquals(Optional.of("<unk>"), special.unkText());
        GgufTensorInfo embeddings = gguf.tensors().get(0);
        assertEquals("token_embd.weight", embeddings.name());
        assertEquals(List.of((long) TinyModelWriter.EMBEDDING, (long) vocab),
                List.of(embeddings.dim(0), embeddings.dim(1)));
    }

    @Test
    void chatTemplateVariantCarriesChatMl() throws GgufException {
        GgufFile gguf = GgufReader.read(TestModels.generatedTinyModel(true));
        assertEquals(Optional.of(TinyModelWriter.CHATML_TEMPLATE), gguf.chatTemplate());
        assertEquals(TestModels.generatedTinyModel(true), TestModels.generatedTinyModel(true), "written once per JVM");
    }

    @Test
    void stories260KIsAlwaysAvailable() throws GgufException {
        GgufFile gguf = GgufReader.read(TestModels.stories260K());
        assertEquals("llama", gguf.architecture());
        assertEquals("F32", gguf.quantization());
    }

    @Test
    void llamaCppLoadsTheGeneratedModelAndGenerates() throws IOException, InterruptedException {
        List<Path> models = List.of(TestModels.generatedTinyModel(false), TestModels.generatedTinyModel(true));
        Path nativeDirectory = Files.createDirectories(directory.resolve("llama-native"));
        Path stdout = directory.resolve("stdout.txt");
        Path stderr = directory.resolve("stderr.txt");
        List<String> command = new ArrayList<>(List.of(
                Paths.get(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dde.kherud.llama.tmpdir=" + nativeDirectory,
                "-cp", System.getProperty("java.class.path"),
                TinyModelSmoke.class.getName()));
        models.forEach(model -> command.add(model.toString()));
        Process process = new ProcessBuilder(command)
                .redirectOutput(stdout.toFile())
                .redirectError(stderr.toFile())
                .start();
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            fail("the child JVM did not finish within 120 s; stderr ends with:\n" + tail(stderr));
        }
        String output = Files.readString(stdout, StandardCharsets.UTF_8);
        assertEquals(0, process.exitValue(), () -> "child JVM failed.\nstdout:\n" + output + "\nstderr:\n" + tail(stderr));
        for (Path model : models) {
            Matcher result = output.lines().map(RESULT::matcher).filter(Matcher::matches)
                    .filter(matcher -> matcher.group(1).equals(model.toString()))
                    .findFirst()
                    .orElseThrow(() -> new AssertionError("no result for " + model + " in:\n" + output));
            assertTrue(Integer.parseInt(result.group(3)) >= 1, () -> "no text generated from " + model + ": " + output);
        }
    }

    private static String tail(Path file) {
        try {
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(could not read " + file + ": " + e.getMessage() + ")";
        }
    }
}
