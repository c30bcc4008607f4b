package dev.parallax.models;

import java.nio.file.Path;
import java.util.Optional;

/**
 * A GGUF model on this machine: imported into the store, or a file named by its path.
 *
 * @param sha256 the file's content hash, when known (always for imported models)
 */
public record LocalModel(String name, Path file, long sizeBytes, Optional<String> sha256, ModelFacts facts,
                         boolean imported) {

    public String shortSha() {
        return sha256.map(s -> s.substring(0, Math.min(12, s.length()))).orElse("");
    }
}
