package dev.parallax.models.hub;

import java.net.URI;
import java.util.Objects;
import java.util.Optional;

/**
 * A file of a repository, resolved to where its bytes are (the Hub, or the CDN it redirects to).
 *
 * @param commit      the commit the revision pointed at, when the Hub said (X-Repo-Commit)
 * @param downloadUri where to send range requests; a CDN link expires after a while, then resolve again
 * @param sha256      the content hash, from X-Linked-Etag or the file list's LFS oid
 * @param etag        the validator for If-Range
 */
public record ResolvedFile(String repo, String revision, Optional<String> commit, String path, URI downloadUri,
                           long size, Optional<String> sha256, Optional<String> etag) {

    public ResolvedFile {
        Objects.requireNonNull(repo, "repo");
        Objects.requireNonNull(revision, "revision");
        Objects.requireNonNull(commit, "commit");
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(downloadUri, "downloadUri");
        Objects.requireNonNull(sha256, "sha256");
        Objects.requireNonNull(etag, "etag");
    }

    public String fileName() {
        return path.substring(path.lastIndexOf('/') + 1);
    }
}
