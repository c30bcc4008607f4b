package dev.parallax.ui.discover;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parallax.core.DownloadStatus;
import dev.parallax.history.DownloadRepository;
import dev.parallax.history.HistoryDatabase;
import dev.parallax.models.ModelStore;
import dev.parallax.models.download.DiskSpace;
import dev.parallax.models.download.DownloadManager;
import dev.parallax.models.download.DownloadOptions;
import dev.parallax.models.download.DownloadRequest;
import dev.parallax.models.download.DownloadSnapshot;
import dev.parallax.models.download.PartFile;
import dev.parallax.models.hub.HubClient;
import dev.parallax.models.hub.HubSettings;
import dev.parallax.testing.FakeHub;
import dev.parallax.testing.LargeGguf;
import dev.parallax.ui.FakeDialogService;
import dev.parallax.ui.base.CurrentThreadTaskExecutor;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Downloads panel's view-model on a real download queue (H2, files) against a fake Hub on 127.0.0.1. */
class DownloadsViewModelTest {

    static final String REPO = "tester/Blob-GGUF";
    static final String FILE = "Blob-Q8_0.gguf";
    static final String FILE2 = "Blob-Q4_K_M.gguf";
    static final long SIZE = 2 * 1024 * 1024 + 777;
    static FakeHub hub;

    @TempDir
    Path home;
    HistoryDatabase db;
    final List<DownloadManager> managers = new ArrayList<>();
    final FakeDialogService dialogs = new FakeDialogService();
    final CurrentThreadTaskExecutor tasks = new CurrentThreadTaskExecutor();
    /** The UI thread stand-in: runs what it was given when the test says so. */
    final ConcurrentLinkedQueue<Runnable> uiQueue = new ConcurrentLinkedQueue<>();
    final AtomicInteger uiPosts = new AtomicInteger();

    @BeforeAll
    static void startHub(@TempDir Path dir) throws Exception {
        hub = FakeHub.start();
        hub.file(REPO, FILE, LargeGguf.write(dir.resolve(FILE), SIZE, 11));
        hub.file(REPO, FILE2, LargeGguf.write(dir.resolve(FILE2), SIZE, 12));
    }

    @AfterAll
    static void stopHub() {
        hub.close();
    }

    @BeforeEach
    void open() {
        hub.clearFaults();
        db = HistoryDatabase.inMemory();
    }

    @AfterEach
    void close() {
        managers.forEach(DownloadManager::close);
        db.close();
    }

    DownloadManager manager(DiskSpace disk) {
        HubSettings settings = HubSettings.fromEnvironment(Map.of("HF_ENDPOINT", hub.endpoint().toString()),
                Optional.empty(), "test");
        HubClient client = new HubClient(settings, HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build(),
                d -> { });
        DownloadManager m = new DownloadManager(client, new DownloadRepository(db, Clock.systemUTC()),
                new ModelStore(home.resolve("models")), DownloadOptions.defaults().withChunkBytes(256 * 1024)
                        .withRetryBackoff(Duration.ofMillis(10)).withPersistInterval(Duration.ofMillis(50)),
                PartFile.Opener.files(), disk, Clock.systemUTC());
        managers.add(m);
        return m;
    }

    DownloadManager manager() {
        return manager(DiskSpace.real());
    }

    DownloadsViewModel viewModel(DownloadManager m) {
        DownloadsViewModel vm = new DownloadsViewModel(() -> m, tasks, r -> {
            uiPosts.incrementAndGet();
            uiQueue.add(r);
        }, dialogs);
        vm.start();
        return vm;
    }

    void runUi() {
        Runnable r;
        while ((r = uiQueue.poll()) != null) {
            r.run();
        }
    }

    DownloadSnapshot enqueue(DownloadManager m) {
        return m.enqueue(new DownloadRequest(REPO, "main", FILE, SIZE, Optional.empty(), 2, Optional.empty()));
    }

