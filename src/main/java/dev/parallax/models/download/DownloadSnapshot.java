package dev.parallax.models.download;

import dev.parallax.core.DownloadStatus;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * A download as a view shows it at one moment; immutable, so a listener may hand it to another thread.
 *
 * @param bytesPerSecond  over the last few seconds; 0 when not moving
 * @param eta             at the current speed, while running
 * @param modelName       the store's name for the model, once installed
 */
public record DownloadSnapshot(String id, String repo, String filePath, Path target, DownloadStatus status,
                               long bytesDone, long totalBytes, double bytesPerSecond, Optional<Duration> eta,
                               int connections, Optional<String> error, Optional<String> modelName,
                               Optional<String> groupId) {

    public DownloadSnapshot {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(repo, "repo");
        Objects.requireNonNull(filePath, "filePath");
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(eta, "eta");
        Objects.requireNonNull(error, "error");
        Objects.requireNonNull(modelName, "modelName");
        Objects.requireNonNull(groupId, "groupId");
    }

    /** Done as a fraction 0..1 (0 while the size is unknown): bind a progress bar to it. */
    public double fraction() {
        return totalBytes > 0 ? Math.min(1.0, bytesDone / (double) totalBytes) : 0;
    }

    public String fileName() {
        return filePath.substring(filePath.lastIndexOf('/') + 1);
    }
}
