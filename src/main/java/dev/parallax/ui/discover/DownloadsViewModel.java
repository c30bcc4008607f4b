package dev.parallax.ui.discover;

import dev.parallax.core.DownloadStatus;
import dev.parallax.models.download.DownloadManager;
import dev.parallax.models.download.DownloadSnapshot;
import dev.parallax.ui.base.BackgroundTask;
import dev.parallax.ui.base.DialogService;
import dev.parallax.ui.base.Formats;
import dev.parallax.ui.base.TaskExecutor;
import dev.parallax.ui.base.UiThread;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyIntegerWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The Downloads panel: every download with progress, speed, ETA, state and checksum state; pause,
 * resume, cancel and retry. The download queue reports on its own threads several times a second per
 * file; those reports are coalesced (the latest per download) and applied in one pass on the UI thread.
 * Downloads cut off when Parallax last stopped are listed as interrupted and resume where they stopped.
 */
public final class DownloadsViewModel {

    /** A download as the panel shows it. */
    public record DownloadRow(DownloadSnapshot snapshot) {

        public String id() {
            return snapshot.id();
        }

        public DownloadStatus status() {
            return snapshot.status();
        }

        public String name() {
            return snapshot.fileName();
        }

        public String repo() {
            return snapshot.repo();
        }

        public double progress() {
            return snapshot.totalBytes() > 0 ? snapshot.fraction() : -1;
        }

        /** "312.0 MiB of 1.0 GiB". */
        public String amount() {
            return snapshot.totalBytes() > 0 ? Formats.bytes(snapshot.bytesDone()) + " of " + Formats.bytes(snapshot.totalBytes())
                    : Formats.bytes(snapshot.bytesDone());
        }

        public String speed() {
            return snapshot.status() == DownloadStatus.RUNNING && snapshot.bytesPerSecond() > 0
                    ? Formats.bytes((long) snapshot.bytesPerSecond()) + "/s" : Formats.NONE;
        }

        public String eta() {
            return snapshot.status() == DownloadStatus.RUNNING
                    ? snapshot.eta().map(d -> Formats.millis(d.toMillis())).orElse(Formats.NONE) : Formats.NONE;
        }

        public String state() {
            return switch (snapshot.status()) {
                case QUEUED -> "waiting";
                case RUNNING -> "downloading";
                case PAUSED -> "paused";
                case INTERRUPTED -> "interrupted: resume to continue";
                case VERIFYING -> "verifying";
                case COMPLETED -> "installed";
                case FAILED -> "failed";
                case CANCELLED -> "cancelled";
            };
        }

        /** Where the SHA-256 check stands. */
        public String checksum() {
            return switch (snapshot.status()) {
                case RUNNING -> "hashing as it arrives";
                case QUEUED, PAUSED, INTERRUPTED -> "pending";
                case VERIFYING -> "checking sha256…";
                case COMPLETED -> "sha256 verified";
                case FAILED -> checksumFailed() ? "sha256 mismatch: deleted" : "not verified";
                case CANCELLED -> Formats.NONE;
            };
        }

        public boolean checksumFailed() {
            return snapshot.status() == DownloadStatus.FAILED
                    && snapshot.error().map(e -> e.toLowerCase(Locale.ROOT).contains("does not match the sha256")).orElse(false);
        }

        public boolean diskFull() {
            return snapshot.error().map(e -> e.contains("disk is full") || e.contains("not enough disk space")).orElse(false);
        }

        public boolean canPause() {
            return snapshot.status() == DownloadStatus.RUNNING || snapshot.status() == DownloadStatus.QUEUED;
        }

        public boolean canResume() {
            return snapshot.status() == DownloadStatus.PAUSED || snapshot.status() == DownloadStatus.INTERRUPTED;
        }

        public boolean canRetry() {
            return snapshot.status() == DownloadStatus.FAILED || snapshot.status() == DownloadStatus.CANCELLED;
        }

