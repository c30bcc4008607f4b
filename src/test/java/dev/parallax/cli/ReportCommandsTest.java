package dev.parallax.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parallax.history.HistoryDatabase;
import dev.parallax.report.ReportFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** report and cost on the command line, over a history written through the repositories. */
class ReportCommandsTest {

    @TempDir
    Path home;

    @TempDir
    Path files;

    private ReportFixture.Ids ids;

    @BeforeEach
    void populate() throws Exception {
        try (HistoryDatabase db = HistoryDatabase.open(home)) {
            ids = ReportFixture.populate(db, 20, i -> "Paris, answer " + i);
        }
    }

    @Test
    void reportWritesEachFormatFromTheExtension() throws Exception {
        CliHarness cli = new CliHarness(home);
        for (String name : new String[]{"c.html", "c.pdf", "c.csv", "c.md", "c.json"}) {
            Path out = files.resolve(name);
            CliHarness.Result r = cli.run("report", "--comparison", ids.comparisonId().substring(0, 8), "--out", out.toString());
            assertEquals(0, r.code(), r.err());
            assertTrue(r.out().contains("report of comparison " + ids.comparisonId()), r.out());
            assertTrue(Files.size(out) > 500, name);
        }
        assertTrue(Files.readString(files.resolve("c.html")).contains("Content-Security-Policy"));
        assertTrue(new String(Files.readAllBytes(files.resolve("c.pdf")), 0, 5, java.nio.charset.StandardCharsets.US_ASCII)
                .equals("%PDF-"));
        JsonNode json = RunJson.JSON.readTree(files.resolve("c.json").toFile());
        assertEquals(1, json.path("schema_version").asInt());

        Path batch = files.resolve("b.json");
        CliHarness.Result b = cli.run("report", "--batch", ids.batchId(), "--out", batch.toString());
        assertEquals(0, b.code(), b.err());
        assertEquals(40, RunJson.JSON.readTree(batch.toFile()).path("rows").size());
    }

    @Test
    void reportRefusesUnknownExtensionsAndIds() {
        CliHarness cli = new CliHarness(home);
        CliHarness.Result ext = cli.run("report", "--comparison", ids.comparisonId(), "--out", files.resolve("r.docx").toString());
        assertEquals(2, ext.code());
        assertTrue(ext.err().contains("use one of the extensions .html .htm .pdf .csv .md .markdown .json"), ext.err());
        CliHarness.Result id = cli.run("report", "--batch", "no-such-batch", "--out", files.resolve("r.html").toString());
        assertEquals(1, id.code());
        assertTrue(id.err().contains("no batch 'no-such-batch'"), id.err());
        assertFalse(Files.exists(files.resolve("r.html")));
        Path nowhere = files.resolve("typo-folder").resolve("r.pdf");
        CliHarness.Result folder = cli.run("report", "--batch", ids.batchId(), "--out", nowhere.toString());
        assertEquals(1, folder.code());
        assertTrue(folder.err().contains("cannot write the report to " + nowhere + ": the folder " + nowhere.getParent()
                + " does not exist"), folder.err());
        assertFalse(Files.exists(nowhere.getParent()));
        CliHarness.Result both = cli.run("report", "--batch", "x", "--comparison", "y", "--out", "r.html");
        assertEquals(2, both.code());
        CliHarness.Result none = cli.run("report", "--out", "r.html");
        assertEquals(2, none.code());
    }

    @Test
    void costPrintsTheBreakEvenFromTheBatchsMeasurements() throws Exception {
        CliHarness cli = new CliHarness(home);
        CliHarness.Result r = cli.run("cost", "--batch", ids.batchId(), "--json", "--hardware-price", "1200",
                "--lifetime-months", "24", "--electricity", "0.30", "--prompts-per-month", "10000000");
        assertEquals(0, r.code(), r.err());
        JsonNode j = r.json();
        JsonNode in = j.path("inputs");
        assertEquals(1200, in.path("hardware_usd").asDouble(), 1e-9);
        assertEquals(24, in.path("lifetime_months").asInt());
        assertEquals(42.5, in.path("power_watts").asDouble(), 1e-9);
        assertTrue(in.path("power_source").asText().contains("RAPL"));
        assertEquals(24, in.path("input_tokens_per_prompt").asDouble(), 1e-9);
        JsonNode cloud = j.path("clouds").get(0);
        assertEquals("openai:gpt-4o-mini", cloud.path("target").asText());
        // Monthly cloud: 1e7 prompts × (24 × $0.15 + out × $0.60) / 1e6; local: the hardware, then energy each month.
        double out = in.path("output_tokens_per_prompt").asDouble();
        assertEquals(10 * (24 * 0.15 + out * 0.60), cloud.path("monthly_usd").asDouble(), 1e-6);
        double energy = j.path("local").path("energy_usd_per_month").asDouble();
        double months = 1200 / (cloud.path("monthly_usd").asDouble() - energy);
        assertEquals(months, cloud.path("break_even_exact_months").asDouble(), 1e-6);
        assertEquals((int) Math.ceil(months), cloud.path("break_even_month").asInt());
        assertTrue(months < 24, "breaks even within the lifetime: " + months);
        assertEquals(25, cloud.path("cumulative_usd").size());
        // 1e7 prompts × ~50 tokens ÷ ~30 tokens/s is far more than one machine's hours a month.
        assertTrue(j.path("local").path("capacity_exceeded").asBoolean());

        CliHarness.Result text = cli.run("cost", "--dataset", ids.datasetId(), "--power-watts", "300", "--hardware-price", "5000",
                "--lifetime-months", "12");
        assertEquals(0, text.code(), text.err());
        assertTrue(text.out().contains("openai:gpt-4o-mini"), text.out());
        assertTrue(text.out().contains("300 W (entered)"), text.out());
        assertTrue(text.out().contains("never"), text.out());
        assertTrue(text.out().contains("Assumptions:"));
    }

    @Test
    void costSaysWhatIsMissing() {
        CliHarness cli = new CliHarness(home);
        CliHarness.Result none = cli.run("cost", "--batch", "nope");
        assertEquals(1, none.code(), "an id that names nothing, as for report");
        assertTrue(none.err().contains("no batch 'nope'"), none.err());
        CliHarness.Result badCloud = cli.run("cost", "--batch", ids.batchId(), "--cloud", "acme:unknown-model");
        assertEquals(2, badCloud.code());
        assertTrue(badCloud.err().contains("no price for acme:unknown-model"), badCloud.err());
        CliHarness.Result bad = cli.run("cost", "--batch", ids.batchId(), "--utilisation", "0");
        assertEquals(2, bad.code());
        assertTrue(bad.err().contains("utilisation must be above 0"), bad.err());
        CliHarness.Result extra = cli.run("cost", "--batch", ids.batchId(), "--cloud", "openai:gpt-4o", "--json");
        assertEquals(0, extra.code(), extra.err());
    }
}