    DownloadsViewModel.DownloadRow row(DownloadsViewModel vm) {
        return vm.rows().get(0);
    }

    @Test
    void progressIsCoalescedAndAFinishedDownloadReachesModels() throws Exception {
        hub.throttle(4_000_000);
        DownloadManager m = manager();
        DownloadsViewModel vm = viewModel(m);
        List<DownloadSnapshot> installed = new ArrayList<>();
        vm.setOnInstalled(installed::add);
        AtomicInteger published = new AtomicInteger();
        m.subscribe(s -> published.incrementAndGet());
        DownloadSnapshot s = enqueue(m);
        assertEquals(DownloadStatus.COMPLETED, m.await(s.id()).status());
        assertTrue(published.get() > 2, "the queue reported " + published.get() + " times");
        assertEquals(1, uiPosts.get(), "every report while the UI thread was busy went out in one pass");
        runUi();
        assertEquals(1, vm.rows().size());
        DownloadsViewModel.DownloadRow done = row(vm);
        assertEquals(DownloadStatus.COMPLETED, done.status());
        assertEquals("installed", done.state());
        assertEquals("sha256 verified", done.checksum());
        assertEquals(1.0, done.progress());
        assertEquals(1, installed.size(), "Models is told once");
        assertEquals("Model downloaded", dialogs.ofKind("info").get(0).title());
    }

    @Test
    void pauseResumeAndCancelFromThePanel() throws Exception {
        hub.throttle(1_000_000);
        DownloadManager m = manager();
        DownloadsViewModel vm = viewModel(m);
        DownloadSnapshot s = enqueue(m);
        while (m.get(s.id()).orElseThrow().bytesDone() == 0) {
            Thread.sleep(10);
        }
        runUi();
        assertTrue(row(vm).canPause());
        vm.pause(row(vm));
        assertEquals(DownloadStatus.PAUSED, m.await(s.id()).status());
        runUi();
        assertEquals("paused", row(vm).state());
        assertTrue(row(vm).canResume());
        long kept = m.get(s.id()).orElseThrow().bytesDone();
        assertTrue(kept > 0);

        vm.resume(row(vm));
        runUi();
        assertTrue(row(vm).status() == DownloadStatus.RUNNING || row(vm).status() == DownloadStatus.QUEUED,
                row(vm).status().toString());
        dialogs.confirmAnswer = false;
        vm.cancel(row(vm));
        assertEquals("confirm", dialogs.shown.get(0).kind());
        assertTrue(m.get(s.id()).orElseThrow().status().isActive(), "nothing happens unless confirmed");
        dialogs.confirmAnswer = true;
        vm.cancel(row(vm));
        assertEquals(DownloadStatus.CANCELLED, m.await(s.id()).status());
        runUi();
        assertEquals("cancelled", row(vm).state());
        assertTrue(row(vm).canRetry());
        assertFalse(Files.exists(home.resolve("models/tester/Blob-GGUF/" + FILE + ".incomplete")));

        hub.throttle(0);
        vm.retry(row(vm));
        runUi();
        assertEquals(2, vm.rows().size(), "a cancelled download starts anew, listed above the cancelled one");
        String again = row(vm).id();
        assertEquals(DownloadStatus.COMPLETED, m.await(again).status());
        runUi();
        assertEquals("sha256 verified", row(vm).checksum());
        assertEquals("cancelled", vm.rows().get(1).state());
    }

    @Test
    void aChecksumMismatchIsShownAsSuchAndTheFileIsGone() throws Exception {
        hub.flipByte(REPO, FILE, SIZE / 2);
        DownloadManager m = manager();
        DownloadsViewModel vm = viewModel(m);
        DownloadSnapshot s = enqueue(m);
        assertEquals(DownloadStatus.FAILED, m.await(s.id()).status());
        runUi();
        assertTrue(row(vm).checksumFailed());
        assertEquals("sha256 mismatch: deleted", row(vm).checksum());
        FakeDialogService.Shown error = dialogs.ofKind("error").get(0);
        assertEquals("Download damaged: checksum mismatch", error.title());
        assertTrue(error.message().contains("does not match the sha256"), error.message());
        assertFalse(Files.exists(home.resolve("models/tester/Blob-GGUF/" + FILE)));
    }

