package dev.parallax.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Optional;

/**
 * Model files for tests. The real tiny models in the shared folder are used when this checkout has
 * one (system property {@code parallax.shared.models}, else {@code ../shared/models}); otherwise a
 * generated tiny llama model stands in, so a fresh clone runs the same tests.
 */
public final class TestModels {

    public static final String STORIES_260K = "stories260K.gguf";
    public static final String TINYSTORIES_656K_Q8_0 = "TinyStories-656K-Q8_0.gguf";
    public static final String LLAMA_2_TINY_RANDOM = "llama-2-tiny-random.gguf";
    public static final String SYNTH_SMOLLM2_Q4_K_M = "synth-smollm2-135m-shape-Q4_K_M.gguf";

    private static Path generatedDirectory;
    private static Path generatedPlain;
    private static Path generatedWithTemplate;
    private static Path generatedWithoutBytes;

    private TestModels() {
    }

    /** The shared models folder, when this checkout sits next to one. */
    public static Optional<Path> sharedModelsDirectory() {
        String configured = System.getProperty("parallax.shared.models");
        Path directory = configured != null && !configured.isBlank()
                ? Paths.get(configured)
                : Paths.get("..", "shared", "models");
        return Files.isDirectory(directory) ? Optional.of(directory.toAbsolutePath().normalize()) : Optional.empty();
    }

    /** A file from the shared models folder, when present. */
    public static Optional<Path> shared(String fileName) {
        return sharedModelsDirectory().map(directory -> directory.resolve(fileName)).filter(Files::isRegularFile);
    }

    /** The shared stories260K.gguf (coherent English) when present, else the generated tiny model. */
    public static Path stories260K() {
        return shared(STORIES_260K).orElseGet(TestModels::generatedTinyModel);
    }

    /** A tiny llama model written once per JVM into a temporary folder; no chat template. */
    public static Path generatedTinyModel() {
        return generatedTinyModel(false);
    }

    /** The generated tiny llama model, with a ChatML {@code tokenizer.chat_template} when asked. */
    public static synchronized Path generatedTinyModel(boolean withChatTemplate) {
        try {
            if (generatedDirectory == null) {
                generatedDirectory = Files.createTempDirectory("parallax-tiny-model");
                generatedDirectory.toFile().deleteOnExit();
            }
            if (withChatTemplate) {
                if (generatedWithTemplate == null) {
                    generatedWithTemplate = write("tiny-llama-chatml.gguf", true);
                }
                return generatedWithTemplate;
            }
            if (generatedPlain == null) {
                generatedPlain = write("tiny-llama.gguf", false);
            }
            return generatedPlain;
        } catch (IOException e) {
            throw new UncheckedIOException("could not write the tiny test model", e);
        }
    }

    /**
     * The generated tiny llama model without byte tokens: like TinyStories-656K, its vocabulary cannot write a
     * character it has no token for ('é', '+', '你').
     */
    public static synchronized Path generatedModelWithoutByteFallback() {
        generatedTinyModel(false);
        if (generatedWithoutBytes == null) {
            Path file = generatedDirectory.resolve("tiny-llama-no-bytes.gguf");
            TinyModelWriter.tinyLlama(false, false).writeTo(file);
            file.toFile().deleteOnExit();
            generatedWithoutBytes = file;
        }
        return generatedWithoutBytes;
    }

    private static Path write(String fileName, boolean withChatTemplate) {
        Path file = generatedDirectory.resolve(fileName);
        TinyModelWriter.tinyLlama(withChatTemplate).writeTo(file);
        file.toFile().deleteOnExit();
        return file;
    }
}