        public boolean canCancel() {
            return snapshot.status() != DownloadStatus.COMPLETED && snapshot.status() != DownloadStatus.CANCELLED
                    && snapshot.status() != DownloadStatus.VERIFYING;
        }
    }

    /** Downloads listed. */
    static final int LIMIT = 100;

    private final Supplier<DownloadManager> manager;
    private final TaskExecutor tasks;
    private final UiThread ui;
    private final DialogService dialogs;
    private final ObservableList<DownloadRow> rows = FXCollections.observableArrayList();
    private final ReadOnlyStringWrapper notice = new ReadOnlyStringWrapper(this, "notice", "");
    private final ReadOnlyStringWrapper summary = new ReadOnlyStringWrapper(this, "summary", "");
    private final ReadOnlyIntegerWrapper interrupted = new ReadOnlyIntegerWrapper(this, "interrupted", 0);
    private final ReadOnlyStringWrapper cue = new ReadOnlyStringWrapper(this, "cue", "");
    private final Map<String, DownloadSnapshot> pending = new LinkedHashMap<>();
    private final AtomicBoolean flushScheduled = new AtomicBoolean();
    private Consumer<DownloadSnapshot> onInstalled = s -> { };
    private Runnable unsubscribe;

    public DownloadsViewModel(Supplier<DownloadManager> manager, TaskExecutor tasks, UiThread ui, DialogService dialogs) {
        this.manager = manager;
        this.tasks = tasks;
        this.ui = ui;
        this.dialogs = dialogs;
    }

    /** Called on the UI thread when a download has been verified and added to the model store. */
    public void setOnInstalled(Consumer<DownloadSnapshot> action) {
        this.onInstalled = action;
    }

    /**
     * Opens the queue (off the UI thread), lists its downloads and follows their progress. The window calls it
     * at start, so that downloads cut off when Parallax last stopped are known (and shown) on every screen.
     */
    public void start() {
        tasks.execute(BackgroundTask.of("Read downloads", p -> {
                    DownloadManager m = manager.get();
                    synchronized (this) {
                        if (unsubscribe == null) {
                            unsubscribe = m.subscribe(this::changed);
                        }
                    }
                    return m.downloads(LIMIT);
                })
                .onSuccess(list -> {
                    rows.setAll(list.stream().map(DownloadRow::new).toList());
                    long interrupted = list.stream().filter(s -> s.status() == DownloadStatus.INTERRUPTED).count();
                    notice.set(interrupted == 0 ? "" : interrupted + (interrupted == 1 ? " download was" : " downloads were")
                            + " interrupted when Parallax last stopped: Resume continues where it stopped.");
                    summarize();
                })
                .onFailure(e -> dialogs.showError("Downloads unavailable", "Could not read the downloads: " + e.getMessage())));
    }

    /** From the queue's threads: keep the latest per download, and have the UI thread apply them in one go. */
    private void changed(DownloadSnapshot s) {
        synchronized (pending) {
            pending.put(s.id(), s);
        }
        if (flushScheduled.compareAndSet(false, true)) {
            ui.run(this::flush);
        }
    }

    private void flush() {
        flushScheduled.set(false);
        List<DownloadSnapshot> batch;
        synchronized (pending) {
            batch = new ArrayList<>(pending.values());
            pending.clear();
        }
        if (batch.isEmpty()) {
            return;
        }
        for (DownloadSnapshot s : batch) {
            int at = indexOf(s.id());
            DownloadStatus before = at >= 0 ? rows.get(at).status() : null;
            DownloadRow row = new DownloadRow(s);
            if (at >= 0) {
                rows.set(at, row);
            } else {
                rows.add(0, row);
            }
            if (before != s.status()) {
                transition(row);
            }
        }
        summarize();
    }

