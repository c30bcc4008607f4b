package dev.parallax.models.download;

import java.time.Duration;

/**
 * How downloads run.
 *
 * @param connections       parallel range requests per file (1: one stream)
 * @param chunkBytes        the size of the byte ranges handed to connections, in order
 * @param maxConcurrent     files downloading at once; the rest wait in the queue
 * @param stallTimeout      a connection that brings no byte for this long is dropped and retried
 * @param maxRetries        consecutive failures of one connection, without progress, before the download fails
 * @param retryBackoff      the first wait before a retry; it doubles each time
 * @param persistInterval   how often progress is written to the database (what a kill -9 can lose)
 * @param bufferBytes       per connection: a fixed buffer, so memory stays flat whatever the file size
 */
public record DownloadOptions(int connections, long chunkBytes, int maxConcurrent, Duration stallTimeout,
                              int maxRetries, Duration retryBackoff, Duration persistInterval, int bufferBytes) {

    public static final int DEFAULT_CONNECTIONS = 4;
    public static final int MAX_CONNECTIONS = 16;

    public DownloadOptions {
        if (connections < 1 || connections > MAX_CONNECTIONS) {
            throw new IllegalArgumentException("connections must be 1 to " + MAX_CONNECTIONS + ", not " + connections);
        }
        if (chunkBytes < 1 || maxConcurrent < 1 || maxRetries < 0 || bufferBytes < 4096) {
            throw new IllegalArgumentException("bad download options");
        }
    }

    public static DownloadOptions defaults() {
        return new DownloadOptions(DEFAULT_CONNECTIONS, 32L << 20, 1, Duration.ofSeconds(30), 5,
                Duration.ofSeconds(1), Duration.ofMillis(100), 256 * 1024);
    }

    public DownloadOptions withConnections(int n) {
        return new DownloadOptions(n, chunkBytes, maxConcurrent, stallTimeout, maxRetries, retryBackoff,
                persistInterval, bufferBytes);
    }

    public DownloadOptions withChunkBytes(long n) {
        return new DownloadOptions(connections, n, maxConcurrent, stallTimeout, maxRetries, retryBackoff,
                persistInterval, bufferBytes);
    }

    public DownloadOptions withRetryBackoff(Duration d) {
        return new DownloadOptions(connections, chunkBytes, maxConcurrent, stallTimeout, maxRetries, d,
                persistInterval, bufferBytes);
    }

    public DownloadOptions withPersistInterval(Duration d) {
        return new DownloadOptions(connections, chunkBytes, maxConcurrent, stallTimeout, maxRetries, retryBackoff,
                d, bufferBytes);
    }

    public DownloadOptions withStallTimeout(Duration d) {
        return new DownloadOptions(connections, chunkBytes, maxConcurrent, d, maxRetries, retryBackoff,
                persistInterval, bufferBytes);
    }
}
