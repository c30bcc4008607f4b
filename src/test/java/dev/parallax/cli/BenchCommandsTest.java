package dev.parallax.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parallax.testing.FakeOpenAiServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** compare, bench, datasets and batch on the command line, against a fake OpenAI-compatible server. */
class BenchCommandsTest {

    @TempDir
    Path home;

    @TempDir
    Path files;

    private CliHarness cli(FakeOpenAiServer server) {
        CliHarness cli = new CliHarness(home);
        cli.env.put("OPENAI_BASE_URL", server.base().toString());
        cli.env.put("OPENAI_API_KEY", "sk-test-00000000000000000000");
        return cli;
    }

    @Test
    void aBenchWhoseRunsAllFailSaysWhyAndExitsOne() throws Exception {
        int closed;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closed = s.getLocalPort();
        }
        CliHarness cli = new CliHarness(home);
        cli.env.put("OPENAI_BASE_URL", "http://127.0.0.1:" + closed + "/v1");
        cli.env.put("OPENAI_API_KEY", "sk-test-00000000000000000000");
        Path csv = Files.writeString(files.resolve("one.csv"), "prompt\nHello\n", StandardCharsets.UTF_8);
        CliHarness.Result r = cli.run("bench", "--dataset", csv.toString(), "--target", "openai:gpt-4o-mini", "--json");
        assertEquals(1, r.code(), r.err());
        assertEquals("completed", r.json().path("status").asText(), "the JSON report is printed all the same");
        assertTrue(r.err().contains("parallax: no run succeeded (1 failed); the first: cannot connect to http://127.0.0.1:"
                + closed), r.err());
    }

    @Test
    void benchPrintsTheJsonContractWithSkippedRowsAndTheBatchCanBeReportedAgain() throws Exception {
        try (FakeOpenAiServer server = new FakeOpenAiServer(5, 3, 1).answering("Paris")) {
            CliHarness cli = cli(server);
            Path csv = files.resolve("q.csv");
            Files.writeString(csv, "question,answer\nCapital of France?,Paris\n\"broken,row\",x,y\nCapital of Italy?,Rome\n",
                    StandardCharsets.UTF_8);
            CliHarness.Result r = cli.run("bench", "--dataset", csv.toString(), "--target", "openai:gpt-4o-mini",
                    "--target", "openai:gpt-4o", "--concurrency", "2", "--repeat", "2", "--check", "icontains", "--json");
            assertEquals(0, r.code(), r.err());
            JsonNode j = r.json();
            String batchId = j.path("batch_id").asText();
            assertFalse(batchId.isEmpty());
            assertEquals("completed", j.path("status").asText());
            assertEquals(2, j.path("targets").size());
            JsonNode t = j.path("targets").get(0);
            assertEquals("openai:gpt-4o-mini", t.path("target").asText());
            assertEquals(4, t.path("runs").asInt());
            assertEquals(4, t.path("succeeded").asInt());
            assertEquals(0, t.path("failed").asInt());
            for (String metric : new String[] {"ttft_ms", "total_ms", "tokens_per_second"}) {
                for (String p : new String[] {"p50", "p95", "p99"}) {
                    assertTrue(t.path(metric).path(p).isNumber(), metric + "." + p + " in " + t);
                }
            }
            assertTrue(t.path("cost_usd").isNumber());
            assertEquals(0.5, t.path("pass_rate").asDouble(), 1e-9, "Paris is right for one row of two");
            assertEquals(1, j.path("skipped_rows").size());
            assertEquals(3, j.path("skipped_rows").get(0).path("line").asInt());
            assertTrue(j.path("skipped_rows").get(0).path("reason").asText().startsWith("has 3 fields"));
            assertEquals(3, j.path("comparisons").size());

            CliHarness.Result list = cli.run("batch", "list");
            assertEquals(0, list.code(), list.err());
            assertTrue(list.out().contains(batchId) && list.out().contains("completed"), list.out());
            CliHarness.Result report = cli.run("batch", "report", batchId.substring(0, 8), "--json");
            assertEquals(0, report.code(), report.err());
            assertEquals(j.path("targets"), report.json().path("targets"), "the same figures, read back from history");
            CliHarness.Result table = cli.run("batch", "report", batchId);
            assertTrue(table.out().contains("openai:gpt-4o-mini") && table.out().contains("TTFT ms p50/p95/p99"), table.out());
            assertTrue(table.out().contains("line 3: has 3 fields"), table.out());

            CliHarness.Result again = cli.run("batch", "resume", batchId);
            assertEquals(1, again.code());
            assertTrue(again.err().contains("is completed; there is nothing to resume"), again.err());
        }
    }

    @Test
    void datasetsCanBePreviewedImportedListedShownAndReusedByBench() throws Exception {
        try (FakeOpenAiServer server = new FakeOpenAiServer(5, 2, 1)) {
            CliHarness cli = cli(server);
            Path jsonl = files.resolve("rows.jsonl");
            Files.writeString(jsonl, "{\"city\":\"Oslo\"}\n{\"city\":\"Lima\"}\nnot json\n", StandardCharsets.UTF_8);
            CliHarness.Result preview = cli.run("datasets", "preview", jsonl.toString(), "--template", "Where is {{city}}?", "--json");
            assertEquals(0, preview.code(), preview.err());
            assertEquals("Where is Oslo?", preview.json().path("rows").get(0).path("prompt").asText());
            assertEquals(3, preview.json().path("skipped_rows").get(0).path("line").asInt());

            CliHarness.Result imported = cli.run("datasets", "import", jsonl.toString(), "--template", "Where is {{city}}?", "--json");
            assertEquals(0, imported.code(), imported.err());
            String id = imported.json().path("dataset_id").asText();
            assertEquals(2, imported.json().path("rows").asInt());
            assertEquals(1, imported.json().path("skipped_rows").size());
            assertTrue(cli.run("datasets", "list").out().contains(id));
            CliHarness.Result show = cli.run("datasets", "show", id.substring(0, 6));
            assertTrue(show.out().contains("Where is Lima?"), show.out());

            CliHarness.Result bench = cli.run("bench", "--dataset", id, "--target", "openai:gpt-4o-mini");
            assertEquals(0, bench.code(), bench.err());
            assertTrue(bench.out().contains("2 rows × 1 target(s)"), bench.out());
            assertEquals(2, server.requests());
        }
    }

    @Test
    void expectedAnswersThatNoCheckGradesGetAHintAndAreGradedWithContains() throws Exception {
        try (FakeOpenAiServer server = new FakeOpenAiServer(5, 2, 1)) {
            CliHarness cli = cli(server);
            Path csv = files.resolve("graded.csv");
            Files.writeString(csv, "question,answer\nSay tok,tok\nSay nothing,zebra\n", StandardCharsets.UTF_8);
            CliHarness.Result plain = cli.run("bench", "--dataset", csv.toString(), "--target", "openai:gpt-4o-mini");
            assertEquals(0, plain.code(), plain.err());
            assertTrue(plain.err().contains("column 'answer' holds expected answers, but no check uses it; add --check"
                    + " contains"), plain.err());

            CliHarness.Result graded = cli.run("bench", "--dataset", csv.toString(), "--target", "openai:gpt-4o-mini",
                    "--check", "contains", "--json");
            assertEquals(0, graded.code(), graded.err());
            assertFalse(graded.err().contains("no check uses it"), graded.err());
            JsonNode target = graded.json().path("targets").get(0);
            assertEquals(0.5, target.path("pass_rate").asDouble(), 1e-9, graded.out());
        }
    }

    @Test
    void compareJsonHasEachTargetsFiguresBadgesAndAnswerAndCanBeShownAgain() throws Exception {
        try (FakeOpenAiServer server = new FakeOpenAiServer(5, 3, 1)) {
            CliHarness cli = cli(server);
            CliHarness.Result r = cli.run("compare", "--prompt", "Say hi", "--target", "openai:gpt-4o-mini",
                    "--target", "openai:gpt-4o", "--repeat", "3", "--sequential", "--json");
            assertEquals(0, r.code(), r.err());
            JsonNode j = r.json();
            assertEquals(2, j.path("targets").size());
            JsonNode t = j.path("targets").get(0);
            assertEquals(3, t.path("runs").asInt());
            assertTrue(t.path("ttft_ms").path("p50").isNumber());
            assertTrue(t.path("ttft_ms").path("p95").isNumber());
            assertEquals("tok tok tok", t.path("answer").asText());
            assertEquals("openai:gpt-4o-mini", j.path("badges").path("cheapest").asText());
            assertEquals(1, server.maxConcurrent());
            String id = j.path("comparison_id").asText();
            CliHarness.Result shown = cli.run("comparisons", "show", id);
            assertEquals(0, shown.code(), shown.err());
            assertTrue(shown.out().contains("cheapest") && shown.out().contains("── openai:gpt-4o"), shown.out());
            assertTrue(cli.run("comparisons", "list").out().contains(id));
            assertEquals(0, cli.run("comparisons", "show", id.substring(0, 8)).code(), "by its first characters");
            CliHarness.Result tooShort = cli.run("comparisons", "show", id.substring(0, 1));
            assertEquals(2, tooShort.code(), "one character names too many comparisons to be of use");
            assertTrue(tooShort.err().contains("give at least 4 characters"), tooShort.err());
        }
    }

    @Test
    void mistakesGetClearMessagesAndExitCodes() throws Exception {
        try (FakeOpenAiServer server = new FakeOpenAiServer(5, 2, 1)) {
            CliHarness cli = cli(server);
            Path gguf = files.resolve("model.gguf");
            Files.write(gguf, new byte[] {'G', 'G', 'U', 'F', 3, 0, 0, 0});
            CliHarness.Result notData = cli.run("bench", "--dataset", gguf.toString(), "--target", "openai:gpt-4o-mini");
            assertEquals(1, notData.code());
            assertTrue(notData.err().contains("model.gguf is a GGUF model, not a dataset"), notData.err());
            CliHarness.Result badCheck = cli.run("bench", "--dataset", gguf.toString(), "--target", "openai:x", "--check", "nope");
            assertEquals(2, badCheck.code());
            assertTrue(badCheck.err().contains("unknown check 'nope'"), badCheck.err());
            CliHarness.Result one = cli.run("compare", "--prompt", "x", "--target", "openai:gpt-4o-mini");
            assertEquals(2, one.code());
            assertTrue(one.err().contains("a comparison takes 2 to 6 targets, not 1"), one.err());
            CliHarness.Result missing = cli.run("bench", "--dataset", "nosuch", "--target", "openai:gpt-4o-mini");
            assertEquals(1, missing.code());
            assertTrue(missing.err().contains("no imported dataset 'nosuch'"), missing.err());
            Path csv = files.resolve("a.csv");
            Files.writeString(csv, "a,b\n1,2\n");
            CliHarness.Result mapping = cli.run("datasets", "import", csv.toString());
            assertEquals(2, mapping.code());
            assertTrue(mapping.err().contains("which column holds the prompt? The file has a, b"), mapping.err());
        }
    }
}
