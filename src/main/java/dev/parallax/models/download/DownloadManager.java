package dev.parallax.models.download;

import dev.parallax.core.DownloadStatus;
import dev.parallax.history.DownloadRecord;
import dev.parallax.history.DownloadRepository;
import dev.parallax.models.LocalModel;
import dev.parallax.models.ModelStore;
import dev.parallax.models.ModelStoreException;
import dev.parallax.models.hub.HubClient;
import dev.parallax.models.hub.ModelFileGroup;
import dev.parallax.models.hub.RepoFile;
import dev.parallax.models.hub.ResolvedFile;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The download queue: files wait their turn ({@link DownloadOptions#maxConcurrent()} at a time), can be
 * paused, resumed and cancelled, survive a restart (their state is in the database), and land in the model
 * store, verified, under {@code models/<publisher>/<repo>/<file>}. Listeners get a {@link DownloadSnapshot}
 * at every change: a view-model turns them into properties on its own thread.
 */
public final class DownloadManager implements AutoCloseable {

    private final HubClient hub;
    private final DownloadRepository repository;
    private final ModelStore store;
    private final DownloadOptions options;
    private final PartFile.Opener opener;
    private final DiskSpace disk;
    private final Clock clock;
    private final BandwidthLimiter limiter = new BandwidthLimiter();
    private final ExecutorService threads;
    private final List<DownloadListener> listeners = new CopyOnWriteArrayList<>();
    private final Map<String, Active> active = new LinkedHashMap<>();
    private final Deque<String> queue = new ArrayDeque<>();
    private final Map<String, DownloadSnapshot> latest = new LinkedHashMap<>();
    private boolean closed;

    /** A download that is running or waiting. */
    private static final class Active {
        final int connections;
        volatile FileDownload download;
        volatile FileDownload.Stop stopRequested = FileDownload.Stop.NONE;

        Active(int connections) {
            this.connections = connections;
        }
    }

    public DownloadManager(HubClient hub, DownloadRepository repository, ModelStore store, DownloadOptions options,
                           PartFile.Opener opener, DiskSpace disk, Clock clock) {
        this.hub = hub;
        this.repository = repository;
        this.store = store;
        this.options = options;
        this.opener = opener;
        this.disk = disk;
        this.clock = clock;
        AtomicInteger n = new AtomicInteger();
        ThreadFactory daemons = r -> {
            Thread t = new Thread(r, "download-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
        this.threads = Executors.newCachedThreadPool(daemons);
    }

    public DownloadManager(HubClient hub, DownloadRepository repository, ModelStore store, DownloadOptions options) {
        this(hub, repository, store, options, PartFile.Opener.files(), DiskSpace.real(), Clock.systemUTC());
    }

    public DownloadOptions options() {
        return options;
    }

    /** At start-up: downloads that were running when Parallax stopped become interrupted (resumable). */
    public int restore() {
        return repository.markInterrupted();
    }

    /** Caps the speed of all downloads together; 0 lifts the cap. */
    public void setBandwidthLimit(long bytesPerSecond) {
        limiter.setBytesPerSecond(bytesPerSecond);
    }

    public long bandwidthLimit() {
        return limiter.bytesPerSecond();
    }

    public Runnable subscribe(DownloadListener listener) {
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }

    /** Where a repository's file goes in the store: {@code models/<publisher>/<repo>/<file name>}. */
    public Path targetFor(String repo, String filePath) {
        HubClient.checkRepo(repo);
        int slash = repo.indexOf('/');
        String fileName = filePath.substring(filePath.lastIndexOf('/') + 1);
        if (fileName.isBlank() || fileName.equals(".") || fileName.equals("..") || fileName.contains("\\")
                || fileName.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("'" + filePath + "' is not a file name Parallax can store");
        }
        Path target = store.root().resolve(repo.substring(0, slash)).resolve(repo.substring(slash + 1)).resolve(fileName)
                .normalize();
        if (!target.startsWith(store.root())) {
            throw new IllegalArgumentException("'" + repo + "/" + filePath + "' would land outside the model store");
        }
        return target;
    }

    /**
     * Queues a file, or continues the earlier download of the same file of the same repository where it
     * stopped (paused, interrupted, failed). A file already downloaded and still in place is not fetched again.
     */
    public synchronized DownloadSnapshot enqueue(DownloadRequest request) {
        ensureOpen();
        Optional<DownloadRecord> earlier = repository.latest(request.repo(), request.filePath());
        String id;
        if (earlier.isPresent() && earlier.get().status() == DownloadStatus.COMPLETED
                && Files.isRegularFile(earlier.get().target())) {
            return snapshot(earlier.get());
        }
        if (earlier.isPresent() && active.containsKey(earlier.get().id())) {
            return latest.getOrDefault(earlier.get().id(), snapshot(earlier.get()));
        }
        if (earlier.isPresent() && earlier.get().status().isResumable()) {
            id = earlier.get().id();
            repository.updateStatus(id, DownloadStatus.QUEUED, Optional.empty());
        } else {
            id = UUID.randomUUID().toString();
            Path target = targetFor(request.repo(), request.filePath());
            String url = hub.settings().endpoint() + "/" + request.repo() + "/resolve/" + request.revision() + "/"
                    + request.filePath();
            DownloadRecord record = new DownloadRecord(id, clock.instant(), clock.instant(), request.repo(),
                    request.revision(), Optional.empty(), request.filePath(), url, target, request.expectedSize(),
                    request.expectedSha256(), Optional.empty(), request.connections(), DownloadStatus.QUEUED, 0,
                    Optional.empty(), Optional.empty(), request.groupId(), List.of());
            repository.insert(record);
        }
        active.put(id, new Active(request.connections()));
        queue.addLast(id);
        DownloadSnapshot s = snapshot(repository.find(id).orElseThrow());
        // A resumed download's last live snapshot (paused, failed) must not stand for it while it waits.
        latest.put(id, s);
        publish(s);
        startNext();
        return s;
    }

    /** Queues every part of a model (one file, or all parts of a split one) under one group. */
    public synchronized List<DownloadSnapshot> enqueueModel(String repo, String revision, ModelFileGroup model,
                                                             int connections) {
        Optional<String> group = model.parts().size() > 1
                ? Optional.of(UUID.nameUUIDFromBytes((repo + "\n" + model.name()).getBytes(java.nio.charset.StandardCharsets.UTF_8)).toString())
                : Optional.empty();
        List<DownloadSnapshot> out = new ArrayList<>();
        for (RepoFile part : model.parts()) {
            out.add(enqueue(new DownloadRequest(repo, revision, part.path(), part.size(), part.sha256(), connections, group)));
        }
        return out;
    }

    /** Stops a running or waiting download; its progress is kept and {@link #resume} continues it. */
    public synchronized void pause(String id) {
        stop(id, FileDownload.Stop.PAUSE);
    }

    /** Stops a download and deletes what it had fetched. */
    public synchronized void cancel(String id) {
        if (!active.containsKey(id)) {
            repository.find(id).ifPresent(r -> {
                if (r.status() != DownloadStatus.COMPLETED) {
                    deleteQuietly(FileDownload.partFile(r.target()));
                    repository.updateStatus(id, DownloadStatus.CANCELLED, Optional.empty());
                    publish(snapshot(repository.find(id).orElseThrow()));
                }
            });
            return;
        }
        stop(id, FileDownload.Stop.CANCEL);
    }

    /** Continues a paused, interrupted or failed download. */
    public synchronized DownloadSnapshot resume(String id) {
        DownloadRecord r = repository.find(id).orElseThrow(() -> new IllegalArgumentException("no download " + id));
        return enqueue(new DownloadRequest(r.repo(), r.revision(), r.filePath(), r.size(), r.sha256(), r.connections(),
                r.groupId()));
    }

    /** The newest downloads, live ones with their current speed. */
    public synchronized List<DownloadSnapshot> downloads(int limit) {
        List<DownloadSnapshot> out = new ArrayList<>();
        for (DownloadRecord r : repository.recent(limit)) {
            DownloadSnapshot live = latest.get(r.id());
            out.add(live != null && active.containsKey(r.id()) ? live : snapshot(r));
        }
        return out;
    }

    public synchronized Optional<DownloadSnapshot> get(String id) {
        DownloadSnapshot live = latest.get(id);
        return live != null && active.containsKey(id) ? Optional.of(live) : repository.find(id).map(this::snapshot);
    }

    /** Blocks until the download is no longer running or queued. */
    public DownloadSnapshot await(String id) throws InterruptedException {
        synchronized (this) {
            while (active.containsKey(id)) {
                wait();
            }
        }
        return get(id).orElseThrow();
    }

    /** The model a finished download (or split group) installed, by store name. */
    public Optional<LocalModel> installedModel(String id) throws ModelStoreException {
        Optional<DownloadRecord> r = repository.find(id);
        if (r.isEmpty() || r.get().modelName().isEmpty()) {
            return Optional.empty();
        }
        return store.find(r.get().modelName().get());
    }

    private void stop(String id, FileDownload.Stop how) {
        Active a = active.get(id);
        if (a == null) {
            return;
        }
        a.stopRequested = how;
        if (queue.remove(id)) {
            active.remove(id);
            if (how == FileDownload.Stop.CANCEL) {
                repository.find(id).ifPresent(r -> deleteQuietly(FileDownload.partFile(r.target())));
            }
            repository.updateStatus(id, how == FileDownload.Stop.CANCEL ? DownloadStatus.CANCELLED : DownloadStatus.PAUSED,
                    Optional.empty());
            publish(snapshot(repository.find(id).orElseThrow()));
            notifyAll();
            return;
        }
        FileDownload d = a.download;
        if (d != null) {
            d.requestStop(how);
        }
    }

    private void startNext() {
        int slots = options.maxConcurrent() - (int) (active.size() - queue.size());
        while (slots-- > 0 && !queue.isEmpty() && !closed) {
            String id = queue.pollFirst();
            Active a = active.get(id);
            DownloadRecord record = repository.find(id).orElseThrow();
            repository.updateStatus(id, DownloadStatus.RUNNING, Optional.empty());
            FileDownload download = new FileDownload(hub, record, options, a.connections, opener, disk, limiter, threads,
                    journal(id), (phase, done, total, speed, conns) -> progress(id, phase, done, total, speed, conns));
            a.download = download;
            if (a.stopRequested != FileDownload.Stop.NONE) {
                download.requestStop(a.stopRequested);
            }
            threads.submit(() -> runDownload(id, download));
        }
    }

    private void runDownload(String id, FileDownload download) {
        FileDownload.Outcome outcome = download.run();
        DownloadStatus status;
        Optional<String> error = Optional.empty();
        if (outcome instanceof FileDownload.Outcome.Completed done) {
            status = DownloadStatus.COMPLETED;
            try {
                install(id, done);
            } catch (ModelStoreException | RuntimeException e) {
                status = DownloadStatus.FAILED;
                error = Optional.of("downloaded and verified, but could not be added to the model store: " + e.getMessage());
            }
        } else if (outcome instanceof FileDownload.Outcome.Stopped stopped) {
            status = stopped.how() == FileDownload.Stop.CANCEL ? DownloadStatus.CANCELLED : DownloadStatus.PAUSED;
            if (status == DownloadStatus.CANCELLED) {
                repository.find(id).ifPresent(r -> deleteQuietly(FileDownload.partFile(r.target())));
            }
        } else {
            status = DownloadStatus.FAILED;
            error = Optional.of(((FileDownload.Outcome.Failed) outcome).message());
        }
        synchronized (this) {
            if (status != DownloadStatus.COMPLETED) {
                repository.updateStatus(id, status, error);
            }
            active.remove(id);
            DownloadSnapshot s = snapshot(repository.find(id).orElseThrow());
            latest.put(id, s);
            publish(s);
            notifyAll();
            startNext();
        }
    }

    /** Registers a finished file; for a split model, the first part once every part is in. */
    private void install(String id, FileDownload.Outcome.Completed done) throws ModelStoreException {
        DownloadRecord record = repository.find(id).orElseThrow();
        if (record.groupId().isEmpty()) {
            LocalModel model = store.register(done.file(), done.sha256());
            repository.complete(id, model.name());
            return;
        }
        repository.complete(id, "");
        List<DownloadRecord> parts = new ArrayList<>(repository.inGroup(record.groupId().get()));
        if (parts.stream().allMatch(p -> p.status() == DownloadStatus.COMPLETED)) {
            parts.sort(Comparator.comparing(DownloadRecord::filePath));
            DownloadRecord first = parts.get(0);
            String sha = first.id().equals(id) ? done.sha256() : first.sha256().orElse("");
            LocalModel model = store.register(first.target(), sha);
            for (DownloadRecord p : parts) {
                repository.complete(p.id(), model.name());
            }
        }
    }

    private FileDownload.Journal journal(String id) {
        return new FileDownload.Journal() {
            @Override
            public void resolved(ResolvedFile file) {
                repository.updateResolved(id, file.commit(), file.sha256(), file.etag(), file.size());
            }

            @Override
            public void replanned(List<DownloadRecord.ByteRange> ranges) {
                repository.replaceRanges(id, ranges);
            }

            @Override
            public void progress(List<DownloadRecord.ByteRange> changed, long done) {
                if (!changed.isEmpty()) {
                    repository.saveProgress(id, changed, done);
                }
            }
        };
    }

    private void progress(String id, DownloadStatus phase, long done, long total, double speed, int connections) {
        DownloadSnapshot previous;
        synchronized (this) {
            previous = latest.get(id);
        }
        DownloadRecord base = null;
        if (previous == null) {
            base = repository.find(id).orElseThrow();
        }
        Optional<Duration> eta = speed > 0 && total > done
                ? Optional.of(Duration.ofMillis((long) ((total - done) * 1000 / speed))) : Optional.empty();
        DownloadSnapshot s = previous != null
                ? new DownloadSnapshot(id, previous.repo(), previous.filePath(), previous.target(), phase, done, total,
                        speed, eta, connections, Optional.empty(), Optional.empty(), previous.groupId())
                : new DownloadSnapshot(id, base.repo(), base.filePath(), base.target(), phase, done, total, speed, eta,
                        connections, Optional.empty(), Optional.empty(), base.groupId());
        synchronized (this) {
            latest.put(id, s);
        }
        publish(s);
    }

    private DownloadSnapshot snapshot(DownloadRecord r) {
        return new DownloadSnapshot(r.id(), r.repo(), r.filePath(), r.target(), r.status(), r.bytesDone(), r.size(), 0,
                Optional.empty(), r.connections(), r.error(), r.modelName().filter(n -> !n.isBlank()), r.groupId());
    }

    private void publish(DownloadSnapshot s) {
        for (DownloadListener l : listeners) {
            try {
                l.changed(s);
            } catch (RuntimeException e) {
                // A listener's own bug must not stop the download; it sees the next snapshot.
            }
        }
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("the download manager is closed");
        }
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // The part file stays; a later download of the same file starts it over.
        }
    }

    /** Pauses every running download (their progress is saved) and waits for them to stop. */
    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            for (String id : new ArrayList<>(active.keySet())) {
                stop(id, FileDownload.Stop.PAUSE);
            }
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (!active.isEmpty() && System.nanoTime() < deadline) {
                try {
                    wait(200);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
        }
        threads.shutdownNow();
    }
}
