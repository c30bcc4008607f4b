package dev.parallax.models.download;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parallax.core.DownloadStatus;
import dev.parallax.history.DownloadRepository;
import dev.parallax.history.HistoryDatabase;
import dev.parallax.models.LocalModel;
import dev.parallax.models.ModelStore;
import dev.parallax.models.hub.HubClient;
import dev.parallax.models.hub.HubSettings;
import dev.parallax.models.hub.ModelFileGroup;
import dev.parallax.models.hub.RepoListing;
import dev.parallax.testing.FakeHub;
import dev.parallax.testing.LargeGguf;
import dev.parallax.testing.TestModels;
import java.io.IOException;
import java.net.http.HttpClient;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Downloads from a fake Hub that cuts connections, ignores ranges, flips bytes and fills the disk. */
class DownloadManagerTest {

    static final String REPO = "tester/Blob-GGUF";
    static final String FILE = "Blob-Q8_0.gguf";
    static final long SIZE = 3 * 1024 * 1024 + 12345;
    static FakeHub hub;
    static Path blob;

    @TempDir
    Path home;
    HistoryDatabase db;
    DownloadRepository repository;
    ModelStore store;
    final java.util.List<DownloadManager> managers = new java.util.ArrayList<>();

    @BeforeAll
    static void startHub(@TempDir Path dir) throws IOException {
        blob = LargeGguf.write(dir.resolve(FILE), SIZE, 7);
        hub = FakeHub.start();
        hub.file(REPO, FILE, blob);
        hub.file(REPO, "split/Two-Q4_0-00001-of-00002.gguf", TestModels.stories260K());
        hub.file(REPO, "split/Two-Q4_0-00002-of-00002.gguf", TestModels.stories260K());
        hub.file("google/gated-GGUF", "g.gguf", TestModels.stories260K()).gate("google/gated-GGUF", "hf_granted");
    }

    @AfterAll
    static void stopHub() {
        hub.close();
    }

    @BeforeEach
    void open() {
        db = HistoryDatabase.inMemory();
        repository = new DownloadRepository(db, Clock.systemUTC());
        store = new ModelStore(home.resolve("models"));
        hub.clearFaults();
        hub.clearRequests();
    }

    @AfterEach
    void close() {
        managers.forEach(DownloadManager::close);
        db.close();
    }

    DownloadManager manager(PartFile.Opener opener, DiskSpace disk) {
        HubSettings settings = HubSettings.fromEnvironment(Map.of("HF_ENDPOINT", hub.endpoint().toString(),
                "HF_TOKEN", "hf_secret"), Optional.empty(), "parallax-test");
        HubClient client = new HubClient(settings, HttpClient.newBuilder()
                .followRedirects(HttpClient.Redirect.NEVER).build(), d -> { });
        DownloadOptions options = DownloadOptions.defaults().withChunkBytes(256 * 1024)
                .withRetryBackoff(Duration.ofMillis(10)).withPersistInterval(Duration.ofMillis(50));
        DownloadManager m = new DownloadManager(client, repository, store, options, opener, disk, Clock.systemUTC());
        managers.add(m);
        return m;
    }

    DownloadManager manager() {
        return manager(PartFile.Opener.files(), DiskSpace.real());
    }

    DownloadSnapshot pull(DownloadManager m, int connections) throws InterruptedException {
        DownloadSnapshot s = m.enqueue(new DownloadRequest(REPO, "main", FILE, SIZE, Optional.empty(), connections,
                Optional.empty()));
        return m.await(s.id());
    }

    Path target() {
        return home.resolve("models/tester/Blob-GGUF/" + FILE);
    }

    @Test
    void parallelRangesAreVerifiedInstalledAndTheTokenStaysOnTheHub() throws Exception {
        DownloadManager m = manager();
        long before = hub.bytesServed(REPO, FILE);
        List<DownloadSnapshot> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
        m.subscribe(seen::add);
        DownloadSnapshot done = pull(m, 4);
        assertEquals(DownloadStatus.COMPLETED, done.status(), done.error().orElse(""));
        assertEquals(Optional.of("Blob-Q8_0"), done.modelName());
        assertEquals(hub.sha256(REPO, FILE), sha256(target()));
        assertFalse(Files.exists(FileDownload.partFile(target())));
        LocalModel model = store.find("Blob-Q8_0").orElseThrow();
        assertEquals(Optional.of(hub.sha256(REPO, FILE)), model.sha256());
        assertEquals(SIZE, hub.bytesServed(REPO, FILE) - before, "every byte served once");
        assertTrue(hub.requests().stream().filter(r -> r.server().equals("cdn")).count() > 4, "several ranges");
        assertTrue(hub.requests().stream().filter(r -> r.server().equals("cdn")).noneMatch(FakeHub.Request::authorization));
        assertTrue(seen.stream().anyMatch(s -> s.status() == DownloadStatus.COMPLETED));
        assertEquals(DownloadStatus.COMPLETED, pull(m, 4).status(), "a second pull finds it done");
        assertEquals(SIZE, hub.bytesServed(REPO, FILE) - before, "and fetches nothing again");
    }

