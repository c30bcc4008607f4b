package dev.parallax.models.hub;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One downloadable model in a repository: a single .gguf file, or all the parts of a split one.
 *
 * @param name         the file name without .gguf and split suffix, e.g. "Qwen2.5-7B-Instruct-Q4_K_M"
 * @param quantization from the file name, when it carries one
 * @param parts        in order; one for an unsplit model
 * @param complete     false when the repository lacks some parts of a split model
 */
public record ModelFileGroup(String name, Optional<String> quantization, List<RepoFile> parts,
                             GgufFileName.Kind kind, boolean complete) {

    public ModelFileGroup {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(quantization, "quantization");
        parts = List.copyOf(parts);
        if (parts.isEmpty()) {
            throw new IllegalArgumentException("a model has at least one file");
        }
        Objects.requireNonNull(kind, "kind");
    }

    public long totalSize() {
        return parts.stream().mapToLong(RepoFile::size).sum();
    }

    public RepoFile first() {
        return parts.get(0);
    }

    public boolean isSplit() {
        return parts.size() > 1 || GgufFileName.parse(first().path()).isSplit();
    }

    /** Whether this is the file (or split model) a user meant by {@code quantOrFile}: a quant label or a file name. */
    public boolean matches(String quantOrFile) {
        String wanted = quantOrFile.strip();
        if (quantization.map(q -> q.equalsIgnoreCase(wanted)).orElse(false)) {
            return true;
        }
        for (RepoFile part : parts) {
            if (part.path().equalsIgnoreCase(wanted) || part.fileName().equalsIgnoreCase(wanted)) {
                return true;
            }
        }
        return name.equalsIgnoreCase(wanted) || (name + ".gguf").equalsIgnoreCase(wanted);
    }
}
