package dev.parallax.models.download;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * SHA-256 of a file being written out of order, computed in order: it reads back (from the page cache)
 * the bytes behind the download's contiguous frontier while the connections write ahead of it, on its
 * own thread. It never waits for the device: flushing is the checkpoints' job. After a restart it first
 * re-reads what was already on disk, since a digest's state cannot be saved.
 */
final class OrderedHasher implements Runnable {

    /** Read back and hashed a piece at a time: a piece small enough to stay in the CPU's cache between the two. */
    private static final int BUFFER = 1 << 20;

    private final PartFile file;
    private final RangePlan plan;
    private final MessageDigest digest = sha256();
    private volatile long hashed;
    private volatile boolean stopped;
    private volatile Throwable failure;
    private boolean finished;
    private final Object progress = new Object();
    /** Where the bytes already on disk when this hasher started end: re-hashing them holds no connection back. */
    private final long resumedAt;

    OrderedHasher(PartFile file, RangePlan plan) {
        this.file = file;
        this.plan = plan;
        this.resumedAt = plan.frontier();
    }

    @Override
    public void run() {
        ByteBuffer buffer = ByteBuffer.allocate(BUFFER);
        long size = plan.size();
        try {
            while (hashed < size && !stopped) {
                long frontier = plan.frontier();
                if (frontier <= hashed) {
                    Thread.sleep(2);
                    continue;
                }
                buffer.clear().limit((int) Math.min(BUFFER, frontier - hashed));
                int n = file.read(buffer, hashed);
                if (n < 0) {
                    throw new IOException("the part file is shorter than the bytes written to it");
                }
                digest.update(buffer.array(), 0, n);
                hashed += n;
                synchronized (progress) {
                    progress.notifyAll();
                }
            }
        } catch (IOException | RuntimeException e) {
            failure = e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            synchronized (this) {
                finished = true;
                notifyAll();
            }
        }
    }

    long hashed() {
        return hashed;
    }

    /**
     * Holds a connection that has written more than {@code window} bytes past what is hashed until the hasher
     * catches up (or stops). On a link faster than the hash (loopback, a LAN), connections would otherwise take
     * the CPU from the hasher, and the whole file would wait for it at the end; with this, transfer and hash
     * share the cores and end together. On a slower link the hasher is always ahead and nothing waits.
     *
     * @param position where the connection writes next
     * @param giveUp    checked while waiting: the download is stopping (pause, cancel, another connection failed),
     *                  and the connections that fill the gap before this one may have stopped already
     * @return whether it waited
     */
    boolean awaitWithin(long position, long window, java.util.function.BooleanSupplier giveUp) throws InterruptedException {
        if (position - hashed <= window || hashed < resumedAt) {
            return false;
        }
        synchronized (progress) {
            while (position - hashed > window && hashed >= resumedAt && !stopped && !finishedQuietly()
                    && !giveUp.getAsBoolean()) {
                progress.wait(20);
            }
        }
        return true;
    }

    private synchronized boolean finishedQuietly() {
        return finished;
    }

    void stop() {
        stopped = true;
    }

    /** Waits until every byte is hashed; the hex digest. */
    String await() throws InterruptedException, IOException {
        synchronized (this) {
            while (!finished) {
                wait();
            }
        }
        if (failure != null) {
            throw new IOException("hashing the downloaded file failed: " + failure.getMessage(), failure);
        }
        if (hashed < plan.size()) {
            throw new IOException("hashing stopped at byte " + hashed + " of " + plan.size());
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    /** Waits for the thread to end after {@link #stop()}. */
    void awaitStopped() throws InterruptedException {
        synchronized (this) {
            while (!finished) {
                wait();
            }
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }
}
