package dev.parallax.models.download;

import java.util.Objects;
import java.util.Optional;

/**
 * One file to download from a repository.
 *
 * @param revision      a branch, tag or commit; the download pins the commit it first resolves to
 * @param expectedSha256 from the file list (LFS oid), checked against what the Hub says when resolving
 * @param connections   parallel connections for this file (1: one stream)
 * @param groupId       shared by the parts of one split model; the model is installed when all are in
 */
public record DownloadRequest(String repo, String revision, String filePath, long expectedSize,
                              Optional<String> expectedSha256, int connections, Optional<String> groupId) {

    public DownloadRequest {
        Objects.requireNonNull(repo, "repo");
        Objects.requireNonNull(revision, "revision");
        Objects.requireNonNull(filePath, "filePath");
        Objects.requireNonNull(expectedSha256, "expectedSha256");
        Objects.requireNonNull(groupId, "groupId");
        if (connections < 1 || connections > DownloadOptions.MAX_CONNECTIONS) {
            throw new IllegalArgumentException("connections must be 1 to " + DownloadOptions.MAX_CONNECTIONS
                    + ", not " + connections);
        }
    }

    public String fileName() {
        return filePath.substring(filePath.lastIndexOf('/') + 1);
    }
}
