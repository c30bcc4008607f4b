package dev.parallax.models.download;

import dev.parallax.core.DownloadStatus;
import dev.parallax.engine.local.gguf.GgufException;
import dev.parallax.engine.local.gguf.GgufReader;
import dev.parallax.history.DownloadRecord;
import dev.parallax.history.DownloadRecord.ByteRange;
import dev.parallax.models.hub.HubClient;
import dev.parallax.models.hub.HubException;
import dev.parallax.models.hub.RangeResponse;
import dev.parallax.models.hub.ResolvedFile;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Downloads one file: resolves it (pinned to the commit it first resolved to), checks the disk, fetches
 * its byte ranges over several connections (or one stream) into {@code <target>.incomplete}, hashes it in
 * order as it arrives, verifies the hash, validates the GGUF header and renames the file into place.
 * Progress goes to the journal (the database) as it is written; a kill at any moment loses at most the last
 * {@link DownloadOptions#persistInterval()} of bytes. A flusher thread writes the file back to the device every
 * {@link #FLUSH_EVERY} bytes, so the fsync before the rename is short; neither the connections nor the hasher
 * wait for the device.
 */
final class FileDownload {

    /** Where the download's state is kept between runs. */
    interface Journal {
        void resolved(ResolvedFile file);

        void replanned(List<ByteRange> ranges);

        void progress(List<ByteRange> changed, long done);
    }

    /** How it is going, a few times a second. */
    interface Progress {
        void update(DownloadStatus phase, long done, long total, double bytesPerSecond, int connections);
    }

    enum Stop { NONE, PAUSE, CANCEL }

    sealed interface Outcome {
        record Completed(Path file, String sha256, long size) implements Outcome {
        }

        record Stopped(Stop how) implements Outcome {
        }

        record Failed(String message) implements Outcome {
        }
    }

    /** A server answered a range request with the whole file. */
    private static final class RangesIgnored extends Exception {
        private static final long serialVersionUID = 1L;
    }

    /** Disk space margin kept free beyond the bytes still to come. */
    static final long DISK_MARGIN = 16L << 20;
    private static final long TICK_MILLIS = 250;
    private static final long SPEED_WINDOW_NANOS = 3_000_000_000L;

    private final HubClient hub;
    private final DownloadRecord record;
    private final Path target;
    private final Path part;
    private final DownloadOptions options;
    private final int connections;
    private final PartFile.Opener opener;
    private final DiskSpace disk;
    private final BandwidthLimiter limiter;
    private final ExecutorService threads;
    private final Journal journal;
    private final Progress progress;

    private volatile Stop stop = Stop.NONE;
    private volatile boolean abort;
    private final AtomicReference<String> failure = new AtomicReference<>();
    private volatile boolean singleStream;
    private final List<Worker> workers = new ArrayList<>();
    private volatile ResolvedFile file;
    private OrderedHasher hasher;
    private long lastResolveNanos;

    FileDownload(HubClient hub, DownloadRecord record, DownloadOptions options, int connections, PartFile.Opener opener,
                 DiskSpace disk, BandwidthLimiter limiter, ExecutorService threads, Journal journal, Progress progress) {
        this.hub = hub;
        this.record = record;
        this.target = record.target();
        this.part = target.resolveSibling(target.getFileName() + ".incomplete");
        this.options = options;
        this.connections = connections;
        this.opener = opener;
        this.disk = disk;
        this.limiter = limiter;
        this.threads = threads;
        this.journal = journal;
        this.progress = progress;
    }

    static Path partFile(Path target) {
        return target.resolveSibling(target.getFileName() + ".incomplete");
    }

    void requestStop(Stop how) {
        stop = how;
        closeResponses();
    }

    Outcome run() {
        try {
            return download();
        } catch (DownloadException e) {
            return new Outcome.Failed(e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Outcome.Stopped(Stop.PAUSE);
        }
    }

    private Outcome download() throws DownloadException, InterruptedException {
        long size = record.size();
        List<ByteRange> ranges = record.ranges();
        Optional<String> expectedSha = record.sha256();
        ResolvedFile resolved = resolve(record.commit().orElse(record.revision()));
        boolean changed = (size > 0 && resolved.size() != size)
                || (expectedSha.isPresent() && resolved.sha256().isPresent() && !expectedSha.equals(resolved.sha256()));
        if (resolved.size() < 0) {
            throw new DownloadException(record.filePath() + ": the Hub did not say how large the file is");
        }
        size = resolved.size();
        expectedSha = resolved.sha256().or(() -> record.sha256());
        file = resolved;
        journal.resolved(resolved);
        if (changed || ranges.isEmpty() || !RangePlan.covers(ranges, size)) {
            ranges = RangePlan.fresh(size, connections, options.chunkBytes());
            deletePart();
            journal.replanned(ranges);
        }
        RangePlan plan = RangePlan.of(ranges, size);
        try (PartFile out = open()) {
            plan.clampTo(out.size());
            if (plan.unfinished() < connections && plan.slotCount() > 0 && plan.size() - plan.done() > options.chunkBytes()) {
                // Resumed with more connections than ranges left: split what is left again.
                plan = RangePlan.of(RangePlan.resplit(plan.ranges(), options.chunkBytes()), size);
                journal.replanned(plan.ranges());
            }
            journal.progress(plan.takeChanged(), plan.done());
            checkDisk(size - plan.done());
            while (true) {
                Outcome outcome = fetch(plan, out);
                if (outcome != null) {
                    return outcome;
                }
                if (singleStream) {
                    // The server ignores ranges: start again from byte 0 in one stream.
                    singleStream = false;
                    out.truncate(0);
                    plan = RangePlan.of(RangePlan.fresh(size, 1, size), size);
                    journal.replanned(plan.ranges());
                    continue;
                }
                break;
            }
            return finish(plan, out, expectedSha);
        } catch (IOException e) {
            throw new DownloadException(ioMessage(e), e);
        }
    }

    /** Runs the connections and the hasher until the plan is complete (null) or the download ends otherwise. */
    private Outcome fetch(RangePlan plan, PartFile out) throws InterruptedException, DownloadException, IOException {
        abort = false;
        failure.set(null);
        OrderedHasher hasher = new OrderedHasher(out, plan);
        this.hasher = hasher;
        Future<?> hashing = threads.submit(hasher);
        int count = singleStreamPlan(plan) ? 1 : Math.max(1, Math.min(connections, plan.unfinished()));
        List<Future<?>> running = new ArrayList<>();
        CountDownLatch finished = new CountDownLatch(count);
        synchronized (workers) {
            workers.clear();
            for (int i = 0; i < count; i++) {
                Worker w = new Worker(plan, out, hasher, hashWindow(count));
                workers.add(w);
                running.add(threads.submit(() -> {
                    try {
                        w.run();
                    } finally {
                        finished.countDown();
                    }
                }));
            }
        }
        Flusher flusher = new Flusher(plan, out, finished);
        Future<?> flushing = threads.submit(flusher);
        Deque<long[]> samples = new ArrayDeque<>();
        long lastPersist = System.nanoTime();
        while (finished.getCount() > 0) {
            try {
                if (finished.await(Math.min(TICK_MILLIS, options.persistInterval().toMillis()), TimeUnit.MILLISECONDS)) {
                    break;
                }
            } catch (InterruptedException e) {
                requestStop(Stop.PAUSE);
                hasher.stop();
                journal.progress(plan.takeChanged(), plan.done());
                throw e;
            }
            long now = System.nanoTime();
            long done = plan.done();
            samples.addLast(new long[] {now, done});
            while (samples.size() > 2 && now - samples.peekFirst()[0] > SPEED_WINDOW_NANOS) {
                samples.removeFirst();
            }
            long[] first = samples.peekFirst();
            double speed = now > first[0] ? (done - first[1]) * 1e9 / (now - first[0]) : 0;
            progress.update(DownloadStatus.RUNNING, done, plan.size(), Math.max(0, speed), activeWorkers());
            if (now - lastPersist >= options.persistInterval().toNanos()) {
                journal.progress(plan.takeChanged(), done);
                lastPersist = now;
            }
            checkStalls(now);
        }
        flusher.awaitEnd();
        flushing.cancel(false);
        for (Future<?> f : running) {
            try {
                f.get();
            } catch (java.util.concurrent.ExecutionException e) {
                failure.compareAndSet(null, "a connection failed: " + e.getCause());
            }
        }
        journal.progress(plan.takeChanged(), plan.done());
        if (stop != Stop.NONE || failure.get() != null || singleStream) {
            hasher.stop();
            hasher.awaitStopped();
            hashing.cancel(false);
            if (stop != Stop.NONE) {
                return new Outcome.Stopped(stop);
            }
            if (singleStream) {
                return null;
            }
            return new Outcome.Failed(failure.get());
        }
        if (!plan.complete()) {
            hasher.stop();
            return new Outcome.Failed("the download ended with " + (plan.size() - plan.done()) + " bytes missing");
        }
        return null;
    }

    /**
     * How far a connection may write past the hashed bytes: room for every connection's range (they are claimed
     * in file order, so the last one starts that far ahead of the first), and never less than 64 MiB.
     */
    private long hashWindow(int connectionCount) {
        return Math.max(64L << 20, connectionCount * options.chunkBytes());
    }

    /** Bytes written between two flushes of the part file to the device. */
    static final long FLUSH_EVERY = 256L << 20;

    /**
     * Writes the part file back to the device behind the connections, every {@link #FLUSH_EVERY} bytes, on a
     * thread of its own: the device works while the transfer goes on, and the fsync before the rename only has
     * the last stretch to do. (The hasher used to do this itself and waited for the device each time.)
     */
    private final class Flusher implements Runnable {
        private final RangePlan plan;
        private final PartFile out;
        private final CountDownLatch connectionsDone;
        private final CountDownLatch ended = new CountDownLatch(1);

        Flusher(RangePlan plan, PartFile out, CountDownLatch connectionsDone) {
            this.plan = plan;
            this.out = out;
            this.connectionsDone = connectionsDone;
        }

        @Override
        public void run() {
            long flushed = plan.done();
            try {
                while (!connectionsDone.await(TICK_MILLIS, TimeUnit.MILLISECONDS)) {
                    long done = plan.done();
                    if (done - flushed >= FLUSH_EVERY) {
                        out.force();
                        flushed = done;
                    }
                }
            } catch (IOException e) {
                fail("cannot write the downloaded bytes to " + part.getParent() + ": " + ioMessage(e));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                ended.countDown();
            }
        }

        void awaitEnd() throws InterruptedException {
            ended.await();
        }
    }

    private Outcome finish(RangePlan plan, PartFile out, Optional<String> expectedSha)
            throws InterruptedException, IOException, DownloadException {
        progress.update(DownloadStatus.VERIFYING, plan.done(), plan.size(), 0, 0);
        String sha = hasher.await();
        if (expectedSha.isPresent() && !expectedSha.get().equalsIgnoreCase(sha)) {
            out.close();
            deletePart();
            journal.replanned(RangePlan.fresh(plan.size(), connections, options.chunkBytes()));
            return new Outcome.Failed("the downloaded " + target.getFileName() + " does not match the sha256 the Hub"
                    + " published (expected " + expectedSha.get() + ", got " + sha + "): it was damaged on the way and"
                    + " has been deleted; run the pull again to download it anew");
        }
        out.force();
        out.close();
        try {
            GgufReader.read(part);
        } catch (GgufException e) {
            deletePart();
            journal.replanned(RangePlan.fresh(plan.size(), connections, options.chunkBytes()));
            return new Outcome.Failed(target.getFileName() + " was downloaded but is not a valid GGUF model ("
                    + e.getMessage() + "); it has been deleted");
        }
        try {
            Files.move(part, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(part, target, StandardCopyOption.REPLACE_EXISTING);
        }
        return new Outcome.Completed(target, sha, plan.size());
    }

    private boolean singleStreamPlan(RangePlan plan) {
        return plan.slotCount() == 1;
    }

    private int activeWorkers() {
        synchronized (workers) {
            return (int) workers.stream().filter(w -> w.response != null).count();
        }
    }

    private void checkStalls(long now) {
        synchronized (workers) {
            for (Worker w : workers) {
                if (w.busy && now - w.lastProgressNanos > options.stallTimeout().toNanos()) {
                    w.lastProgressNanos = now;
                    w.interruptStalled();
                }
            }
        }
    }

    private void closeResponses() {
        synchronized (workers) {
            for (Worker w : workers) {
                w.closeResponse();
            }
        }
    }

    private void fail(String message) {
        failure.compareAndSet(null, message);
        abort = true;
        closeResponses();
    }

    private boolean stopping() {
        return stop != Stop.NONE || abort;
    }

    /** Resolves the file again, at most every few seconds (a CDN link expired, or the file changed). */
    private synchronized ResolvedFile refresh(ResolvedFile seen) throws HubException, DownloadException {
        if (file != seen || System.nanoTime() - lastResolveNanos < 2_000_000_000L) {
            return file;
        }
        ResolvedFile fresh = resolve(record.commit().orElse(file.commit().orElse(record.revision())));
        if (fresh.size() != file.size() || !fresh.sha256().equals(file.sha256())) {
            throw new DownloadException(record.filePath() + " changed on the Hub during the download; run the pull again");
        }
        file = fresh;
        return fresh;
    }

    private ResolvedFile resolve(String revision) throws DownloadException {
        try {
            lastResolveNanos = System.nanoTime();
            return hub.resolve(record.repo(), revision, record.filePath());
        } catch (HubException e) {
            throw new DownloadException(e.getMessage(), e);
        }
    }

    private PartFile open() throws DownloadException {
        try {
            return opener.open(part);
        } catch (IOException e) {
            throw new DownloadException("cannot write " + part + ": " + ioMessage(e), e);
        }
    }

    private void checkDisk(long remaining) throws DownloadException {
        try {
            long usable = disk.usableBytes(part.getParent());
            if (usable < remaining + DISK_MARGIN) {
                throw new DownloadException(String.format(Locale.ROOT, "not enough disk space in %s: %s still to"
                        + " download, %s free; free some space and run the pull again", part.getParent(),
                        bytes(remaining), bytes(usable)));
            }
        } catch (IOException e) {
            throw new DownloadException("cannot tell the free space in " + part.getParent() + ": " + ioMessage(e), e);
        }
    }

    private void deletePart() throws DownloadException {
        try {
            Files.deleteIfExists(part);
        } catch (IOException e) {
            throw new DownloadException("cannot delete " + part + ": " + ioMessage(e), e);
        }
    }

    static boolean diskFull(IOException e) {
        String m = e.getMessage();
        if (e instanceof FileSystemException fse && fse.getReason() != null) {
            m = fse.getReason();
        }
        return m != null && (m.contains("No space left") || m.contains("not enough space") || m.contains("Disk quota"));
    }

    private String ioMessage(IOException e) {
        if (diskFull(e)) {
            return "the disk is full: free some space in " + part.getParent() + " and run the pull again; it"
                    + " continues where it stopped";
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    static String bytes(long n) {
        if (n >= 1L << 30) return String.format(Locale.ROOT, "%.1f GiB", n / (double) (1L << 30));
        if (n >= 1L << 20) return String.format(Locale.ROOT, "%.1f MiB", n / (double) (1L << 20));
        if (n >= 1L << 10) return String.format(Locale.ROOT, "%.1f KiB", n / (double) (1L << 10));
        return n + " B";
    }

    /** One connection: claims ranges in order and streams each into the part file through a fixed buffer. */
    private final class Worker implements Runnable {
        private final RangePlan plan;
        private final PartFile out;
        private final OrderedHasher hashing;
        private final long hashWindow;
        private final byte[] buffer = new byte[options.bufferBytes()];
        private final ByteBuffer wrapped = ByteBuffer.wrap(buffer);
        volatile RangeResponse response;
        volatile boolean busy;
        volatile long lastProgressNanos = System.nanoTime();

        Worker(RangePlan plan, PartFile out, OrderedHasher hashing, long hashWindow) {
            this.plan = plan;
            this.out = out;
            this.hashing = hashing;
            this.hashWindow = hashWindow;
        }

        @Override
        public void run() {
            int failures = 0;
            try {
                while (!stopping()) {
                    RangePlan.Slot slot = plan.claim();
                    if (slot == null) {
                        return;
                    }
                    long before = slot.done.get();
                    try {
                        fetch(slot);
                        failures = 0;
                    } catch (RangesIgnored e) {
                        singleStream = true;
                        abort = true;
                        closeResponses();
                        return;
                    } catch (HubException e) {
                        if (stopping()) {
                            return;
                        }
                        if (e.kind() == HubException.Kind.LINK_EXPIRED) {
                            refreshQuietly();
                        } else if (!e.transientFailure() || ++failures > options.maxRetries()) {
                            fail(e.getMessage());
                            return;
                        }
                        backoff(failures);
                    } catch (IOException e) {
                        if (stopping()) {
                            return;
                        }
                        if (diskFull(e)) {
                            fail(ioMessage(e));
                            return;
                        }
                        failures = slot.done.get() > before ? 1 : failures + 1;
                        if (failures > options.maxRetries()) {
                            fail("the connection to " + file.downloadUri().getHost() + " keeps failing ("
                                    + ioMessage(e) + "); run the pull again to continue");
                            return;
                        }
                        backoff(failures);
                    } catch (DownloadException e) {
                        fail(e.getMessage());
                        return;
                    } finally {
                        plan.release(slot);
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        private void refreshQuietly() {
            try {
                refresh(file);
            } catch (HubException | DownloadException e) {
                fail(e.getMessage());
            }
        }

        private void backoff(int failures) throws InterruptedException {
            long millis = options.retryBackoff().toMillis() << Math.min(6, Math.max(0, failures - 1));
            Thread.sleep(millis);
        }

        private void fetch(RangePlan.Slot slot) throws IOException, HubException, RangesIgnored, InterruptedException,
                DownloadException {
            long from = slot.start + slot.done.get();
            if (from >= slot.end) {
                return;
            }
            busy = true;
            lastProgressNanos = System.nanoTime();
            try (RangeResponse r = hub.openRange(file, from, slot.end, Optional.empty())) {
                response = r;
                if (stopping()) {
                    return;
                }
                if (!r.partial() && !(from == 0 && slot.end == plan.size())) {
                    throw new RangesIgnored();
                }
                if (r.total() >= 0 && r.total() != plan.size()) {
                    throw new DownloadException(record.filePath() + " is " + r.total() + " bytes on the server now,"
                            + " not " + plan.size() + "; run the pull again to start over");
                }
                InputStream in = r.body();
                long position = from;
                while (position < slot.end) {
                    int want = (int) Math.min(buffer.length, slot.end - position);
                    int n = 0;
                    IOException cut = null;
                    try {
                        while (n < want) {
                            int k = in.read(buffer, n, want - n);
                            if (k < 0) {
                                break;
                            }
                            n += k;
                        }
                    } catch (IOException e) {
                        // Keep what arrived before the failure: the retry starts after it.
                        cut = e;
                    }
                    if (n > 0) {
                        wrapped.clear().limit(n);
                        out.write(wrapped, position);
                        position += n;
                        slot.done.addAndGet(n);
                        lastProgressNanos = System.nanoTime();
                        limiter.acquire(n);
                        if (hashing.awaitWithin(position, hashWindow, FileDownload.this::stopping)) {
                            lastProgressNanos = System.nanoTime();
                        }
                    }
                    if (stopping()) {
                        return;
                    }
                    if (cut != null) {
                        throw cut;
                    }
                    if (n < want) {
                        throw new IOException("the connection closed after byte " + position + " of " + slot.end);
                    }
                }
            } finally {
                response = null;
                busy = false;
            }
        }

        void closeResponse() {
            RangeResponse r = response;
            if (r != null) {
                r.abortConnection();
            }
        }

        /**
         * A silent connection: drop it, so the range is tried again. (Waiting for an answer is bounded by the
         * connection's own connect and read timeouts.)
         */
        void interruptStalled() {
            closeResponse();
        }
    }

    /** For toString in logs and messages: never the signed link. */
    @Override
    public String toString() {
        return "FileDownload[" + record.repo() + "/" + record.filePath() + "]";
    }

}
