package dev.parallax.models.hub;

import java.util.Objects;
import java.util.Optional;

/**
 * One file of a repository as the Hub lists it.
 *
 * @param sha256 the LFS object id (the content's SHA-256), present for files stored in LFS
 */
public record RepoFile(String path, long size, Optional<String> sha256) {

    public RepoFile {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(sha256, "sha256");
    }

    public String fileName() {
        return path.substring(path.lastIndexOf('/') + 1);
    }
}
