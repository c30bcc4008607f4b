package dev.parallax.models.hub;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A model repository as search lists it.
 *
 * @param id           "owner/name"
 * @param trendingScore the Hub's trending score; 0 when not reported
 */
public record HubRepo(String id, long downloads, long likes, double trendingScore, Optional<Instant> createdAt,
                      List<String> tags, Optional<String> pipelineTag) {

    public HubRepo {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(createdAt, "createdAt");
        tags = List.copyOf(tags);
        Objects.requireNonNull(pipelineTag, "pipelineTag");
    }

    public String author() {
        int slash = id.indexOf('/');
        return slash < 0 ? "" : id.substring(0, slash);
    }
}
