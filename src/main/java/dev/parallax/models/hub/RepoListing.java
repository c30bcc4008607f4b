package dev.parallax.models.hub;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A repository's GGUF files grouped into downloadable models, smallest first.
 *
 * @param revision the revision that was listed (a branch, tag or commit)
 */
public record RepoListing(String repo, String revision, List<ModelFileGroup> models, List<ModelFileGroup> projectors) {

    public RepoListing {
        Objects.requireNonNull(repo, "repo");
        Objects.requireNonNull(revision, "revision");
        models = List.copyOf(models);
        projectors = List.copyOf(projectors);
    }

    /** Groups every .gguf file of a repository's file list; other files are left out. */
    public static RepoListing of(String repo, String revision, List<RepoFile> files) {
        Map<String, List<RepoFile>> byKey = new LinkedHashMap<>();
        Map<String, GgufFileName> names = new LinkedHashMap<>();
        for (RepoFile file : files) {
            if (!GgufFileName.isGguf(file.path())) {
                continue;
            }
            GgufFileName name = GgufFileName.parse(file.path());
            byKey.computeIfAbsent(name.groupKey(), k -> new ArrayList<>()).add(file);
            names.putIfAbsent(name.groupKey(), name);
        }
        List<ModelFileGroup> models = new ArrayList<>();
        List<ModelFileGroup> projectors = new ArrayList<>();
        for (Map.Entry<String, List<RepoFile>> entry : byKey.entrySet()) {
            List<RepoFile> parts = new ArrayList<>(entry.getValue());
            parts.sort(Comparator.comparing(RepoFile::path));
            GgufFileName name = names.get(entry.getKey());
            boolean complete = name.splitCount().isEmpty() || parts.size() == name.splitCount().getAsInt();
            ModelFileGroup group = new ModelFileGroup(name.stem(), name.quantization(), parts, name.kind(), complete);
            (name.kind() == GgufFileName.Kind.PROJECTOR ? projectors : models).add(group);
        }
        models.removeIf(g -> g.kind() == GgufFileName.Kind.OTHER);
        models.sort(Comparator.comparingLong(ModelFileGroup::totalSize).thenComparing(ModelFileGroup::name));
        return new RepoListing(repo, revision, models, projectors);
    }

    /** The model a user named by quant label or file name. */
    public Optional<ModelFileGroup> find(String quantOrFile) {
        return models.stream().filter(g -> g.matches(quantOrFile)).findFirst();
    }

    /** The quant labels on offer, smallest file first, for a message. */
    public List<String> quantizations() {
        return models.stream().map(g -> g.quantization().orElse(g.name())).distinct().toList();
    }
}
