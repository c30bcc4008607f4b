package dev.parallax.models.download;

/**
 * Told of every change of a download: a few times a second while bytes flow, and at each status change.
 * Called on a download thread: a UI hands the snapshot to its own thread (batched), never blocks here.
 */
@FunctionalInterface
public interface DownloadListener {

    void changed(DownloadSnapshot snapshot);
}
