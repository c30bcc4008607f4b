package dev.parallax.models.hub;

import dev.parallax.models.QuantizationSize;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A model repository as search lists it.
 *
 * @param id            "owner/name"
 * @param trendingScore the Hub's trending score; 0 when not reported
 * @param gguf          what the Hub read from the repository's GGUF files, when it says (search asks for it)
 * @param files         the paths of the repository's files, when the Hub lists them with the search
 */
public record HubRepo(String id, long downloads, long likes, double trendingScore, Optional<Instant> createdAt,
                      List<String> tags, Optional<String> pipelineTag, Optional<Gguf> gguf,
                      Optional<List<String>> files) {

    /**
     * The Hub's summary of a repository's GGUF models ({@code "gguf": {"total", "architecture", "context_length"}}).
     *
     * @param parameters   the model's parameter count ("total"); 0 when not said
     * @param architecture the GGUF {@code general.architecture}; blank when not said
     */
    public record Gguf(long parameters, String architecture, long contextLength) {
        public Gguf {
            Objects.requireNonNull(architecture, "architecture");
        }
    }

    public HubRepo {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(createdAt, "createdAt");
        tags = List.copyOf(tags);
        Objects.requireNonNull(pipelineTag, "pipelineTag");
        Objects.requireNonNull(gguf, "gguf");
        files = files.map(List::copyOf);
    }

    /** A repository known by its counters only (a Hub that does not say more). */
    public HubRepo(String id, long downloads, long likes, double trendingScore, Optional<Instant> createdAt,
                   List<String> tags, Optional<String> pipelineTag) {
        this(id, downloads, likes, trendingScore, createdAt, tags, pipelineTag, Optional.empty(), Optional.empty());
    }

    public String author() {
        int slash = id.indexOf('/');
        return slash < 0 ? "" : id.substring(0, slash);
    }

    /**
     * The quantizations its GGUF models come in, smallest first, when the Hub listed its files (empty
     * otherwise); a split model counts once, projectors and importance matrices not at all.
     */
    public Optional<List<String>> quantizations() {
        return files.map(paths -> {
            List<RepoFile> listed = new ArrayList<>();
            paths.forEach(p -> listed.add(new RepoFile(p, 0, Optional.empty())));
            return RepoListing.of(id, "main", listed).models().stream()
                    .map(ModelFileGroup::quantization).flatMap(Optional::stream)
                    .distinct().sorted(QuantizationSize.BY_SIZE).toList();
        });
    }
}
