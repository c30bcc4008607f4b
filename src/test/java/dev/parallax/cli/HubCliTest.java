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
        // What the Hub says of these two (parameters, architecture) is set; their files are tiny stand-ins.
        hub.repo("demo/Llama-3.1-405B-Instruct-GGUF", 3000, 30, 3).gguf("demo/Llama-3.1-405B-Instruct-GGUF",
                405_853_388_800L, "llama", 131_072)
                .file("demo/Llama-3.1-405B-Instruct-GGUF", "Llama-3.1-405B-Instruct-Q4_K_M.gguf", tiny)
                .file("demo/Llama-3.1-405B-Instruct-GGUF", "Llama-3.1-405B-Instruct-Q2_K.gguf", tiny);
        hub.repo("demo/Mystery-9B-GGUF", 2000, 20, 2).gguf("demo/Mystery-9B-GGUF", 9_000_000_000L, "mamba9", 8192)
                .file("demo/Mystery-9B-GGUF", "Mystery-9B-Q4_K_M.gguf", tiny);
        hub.repo("demo/Stories-GGUF", 1000, 10, 1).file("demo/Stories-GGUF", "stories-Q5_K_M.gguf", tiny)
                .file("demo/Stories-GGUF", "stories-Q8_0.gguf", tiny);
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
    void searchFiltersByFitQuantizationAndSupportedArchitecture() throws Exception {
        Outcome all = parallax("models", "search", "demo", "--json");
        assertEquals(0, all.code(), all.err());
        JsonNode hits = JSON.readTree(all.out());
        assertEquals(3, hits.size());
        JsonNode big = hits.get(0);
        assertEquals("demo/Llama-3.1-405B-Instruct-GGUF", big.get("repo").asText());
        assertEquals(405_853_388_800L, big.get("parameters").asLong(), "the Hub's GGUF summary");
        assertEquals("llama", big.get("architecture").asText());
        assertEquals("[\"Q2_K\",\"Q4_K_M\"]", big.get("quantizations").toString());
        assertEquals("wont_fit", big.get("fit").get("verdict").asText());
        assertEquals("Q4_K_M", big.get("fit").get("quantization").asText());
        assertEquals(4096, big.get("fit").get("context").asLong());
        assertEquals("unsupported", hits.get(1).get("compatibility").asText(), hits.get(1).toString());
        assertEquals("Q5_K_M", hits.get(2).get("fit").get("quantization").asText(), "no Q4_K_M: the smallest at 4 bits or more");

        Outcome fits = parallax("models", "search", "demo", "--fits", "--json");
        assertEquals(0, fits.code(), fits.err());
        assertEquals(List.of("demo/Mystery-9B-GGUF", "demo/Stories-GGUF"), repos(fits));
        assertTrue(fits.err().contains("1 hidden by filters (1 too large at 4,096 tokens)"), fits.err());

        Outcome q8 = parallax("models", "search", "demo", "--quant", "q8_0", "--json");
        assertEquals(List.of("demo/Stories-GGUF"), repos(q8));
        assertEquals("Q8_0", JSON.readTree(q8.out()).get(0).get("fit").get("quantization").asText());
        assertTrue(q8.err().contains("2 hidden by filters (2 without Q8_0)"), q8.err());

        Outcome supported = parallax("models", "search", "demo", "--supported", "--json");
        assertEquals(List.of("demo/Llama-3.1-405B-Instruct-GGUF", "demo/Stories-GGUF"), repos(supported));

        Outcome none = parallax("models", "search", "demo", "--fits", "--quant", "Q2_K", "--ctx", "8192");
        assertEquals(0, none.code(), none.err());
        assertTrue(none.out().startsWith("No GGUF models for 'demo' pass the filters"), none.out());
        assertTrue(none.err().contains("too large at 8,192 tokens"), none.err());

        Outcome table = parallax("models", "search", "demo", "--supported");
        assertTrue(table.out().contains("won't fit (Q4_K_M ~"), table.out());
        assertEquals(2, parallax("models", "search", "demo", "--quant", "Q9_Z").code());
    }

    private static List<String> repos(Outcome o) throws Exception {
        List<String> repos = new ArrayList<>();
        JSON.readTree(o.out()).forEach(h -> repos.add(h.get("repo").asText()));
        return repos;
    }

    @Test
    void pullInstallsTheRecommendedQuantAndRunningItAgainFetchesNothing() throws Exception {
        Outcome pull = parallax("models", "pull", "Qwen/Qwen2.5-0.5B-Instruct-GGUF");
        assertEquals(0, pull.code(), pull.err());
        assertEquals("qwen2.5-0.5b-instruct-q8_0", pull.out().strip(), "the catalog's default quant, by name");
        // The current llama.cpp where it can run on this machine (its Java 22+ and libraries found), else java-llama.cpp.
        boolean current;
        try (AppServices probe = new AppServices(new dev.parallax.app.ParallaxHome(home.resolve("probe")), false,
                Map.of("HF_ENDPOINT", hub.endpoint().toString()))) {
            current = probe.localEngines().currentAvailable();
        }
        assertTrue(pull.err().contains(current ? "engine     runs on llama.cpp (current)"
                : "engine     runs on java-llama.cpp (llama.cpp b4916)"), pull.err());
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
        Outcome rate = parallax("models", "pull", "Qwen/Qwen2.5-0.5B-Instruct-GGUF", "--limit-rate", "abc");
        assertEquals(2, rate.code());
        assertEquals("parallax: --limit-rate takes a positive speed such as 500K or 20M, not 'abc'", rate.err().strip(),
                "refused before the Hub is asked and the model described");
    }
}
