package dev.parallax.models.hub;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parallax.engine.local.gguf.GgufFile;
import dev.parallax.engine.local.gguf.GgufReader;
import dev.parallax.testing.FakeHub;
import dev.parallax.testing.TestModels;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The Hub client against a fake Hub on 127.0.0.1 that answers like the real one. */
class HubClientTest {

    static final String REPO = "bartowski/Tiny-Llama-GGUF";
    static final String BIG_VOCAB = "ollama/llama-2-tiny-random-GGUF";
    static FakeHub hub;
    final List<Duration> sleeps = new ArrayList<>();

    @BeforeAll
    static void startHub() throws Exception {
        hub = FakeHub.start();
        Path tiny = TestModels.stories260K();
        hub.repo(REPO, 5000, 40, 3.5)
                .file(REPO, "Tiny-Llama-Q8_0.gguf", tiny)
                .file(REPO, "Tiny-Llama-F16-00001-of-00002.gguf", tiny)
                .file(REPO, "Tiny-Llama-F16-00002-of-00002.gguf", tiny)
                .file(REPO, "README.md", "# Tiny".getBytes());
        hub.repo(BIG_VOCAB, 100, 900, 1.0).file(BIG_VOCAB, "llama-2-tiny-random.gguf",
                TestModels.shared(TestModels.LLAMA_2_TINY_RANDOM).orElse(TestModels.generatedTinyModel(true)));
        hub.repo("google/gated-GGUF", 10, 10, 50).file("google/gated-GGUF", "g-Q4_0.gguf", tiny)
                .gate("google/gated-GGUF", "hf_granted");
    }

    @AfterAll
    static void stopHub() {
        hub.close();
    }

    @BeforeEach
    void reset() {
        hub.clearRequests();
        hub.searchPageSize(1000);
        hub.treePageSize(1000);
        sleeps.clear();
    }

    HubClient client(String token) {
        HubSettings settings = HubSettings.fromEnvironment(
                Map.of("HF_ENDPOINT", hub.endpoint().toString(), "HF_TOKEN", token), Optional.empty(), "parallax-test");
        return new HubClient(settings.withMaxRateLimitWait(Duration.ofSeconds(5)),
                HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build(), sleeps::add);
    }

    @Test
    void searchSortsAndFollowsNextLinks() throws Exception {
        hub.searchPageSize(1);
        List<HubRepo> byLikes = client("").search("", HubSort.LIKES, 3);
        assertEquals(List.of(BIG_VOCAB, REPO, "google/gated-GGUF"), byLikes.stream().map(HubRepo::id).toList());
        assertEquals(3, hub.requests().stream().filter(r -> r.path().equals("/api/models")).count());
        List<HubRepo> tiny = client("").search("tiny-llama", HubSort.DOWNLOADS, 10);
        assertEquals(1, tiny.size());
        assertEquals(5000, tiny.get(0).downloads());
        assertEquals("bartowski", tiny.get(0).author());
        assertEquals("google/gated-GGUF", client("").search("", HubSort.TRENDING, 1).get(0).id());
    }

    @Test
    void searchAsksForTheGgufSummaryAndFileNamesAndEveryFieldItReads() throws Exception {
        hub.searchPageSize(1);
        HubClient.SearchPage first = client("").searchPage("tiny-llama", HubSort.DOWNLOADS, 1, Optional.empty());
        HubRepo repo = first.repos().get(0);
        assertEquals(REPO, repo.id());
        assertEquals(5000, repo.downloads(), "expand[] replaces the Hub's default fields: downloads is asked for by name");
        assertEquals(40, repo.likes());
        assertEquals(3.5, repo.trendingScore());
        assertTrue(repo.createdAt().isPresent());
        assertEquals(Optional.of("text-generation"), repo.pipelineTag());
        HubRepo.Gguf gguf = repo.gguf().orElseThrow();
        assertEquals("llama", gguf.architecture());
        assertTrue(gguf.parameters() > 0, "the parameter count as the Hub reads it from the header");
        assertEquals(List.of("Tiny-Llama-Q8_0.gguf", "Tiny-Llama-F16-00001-of-00002.gguf",
                "Tiny-Llama-F16-00002-of-00002.gguf", "README.md"), repo.files().orElseThrow());
        assertEquals(Optional.of(List.of("Q8_0", "F16")), repo.quantizations(), "a split model counts once, smallest first");
        String query = hub.requests().stream().filter(r -> r.path().equals("/api/models")).findFirst().orElseThrow().query();
        for (String field : List.of("gguf", "siblings", "downloads", "likes", "trendingScore", "createdAt", "tags", "pipeline_tag")) {
            assertTrue(query.contains("expand%5B%5D=" + field), query);
        }

        hub.gguf(BIG_VOCAB, 70_553_706_496L, "llama", 131_072);
        HubRepo claimed = client("").search("tiny-random", HubSort.DOWNLOADS, 1).get(0);
        assertEquals(new HubRepo.Gguf(70_553_706_496L, "llama", 131_072), claimed.gguf().orElseThrow());
        assertEquals(Optional.of(List.of()), claimed.quantizations(), "a file name without a quantization names none");
    }

