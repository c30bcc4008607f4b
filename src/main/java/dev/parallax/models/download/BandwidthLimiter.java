package dev.parallax.models.download;

/**
 * A shared cap on download speed across every connection: each chunk of bytes reserves its slot in
 * time and waits for it. Zero means no cap.
 */
public final class BandwidthLimiter {

    private long bytesPerSecond;
    private long nextFreeNanos;

    public synchronized void setBytesPerSecond(long rate) {
        this.bytesPerSecond = Math.max(0, rate);
        this.nextFreeNanos = System.nanoTime();
    }

    public synchronized long bytesPerSecond() {
        return bytesPerSecond;
    }

    /** Waits until {@code bytes} more may go through. */
    public void acquire(long bytes) throws InterruptedException {
        long wait;
        synchronized (this) {
            if (bytesPerSecond <= 0) {
                return;
            }
            long now = System.nanoTime();
            long start = Math.max(now, nextFreeNanos);
            nextFreeNanos = start + bytes * 1_000_000_000L / bytesPerSecond;
            wait = start - now;
        }
        if (wait > 0) {
            Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
        }
    }
}
