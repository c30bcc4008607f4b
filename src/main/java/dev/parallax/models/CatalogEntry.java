package dev.parallax.models;

import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * A recommended model from the curated catalog.
 *
 * @param repo          the Hugging Face repository holding its GGUF files
 * @param quants        recommended quantizations, the default first or among them
 * @param parameters    total parameter count
 * @param architecture  the GGUF {@code general.architecture}: decides which engine can run it
 * @param goodFor       one sentence on what it is good at
 */
public record CatalogEntry(String id, String name, String repo, List<String> quants, String defaultQuant,
                           String license, long parameters, String parametersLabel, String architecture,
                           long contextLength, String goodFor, List<String> tags) {

    public CatalogEntry {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(repo, "repo");
        quants = List.copyOf(quants);
        Objects.requireNonNull(defaultQuant, "defaultQuant");
        Objects.requireNonNull(license, "license");
        Objects.requireNonNull(parametersLabel, "parametersLabel");
        Objects.requireNonNull(architecture, "architecture");
        Objects.requireNonNull(goodFor, "goodFor");
        tags = List.copyOf(tags);
    }

    /** Whether every word of {@code query} occurs in the name, repository, architecture or tags. */
    public boolean matches(String query) {
        String haystack = String.join(" ", name, repo, id, architecture, String.join(" ", tags)).toLowerCase(Locale.ROOT);
        String compact = haystack.replace(" ", "").replace("-", "").replace(".", "");
        for (String word : query.toLowerCase(Locale.ROOT).split("\\s+")) {
            if (!word.isEmpty() && !haystack.contains(word)
                    && !compact.contains(word.replace("-", "").replace(".", ""))) {
                return false;
            }
        }
        return true;
    }
}
