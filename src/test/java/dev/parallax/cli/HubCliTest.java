package dev.parallax.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.parallax.app.AppServices;
import dev.parallax.testing.FakeHub;
import dev.parallax.testing.TestModels;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code models search|pull|downloads} against a fake Hub, as a script would call them. */
class HubCliTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    static FakeHub hub;

    @TempDir
    Path home;

    private record Outcome(int code, String out, String err) {
    }

    @BeforeAll
    static void startHub() throws Exception {
        hub = FakeHub.start();
        Path tiny = TestModels.stories260K();
        // The catalog's repository for Qwen2.5 0.5B, plus a look-alike the catalog does not know.
        hub.repo("Qwen/Qwen2.5-0.5B-Instruct-GGUF", 900_000, 400, 10)
                .file("Qwen/Qwen2.5-0.5B-Instruct-GGUF", "qwen2.5-0.5b-instruct-q8_0.gguf", tiny)
                .file("Qwen/Qwen2.5-0.5B-Instruct-GGUF", "qwen2.5-0.5b-instruct-q4_k_m.gguf", tiny);
        hub.repo("someone/Qwen2.5-0.5B-Instruct-abliterated-GGUF", 1_500_000, 20, 1)
                .file("someone/Qwen2.5-0.5B-Instruct-abliterated-GGUF", "x-Q4_K_M.gguf", tiny);
        hub.file("meta/gated-GGUF", "m-Q4_K_M.gguf", tiny).gate("meta/gated-GGUF", "hf_ok");
    }

    @AfterAll
    static void stopHub() {
        hub.close();
    }

    private Outcome parallax(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        List<String> all = new ArrayList<>(List.of("--home", home.toString()));
        all.addAll(Arrays.asList(args));
        Map<String, String> env = Map.of("HF_ENDPOINT", hub.endpoint().toString());
        int code = Cli.execute(all.toArray(String[]::new), (h, v) -> new AppServices(h, v, env),
                new PrintWriter(out), new PrintWriter(err));
        return new Outcome(code, out.toString(), err.toString());
    }

    @Test
    void searchPutsTheCatalogFirstAndMergesItsHubCounters() throws Exception {
        Outcome search = parallax("models", "search", "Qwen2.5-0.5B", "--json");
        assertEquals(0, search.code(), search.err());
        JsonNode hits = JSON.readTree(search.out());
        assertEquals("Qwen/Qwen2.5-0.5B-Instruct-GGUF", hits.get(0).get("repo").asText());
        assertTrue(hits.get(0).get("recommended").asBoolean());
        assertEquals(900_000, hits.get(0).get("downloads").asLong());
        assertEquals("runs", hits.get(0).get("compatibility").asText());
        assertEquals("someone/Qwen2.5-0.5B-Instruct-abliterated-GGUF", hits.get(1).get("repo").asText());
        assertFalse(hits.get(1).get("recommended").asBoolean());
        assertEquals(2, hits.size());

        Outcome table = parallax("models", "search", "qwen2.5", "0.5b", "--sort", "likes", "--limit", "5");
        assertEquals(0, table.code(), table.err());
        assertTrue(table.out().contains("* Qwen/Qwen2.5-0.5B-Instruct-GGUF"), table.out());
        assertEquals(2, parallax("models", "search", "x", "--sort", "newest").code());
    }

    @Test
    void pullInstallsTheRecommendedQuantAndRunningItAgainFetchesNothing() throws Exception {
        Outcome pull = parallax("models", "pull", "Qwen/Qwen2.5-0.5B-Instruct-GGUF");
        assertEquals(0, pull.code(), pull.err());
        assertEquals("qwen2.5-0.5b-instruct-q8_0", pull.out().strip(), "the catalog's default quant, by name");
        assertTrue(pull.err().contains("runs on java-llama.cpp"), pull.err());
        assertTrue(pull.err().contains("memory     fits"), pull.err());
        assertTrue(pull.err().contains("no measurements yet"), pull.err());
        assertTrue(Files.isRegularFile(home.resolve("models/Qwen/Qwen2.5-0.5B-Instruct-GGUF/qwen2.5-0.5b-instruct-q8_0.gguf")));
        Outcome list = parallax("models", "list", "--json");
        assertEquals("qwen2.5-0.5b-instruct-q8_0", JSON.readTree(list.out()).get(0).get("name").asText());

        long served = hub.bytesServed("Qwen/Qwen2.5-0.5B-Instruct-GGUF", "qwen2.5-0.5b-instruct-q8_0.gguf");
        hub.clearRequests();
        Outcome again = parallax("models", "pull", "Qwen/Qwen2.5-0.5B-Instruct-GGUF:Q8_0", "--connections", "2");
        assertEquals(0, again.code(), again.err());
        assertEquals("qwen2.5-0.5b-instruct-q8_0", again.out().strip());
        // Only header prefixes are read again (to describe the model), never the file.
        assertTrue(hub.requests().stream().filter(r -> r.server().equals("cdn"))
                .allMatch(r -> r.range().startsWith("bytes=0-")), hub.requests().toString());
        assertTrue(hub.bytesServed("Qwen/Qwen2.5-0.5B-Instruct-GGUF", "qwen2.5-0.5b-instruct-q8_0.gguf") - served
                <= 2 * dev.parallax.models.hub.HubClient.FIRST_HEADER_BYTES);

        Outcome downloads = parallax("models", "downloads", "--json");
        assertEquals(0, downloads.code(), downloads.err());
        JsonNode d = JSON.readTree(downloads.out()).get(0);
        assertEquals("completed", d.get("status").asText());
        assertEquals("qwen2.5-0.5b-instruct-q8_0", d.get("model").asText());
        assertEquals(1.0, d.get("progress").asDouble());
    }

    @Test
    void wrongChoicesAndGatedReposEndWithOneLineThatSaysWhatToDo() {
        Outcome noSuchQuant = parallax("models", "pull", "Qwen/Qwen2.5-0.5B-Instruct-GGUF:Q2_K");
        assertEquals(1, noSuchQuant.code());
        assertTrue(noSuchQuant.err().contains("available: "), noSuchQuant.err());
        assertTrue(noSuchQuant.err().contains("Q4_K_M"), noSuchQuant.err());
        Outcome gated = parallax("models", "pull", "meta/gated-GGUF");
        assertEquals(1, gated.code());
        assertEquals(1, gated.err().strip().lines().count(), gated.err());
        assertTrue(gated.err().contains("HF_TOKEN"), gated.err());
        assertEquals(2, parallax("models", "pull", "a/b", "--connections", "0").code());
    }
}