    @Test
    void aCutConnectionIsResumedFromTheByteWhereItStopped() throws Exception {
        hub.cutOnceAt(REPO, FILE, SIZE / 2 + 1000);
        long before = hub.bytesServed(REPO, FILE);
        DownloadSnapshot done = pull(manager(), 1);
        assertEquals(DownloadStatus.COMPLETED, done.status(), done.error().orElse(""));
        assertEquals(hub.sha256(REPO, FILE), sha256(target()));
        long extra = hub.bytesServed(REPO, FILE) - before - SIZE;
        assertTrue(extra >= 0 && extra < 64 * 1024, "the first half was not fetched twice: " + extra + " bytes again");
        assertTrue(hub.requests().stream().anyMatch(r -> r.range().startsWith("bytes=" + (SIZE / 2 + 1000) + "-")),
                hub.requests().toString());
    }

    @Test
    void aServerThatIgnoresRangesGetsTheFileRestartedInOneStream() throws Exception {
        hub.ignoreRanges(true);
        DownloadSnapshot done = pull(manager(), 4);
        assertEquals(DownloadStatus.COMPLETED, done.status(), done.error().orElse(""));
        assertEquals(hub.sha256(REPO, FILE), sha256(target()));
    }

    @Test
    void aFlippedByteFailsTheHashDeletesTheFileAndRegistersNothing() throws Exception {
        hub.flipByte(REPO, FILE, SIZE - 10);
        DownloadManager m = manager();
        DownloadSnapshot failed = pull(m, 4);
        assertEquals(DownloadStatus.FAILED, failed.status());
        assertTrue(failed.error().orElseThrow().contains("does not match the sha256"), failed.error().orElseThrow());
        assertFalse(Files.exists(target()));
        assertFalse(Files.exists(FileDownload.partFile(target())));
        assertTrue(store.list().isEmpty());
        hub.clearFaults();
        DownloadSnapshot retried = pull(m, 4);
        assertEquals(DownloadStatus.COMPLETED, retried.status(), retried.error().orElse(""));
        assertEquals(hub.sha256(REPO, FILE), sha256(target()));
    }

    @Test
    void pausedDownloadsContinueAfterARestartWithoutFetchingDoneBytesAgain() throws Exception {
        hub.throttle(2_000_000);
        long baseline = hub.bytesServed(REPO, FILE);
        DownloadManager first = manager();
        DownloadSnapshot started = first.enqueue(new DownloadRequest(REPO, "main", FILE, SIZE, Optional.empty(), 2,
                Optional.empty()));
        while (first.get(started.id()).orElseThrow().bytesDone() < SIZE / 3) {
            Thread.sleep(20);
        }
        first.close();
        DownloadSnapshot paused = first.get(started.id()).orElseThrow();
        assertEquals(DownloadStatus.PAUSED, paused.status());
        assertTrue(Files.exists(FileDownload.partFile(target())));
        long servedBefore = hub.bytesServed(REPO, FILE) - baseline;
        hub.clearFaults();

        DownloadManager second = manager();
        second.restore();
        DownloadSnapshot done = pull(second, 2);
        assertEquals(started.id(), done.id(), "the same download continued");
        assertEquals(DownloadStatus.COMPLETED, done.status(), done.error().orElse(""));
        assertEquals(hub.sha256(REPO, FILE), sha256(target()));
        long refetched = hub.bytesServed(REPO, FILE) - baseline - SIZE;
        assertTrue(refetched < 600_000, "only bytes after the last saved progress came again: " + refetched
                + " (served " + servedBefore + " before the pause)");
    }

    @Test
    void aFullDiskIsACleanErrorAndTheDownloadContinuesOnceThereIsRoom() throws Exception {
        AtomicLong written = new AtomicLong();
        PartFile.Opener fillsUp = file -> new FullAfter(PartFile.Opener.files().open(file), SIZE / 2, written);
        DownloadSnapshot failed = pull(manager(fillsUp, DiskSpace.real()), 2);
        assertEquals(DownloadStatus.FAILED, failed.status());
        assertTrue(failed.error().orElseThrow().startsWith("the disk is full"), failed.error().orElseThrow());
        assertTrue(Files.exists(FileDownload.partFile(target())), "what was written is kept for the resume");
        DownloadSnapshot done = pull(manager(), 2);
        assertEquals(DownloadStatus.COMPLETED, done.status(), done.error().orElse(""));
        assertEquals(hub.sha256(REPO, FILE), sha256(target()));
    }

