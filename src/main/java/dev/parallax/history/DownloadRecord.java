package dev.parallax.history;

import dev.parallax.core.DownloadStatus;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One stored download.
 *
 * @param url       the file's {@code /resolve/} URL on the Hub (never a signed CDN link)
 * @param commit    the commit the revision resolved to when the download began: resumes fetch the same bytes
 * @param ranges    [start, end) byte ranges with the bytes done of each
 * @param groupId   shared by the parts of one split model
 */
public record DownloadRecord(String id, Instant createdAt, Instant updatedAt, String repo, String revision,
                             Optional<String> commit, String filePath, String url, Path target, long size,
                             Optional<String> sha256, Optional<String> etag, int connections, DownloadStatus status,
                             long bytesDone, Optional<String> error, Optional<String> modelName,
                             Optional<String> groupId, List<ByteRange> ranges) {

    /** Bytes [start, end) of a file, of which the first {@code done} are on disk. */
    public record ByteRange(int index, long start, long end, long done) {
        public ByteRange {
            if (start < 0 || end < start || done < 0 || done > end - start) {
                throw new IllegalArgumentException("bad range #" + index + ": " + start + "-" + end + " done " + done);
            }
        }

        public long length() {
            return end - start;
        }

        public boolean complete() {
            return done == length();
        }
    }

    public DownloadRecord {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(updatedAt, "updatedAt");
        Objects.requireNonNull(repo, "repo");
        Objects.requireNonNull(revision, "revision");
        Objects.requireNonNull(commit, "commit");
        Objects.requireNonNull(filePath, "filePath");
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(sha256, "sha256");
        Objects.requireNonNull(etag, "etag");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(error, "error");
        Objects.requireNonNull(modelName, "modelName");
        Objects.requireNonNull(groupId, "groupId");
        ranges = List.copyOf(ranges);
    }

    public DownloadRecord withStatus(DownloadStatus s, Optional<String> e) {
        return new DownloadRecord(id, createdAt, updatedAt, repo, revision, commit, filePath, url, target, size, sha256,
                etag, connections, s, bytesDone, e, modelName, groupId, ranges);
    }
}
