package dev.parallax.models;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** The curated list of recommended models ({@code assets/catalog.json}, bundled on the class path). */
public final class Catalog {

    public static final String RESOURCE = "/assets/catalog.json";

    private final List<CatalogEntry> entries;
    private final String updated;

    public Catalog(List<CatalogEntry> entries, String updated) {
        this.entries = List.copyOf(entries);
        this.updated = updated;
    }

    /** The catalog that ships with Parallax. */
    public static Catalog bundled() {
        try (InputStream in = Catalog.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from the class path: the build is incomplete");
            }
            return parse(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the bundled model catalog: " + e.getMessage(), e);
        }
    }

    static Catalog parse(InputStream in) throws IOException {
        JsonNode root = new ObjectMapper().readTree(in);
        List<CatalogEntry> entries = new ArrayList<>();
        for (JsonNode m : root.path("models")) {
            entries.add(new CatalogEntry(m.path("id").asText(), m.path("name").asText(), m.path("repo").asText(),
                    strings(m.path("quants")), m.path("default_quant").asText(), m.path("license").asText(),
                    m.path("parameters").asLong(), m.path("parameters_label").asText(), m.path("architecture").asText(),
                    m.path("context_length").asLong(), m.path("good_for").asText(), strings(m.path("tags"))));
        }
        return new Catalog(entries, root.path("updated").asText(""));
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    public List<CatalogEntry> entries() {
        return entries;
    }

    /** When the catalog was last reviewed (ISO date). */
    public String updated() {
        return updated;
    }

    /** Entries matching every word of the query, in catalog order (smallest first); all for a blank query. */
    public List<CatalogEntry> search(String query) {
        return query == null || query.isBlank() ? entries : entries.stream().filter(e -> e.matches(query)).toList();
    }

    /** The entry for a repository id, ignoring case. */
    public Optional<CatalogEntry> byRepo(String repo) {
        String wanted = repo.toLowerCase(Locale.ROOT);
        return entries.stream().filter(e -> e.repo().toLowerCase(Locale.ROOT).equals(wanted)).findFirst();
    }
}