    @Test
    void listingGroupsSplitFilesWithSizesAndHashesAcrossPages() throws Exception {
        hub.treePageSize(2);
        RepoListing listing = client("").listing(REPO, "main");
        long size = TestModels.stories260K().toFile().length();
        assertEquals(List.of("Q8_0", "F16"), listing.quantizations());
        ModelFileGroup f16 = listing.find("F16").orElseThrow();
        assertEquals(2, f16.parts().size());
        assertEquals(2 * size, f16.totalSize());
        assertEquals(Optional.of(hub.sha256(REPO, "Tiny-Llama-Q8_0.gguf")), listing.find("Q8_0").orElseThrow().first().sha256());
    }

    @Test
    void resolveNotesTheCdnLinkAndTheTokenNeverLeavesTheHub() throws Exception {
        ResolvedFile file = client("hf_secret").resolve(REPO, "main", "Tiny-Llama-Q8_0.gguf");
        assertEquals(hub.cdnEndpoint().getPort(), file.downloadUri().getPort());
        assertEquals(Optional.of(hub.sha256(REPO, "Tiny-Llama-Q8_0.gguf")), file.sha256());
        assertEquals(Optional.of(hub.commit(REPO)), file.commit());
        assertEquals(TestModels.stories260K().toFile().length(), file.size());
        try (RangeResponse r = client("hf_secret").openRange(file, 10, 20, Optional.empty())) {
            assertTrue(r.partial());
            assertEquals(10, r.body().readAllBytes().length);
        }
        assertTrue(hub.requests().stream().filter(r -> r.server().equals("hub")).allMatch(FakeHub.Request::authorization));
        assertTrue(hub.requests().stream().filter(r -> r.server().equals("cdn")).noneMatch(FakeHub.Request::authorization));
    }

    @Test
    void readsARemoteHeaderWithRangesGrowingThePrefixWhenTheVocabularyNeedsIt() throws Exception {
        HubClient client = client("");
        ResolvedFile file = client.resolve(BIG_VOCAB, "main", "llama-2-tiny-random.gguf");
        GgufFile remote = client.readHeader(file);
        GgufFile local = GgufReader.read(TestModels.shared(TestModels.LLAMA_2_TINY_RANDOM)
                .orElse(TestModels.generatedTinyModel(true)));
        assertEquals(local.metadata().keySet(), remote.metadata().keySet());
        assertEquals(local.architecture(), remote.architecture());
        assertEquals(local.contextLength(), remote.contextLength());
        long rangeRequests = hub.requests().stream().filter(r -> r.server().equals("cdn")).count();
        assertTrue(rangeRequests >= (local.dataOffset() > HubClient.FIRST_HEADER_BYTES ? 2 : 1), "grew the prefix");
        assertTrue(hub.requests().stream().filter(r -> r.server().equals("cdn")).allMatch(r -> r.range().startsWith("bytes=")));
    }

    @Test
    void hubErrorsBecomeMessagesThatSayWhatToDo() {
        HubException gated = assertThrows(HubException.class,
                () -> client("").resolve("google/gated-GGUF", "main", "g-Q4_0.gguf"));
        assertEquals(HubException.Kind.GATED, gated.kind());
        assertEquals(401, gated.status());
        assertTrue(gated.getMessage().contains("HF_TOKEN"), gated.getMessage());
        HubException notGranted = assertThrows(HubException.class,
                () -> client("hf_other").resolve("google/gated-GGUF", "main", "g-Q4_0.gguf"));
        assertEquals(403, notGranted.status());
        assertTrue(notGranted.getMessage().contains("request it"), notGranted.getMessage());
        assertFalse(notGranted.getMessage().contains("hf_other"), "the token never appears in a message");
        assertEquals(HubException.Kind.REPO_NOT_FOUND,
                assertThrows(HubException.class, () -> client("").files("nobody/nothing", "main")).kind());
        assertEquals(HubException.Kind.REVISION_NOT_FOUND,
                assertThrows(HubException.class, () -> client("").files(REPO, "v9")).kind());
        HubException missing = assertThrows(HubException.class, () -> client("").resolve(REPO, "main", "nope.gguf"));
        assertEquals(HubException.Kind.ENTRY_NOT_FOUND, missing.kind());
        assertTrue(missing.getMessage().contains("nope.gguf"));
        assertThrows(IllegalArgumentException.class, () -> client("").files("../etc", "main"));
    }

    @Test
    void rateLimitsAreWaitedOutWithinABound() throws Exception {
        hub.rateLimitNext(2, 3);
        assertEquals(2, client("").listing(REPO, "main").models().size());
        assertEquals(List.of(Duration.ofSeconds(3), Duration.ofSeconds(3)), sleeps);
        hub.rateLimitNext(1, 600);
        HubException e = assertThrows(HubException.class, () -> client("").search("x", HubSort.LIKES, 1));
        assertEquals(HubException.Kind.RATE_LIMITED, e.kind());
        assertEquals(Optional.of(Duration.ofSeconds(600)), e.retryAfter());
        assertTrue(e.getMessage().contains("10 min"), e.getMessage());
    }

    @Test
    void theTokenNeverShowsInText() {
        assertEquals("HubToken[hidden]", HubToken.of("hf_abc").orElseThrow().toString());
        assertFalse(client("hf_abc").settings().toString().contains("hf_abc"));
    }
}