    @Test
    void tooLittleFreeSpaceIsRefusedBeforeAnyByteIsFetched() throws Exception {
        DownloadSnapshot refused = pull(manager(PartFile.Opener.files(), dir -> 1_000_000), 4);
        assertEquals(DownloadStatus.FAILED, refused.status());
        assertTrue(refused.error().orElseThrow().startsWith("not enough disk space"), refused.error().orElseThrow());
        assertEquals(0, hub.requests().stream().filter(r -> r.server().equals("cdn")).count());
    }

    @Test
    void cancelStopsAndDeletesWhatWasFetched() throws Exception {
        hub.throttle(1_000_000);
        DownloadManager m = manager();
        DownloadSnapshot s = m.enqueue(new DownloadRequest(REPO, "main", FILE, SIZE, Optional.empty(), 2, Optional.empty()));
        while (m.get(s.id()).orElseThrow().bytesDone() == 0) {
            Thread.sleep(20);
        }
        m.cancel(s.id());
        assertEquals(DownloadStatus.CANCELLED, m.await(s.id()).status());
        assertFalse(Files.exists(FileDownload.partFile(target())));
    }

    @Test
    void splitModelsInstallOnceEveryPartIsIn() throws Exception {
        DownloadManager m = manager();
        RepoListing listing = hubListing();
        ModelFileGroup two = listing.find("Q4_0").orElseThrow();
        List<DownloadSnapshot> parts = m.enqueueModel(REPO, "main", two, 2);
        for (DownloadSnapshot p : parts) {
            assertEquals(DownloadStatus.COMPLETED, m.await(p.id()).status());
        }
        assertEquals(List.of("Two-Q4_0-00001-of-00002"), store.list().stream().map(LocalModel::name).toList());
        assertTrue(Files.exists(home.resolve("models/tester/Blob-GGUF/Two-Q4_0-00002-of-00002.gguf")));
        assertEquals(Optional.of("Two-Q4_0-00001-of-00002"), m.get(parts.get(1).id()).orElseThrow().modelName());
    }

    @Test
    void aGatedRepositoryFailsWithTheHubsAdvice() throws Exception {
        HubSettings settings = HubSettings.fromEnvironment(Map.of("HF_ENDPOINT", hub.endpoint().toString()),
                Optional.empty(), "t");
        DownloadManager m = new DownloadManager(new HubClient(settings, HttpClient.newHttpClient(), d -> { }),
                repository, store, DownloadOptions.defaults(), PartFile.Opener.files(), DiskSpace.real(), Clock.systemUTC());
        managers.add(m);
        DownloadSnapshot s = m.await(m.enqueue(new DownloadRequest("google/gated-GGUF", "main", "g.gguf", 1,
                Optional.empty(), 1, Optional.empty())).id());
        assertEquals(DownloadStatus.FAILED, s.status());
        assertTrue(s.error().orElseThrow().contains("is gated"), s.error().orElseThrow());
    }

    private RepoListing hubListing() throws Exception {
        HubSettings settings = HubSettings.fromEnvironment(Map.of("HF_ENDPOINT", hub.endpoint().toString()),
                Optional.empty(), "t");
        return new HubClient(settings, HttpClient.newHttpClient(), d -> { }).listing(REPO, "main");
    }

    static String sha256(Path file) throws Exception {
        java.security.MessageDigest d = java.security.MessageDigest.getInstance("SHA-256");
        d.update(Files.readAllBytes(file));
        return HexFormat.of().formatHex(d.digest());
    }

    /** A part file on a disk that fills up after {@code limit} bytes. */
    record FullAfter(PartFile inner, long limit, AtomicLong written) implements PartFile {
        @Override
        public void write(ByteBuffer source, long position) throws IOException {
            if (written.addAndGet(source.remaining()) > limit) {
                throw new IOException("No space left on device");
            }
            inner.write(source, position);
        }

        @Override
        public int read(ByteBuffer target, long position) throws IOException {
            return inner.read(target, position);
        }

        @Override
        public long size() throws IOException {
            return inner.size();
        }

        @Override
        public void truncate(long size) throws IOException {
            inner.truncate(size);
        }

        @Override
        public void force() throws IOException {
            inner.force();
        }

        @Override
        public void close() throws IOException {
            inner.close();
        }
    }
}