    private void transition(DownloadRow row) {
        DownloadSnapshot s = row.snapshot();
        if (s.status() == DownloadStatus.COMPLETED) {
            dialogs.notify("Model downloaded", s.modelName().orElse(s.fileName()) + ": sha256 verified, now in Models.");
            onInstalled.accept(s);
        } else if (s.status() == DownloadStatus.FAILED) {
            String title = row.checksumFailed() ? "Download damaged: checksum mismatch"
                    : row.diskFull() ? "Download stopped: disk full" : "Download failed";
            dialogs.showError(title, s.fileName() + ": " + s.error().orElse("the download failed")
                    + (row.checksumFailed() ? "" : "\n\nRetry continues where it stopped."));
        }
    }

    private int indexOf(String id) {
        for (int i = 0; i < rows.size(); i++) {
            if (rows.get(i).id().equals(id)) {
                return i;
            }
        }
        return -1;
    }

    private void summarize() {
        int cutOff = (int) rows.stream().filter(r -> r.status() == DownloadStatus.INTERRUPTED).count();
        if (cutOff == 0) {
            notice.set("");
        }
        interrupted.set(cutOff);
        cue.set(cutOff == 0 ? "" : cutOff + (cutOff == 1 ? " download" : " downloads") + " interrupted — resume");
        long active = rows.stream().filter(r -> r.status().isActive()).count();
        double speed = rows.stream().filter(r -> r.status() == DownloadStatus.RUNNING)
                .mapToDouble(r -> r.snapshot().bytesPerSecond()).sum();
        summary.set(active == 0 ? (rows.isEmpty() ? "No downloads yet" : "Nothing downloading")
                : active + " active" + (speed > 0 ? " · " + Formats.bytes((long) speed) + "/s" : ""));
    }

    public void pause(DownloadRow row) {
        act("Pause", row, m -> m.pause(row.id()));
    }

    public void resume(DownloadRow row) {
        act("Resume", row, m -> m.resume(row.id()));
    }

    /** Starts a failed or cancelled download again; a failed one continues where it stopped. */
    public void retry(DownloadRow row) {
        act("Retry", row, m -> m.resume(row.id()));
    }

    /** Stops a download and deletes what it had fetched, after asking. */
    public void cancel(DownloadRow row) {
        if (!dialogs.confirm("Cancel " + row.name() + "?", "The " + Formats.bytes(row.snapshot().bytesDone())
                + " downloaded so far are deleted.", "Cancel download")) {
            return;
        }
        act("Cancel", row, m -> m.cancel(row.id()));
    }

    /** Resumes every paused or interrupted download. */
    public void resumeAll() {
        List<DownloadRow> resumable = rows.stream().filter(DownloadRow::canResume).toList();
        for (DownloadRow r : resumable) {
            resume(r);
        }
    }

    private void act(String what, DownloadRow row, Consumer<DownloadManager> action) {
        // The queue reports the change itself, through the same coalesced path as progress.
        tasks.execute(BackgroundTask.of(what + " download", p -> {
                    action.accept(manager.get());
                    return row.id();
                })
                .onFailure(e -> dialogs.showError(what + " failed", row.name() + ": " + e.getMessage())));
    }

    /** Stops following the queue (the window closes; the queue itself pauses its downloads on close). */
    public synchronized void stop() {
        if (unsubscribe != null) {
            unsubscribe.run();
            unsubscribe = null;
        }
    }

    public ObservableList<DownloadRow> rows() { return rows; }
    public ReadOnlyStringProperty noticeProperty() { return notice.getReadOnlyProperty(); }
    public ReadOnlyStringProperty summaryProperty() { return summary.getReadOnlyProperty(); }
    /** How many downloads wait to be resumed after Parallax stopped during them. */
    public ReadOnlyIntegerProperty interruptedProperty() { return interrupted.getReadOnlyProperty(); }
    /** "1 download interrupted — resume" for the status bar while one is; empty otherwise. */
    public ReadOnlyStringProperty cueProperty() { return cue.getReadOnlyProperty(); }
}