    @Test
    void tooLittleDiskSpaceIsShownAsSuch() throws Exception {
        DownloadManager m = manager(dir -> 1_000_000);
        DownloadsViewModel vm = viewModel(m);
        DownloadSnapshot s = enqueue(m);
        assertEquals(DownloadStatus.FAILED, m.await(s.id()).status());
        runUi();
        assertTrue(row(vm).diskFull());
        FakeDialogService.Shown error = dialogs.ofKind("error").get(0);
        assertEquals("Download stopped: disk full", error.title());
        assertTrue(error.message().contains("not enough disk space"), error.message());
    }

    @Test
    void severalInterruptedDownloadsAreCountedInTheCueUntilEachIsResumedOrCancelled() throws Exception {
        hub.throttle(200_000);
        DownloadManager first = manager();
        DownloadSnapshot a = enqueue(first);
        DownloadSnapshot b = first.enqueue(new DownloadRequest(REPO, "main", FILE2, SIZE, Optional.empty(), 1,
                Optional.empty()));
        first.close();
        hub.throttle(0);
        // What a kill leaves in the database: one row still running, one still waiting its turn.
        DownloadRepository repository = new DownloadRepository(db, Clock.systemUTC());
        repository.updateStatus(a.id(), DownloadStatus.RUNNING, Optional.empty());
        repository.updateStatus(b.id(), DownloadStatus.QUEUED, Optional.empty());

        DownloadManager second = manager();
        second.restore();
        DownloadsViewModel vm = viewModel(second);
        assertEquals(2, vm.interruptedProperty().get(), vm.rows().toString());
        assertEquals("2 downloads interrupted — resume", vm.cueProperty().get());
        dialogs.confirmAnswer = true;
        vm.cancel(vm.rows().stream().filter(r -> r.id().equals(b.id())).findFirst().orElseThrow());
        runUi();
        assertEquals(DownloadStatus.CANCELLED, second.get(b.id()).orElseThrow().status());
        assertEquals("1 download interrupted — resume", vm.cueProperty().get());
    }

    @Test
    void aDownloadCutOffByAnExitIsListedAsInterruptedAndResumesWhereItStopped() throws Exception {
        hub.throttle(1_000_000);
        long baseline = hub.bytesServed(REPO, FILE);
        DownloadManager first = manager();
        DownloadSnapshot s = enqueue(first);
        while (first.get(s.id()).orElseThrow().bytesDone() < SIZE / 3) {
            Thread.sleep(10);
        }
        first.close();
        // What a kill leaves in the database: the row still says running.
        new DownloadRepository(db, Clock.systemUTC()).updateStatus(s.id(), DownloadStatus.RUNNING, Optional.empty());
        hub.throttle(0);

        DownloadManager second = manager();
        second.restore();
        DownloadsViewModel vm = viewModel(second);
        assertEquals(DownloadStatus.INTERRUPTED, row(vm).status());
        assertTrue(vm.noticeProperty().get().startsWith("1 download was interrupted"), vm.noticeProperty().get());
        assertEquals(1, vm.interruptedProperty().get());
        assertEquals("1 download interrupted — resume", vm.cueProperty().get(), "the status bar's cue, on any screen");
        vm.resumeAll();
        assertEquals(DownloadStatus.COMPLETED, second.await(s.id()).status());
        runUi();
        assertEquals("installed", row(vm).state());
        assertEquals(0, vm.interruptedProperty().get());
        assertEquals("", vm.cueProperty().get(), "resumed: the cue is gone");
        long refetched = hub.bytesServed(REPO, FILE) - baseline - SIZE;
        assertTrue(refetched < SIZE / 2, "the second run continued, it did not start over: " + refetched + " bytes twice");
    }
}
