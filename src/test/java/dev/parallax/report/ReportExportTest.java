package dev.parallax.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.parallax.bench.stats.TargetStats;
import dev.parallax.history.HistoryDatabase;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Attribute;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ReportExportTest {

    /** Model answers that try to get out of their box in each format. */
    static final List<String> HOSTILE = List.of(
            "<script>alert('x')</script>",
            "<img src=x onerror=alert(1)> and <body onload=alert(2)>",
            "[click me](javascript:alert(1)) and [data](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
            "<a href=\"javascript:alert(1)\">j</a> <a href='data:text/html,<script>alert(1)</script>'>d</a>",
            "<iframe src=\"https://evil.example\"></iframe><svg onload=alert(1)><object data=x></object>",
            "\"><style>body{display:none}</style><meta http-equiv=\"refresh\" content=\"0;url=https://evil.example\">",
            "=HYPERLINK(\"http://evil.example\",\"x\")",
            "+1+1", "-2+3", "@SUM(1+1)", "\tTAB first", "\rCR first",
            "```\n</pre><script>alert(3)</script>\n```",
            "Paris. 日本語 😀 ünïcödé Zażółć gęślą Привет Ωμέγα");

    @TempDir
    Path dir;

    private HistoryDatabase db;
    private ReportService reports;
    private ReportFixture.Ids ids;

    @BeforeEach
    void setUp() throws Exception {
        db = HistoryDatabase.inMemory();
        reports = ReportFixture.service(db);
        ids = ReportFixture.populate(db, HOSTILE.size(), i -> HOSTILE.get(i % HOSTILE.size()));
    }

    @AfterEach
    void tearDown() {
        db.close();
    }

    @Test
    void theHtmlReportRunsNothingAndLinksNowhereButTheWeb() throws Exception {
        for (ReportModel m : List.of(reports.comparison(ids.comparisonId()), reports.batch(ids.batchId()))) {
            Path file = dir.resolve(m.kind().label() + ".html");
            assertEquals(ReportFormat.HTML, reports.write(m, file));
            String html = Files.readString(file);
            Document doc = Jsoup.parse(html);
            assertTrue(doc.select("script").isEmpty(), "no script element");
            assertTrue(doc.select("iframe, object, embed, img, meta[http-equiv=refresh], link, base, form").isEmpty());
            assertEquals(1, doc.select("style").size(), "only the report's own style element");
            for (Element e : doc.getAllElements()) {
                for (Attribute a : e.attributes()) {
                    assertFalse(a.getKey().toLowerCase(Locale.ROOT).startsWith("on"), "event handler " + a + " on " + e.tagName());
                    assertFalse(a.getKey().equalsIgnoreCase("src"), "src on " + e.tagName());
                }
            }
            for (Element a : doc.select("[href]")) {
                String href = a.attr("href").toLowerCase(Locale.ROOT);
                assertTrue(href.startsWith("http://") || href.startsWith("https://") || href.startsWith("mailto:"), href);
            }
            Element csp = doc.selectFirst("meta[http-equiv=Content-Security-Policy]");
            assertTrue(csp != null, "CSP meta present");
            assertEquals("default-src 'none'; style-src 'unsafe-inline'; img-src data:", csp.attr("content"));
            // The hostile answers are there, as text.
            String text = doc.text();
            assertTrue(text.contains("</pre><script>alert(3)</script>"), "answers shown as text");
            assertTrue(doc.select("svg").size() >= 4, "charts drawn inline");
            assertTrue(doc.select("svg text").stream().anyMatch(t -> t.text().equals(ReportFixture.LOCAL)));
        }
    }

    @Test
    void thePdfCarriesTheSummaryNumbers() throws Exception {
        ReportModel m = reports.comparison(ids.comparisonId());
        Path file = dir.resolve("comparison.pdf");
        assertEquals(ReportFormat.PDF, reports.write(m, file));
        String text;
        try (PDDocument pdf = Loader.loadPDF(file.toFile())) {
            assertTrue(pdf.getNumberOfPages() >= 3);
            text = new PDFTextStripper().getText(pdf);
        }
        String flat = text.replaceAll("\\s+", " ");
        TargetStats local = m.targets().get(0).stats();
        TargetStats cloud = m.targets().get(1).stats();
        assertTrue(flat.contains("Comparison " + ids.comparisonId().substring(0, 8)));
        assertTrue(flat.contains("6 (6 completed)"), "run count");
        assertTrue(flat.contains("AMD EPYC 7B13 64-Core Processor, 16 cores, 64.0 GiB RAM"), "machine");
        assertTrue(flat.contains("llama.cpp build v0.5.0 0ad4a86"), "engine build");
        assertTrue(flat.contains(Figures.estimate(local.ttftMs().p50())), "local TTFT " + Figures.estimate(local.ttftMs().p50()));
        assertTrue(flat.contains(Figures.estimate(cloud.tokensPerSecond().p50())), "cloud tokens/s");
        assertTrue(flat.contains(Figures.usd(Figures.costPer1000(cloud))), "cloud cost per 1,000");
        assertTrue(flat.contains(m.verdicts().get(0).substring(0, 40)), "verdict");
        assertTrue(flat.contains("Break-even"), "break-even section");
        assertTrue(flat.contains("redact: 1"), "privacy summary");
        java.util.Set<String> words = new java.util.HashSet<>(List.of(flat.split(" ")));
        for (String header : List.of("Runs / completed", "TTFT p50 ms", "Tokens/s p50", "Tokens in / out",
                "Per 1,000 prompts", "Pass rate")) {
            for (String word : header.split(" ")) {
                assertTrue(words.contains(word), "the statistics table cut '" + word + "' of '" + header + "': " + flat);
            }
        }
        assertTrue(flat.contains("Paris. □□□ 😀 ünïcödé Zażółć gęślą Привет Ωμέγα"),
                "Latin, Polish, Cyrillic, Greek and the emoji DejaVu Sans has as written; what no font has (CJK) as □: " + flat);
        assertTrue(flat.contains(PdfReport.Layout.MISSING_NOTE), "the page says what □ means");
        assertTrue(flat.contains("listed with the figures."), "no ligature: 'fi' is copied as two letters");
        assertFalse(flat.matches("(?s).*[\ufb00-\ufb06].*"), "no ligature anywhere");
    }

    @Test
    void thePdfDrawsWhatItsFontsHaveAndMarksTheRestOnce() throws Exception {
        try (PDDocument doc = new PDDocument()) {
            PdfReport.Layout l = new PdfReport.Layout(doc);
            // Hebrew is not in DejaVu Sans Mono: the answer's text takes it from DejaVu Sans rather than lose it.
            assertEquals("שלום Привет", l.drawable("שלום Привет", l.mono, false));
            assertEquals(List.of(l.regular, l.mono), l.runs("שלום Привет", l.mono).stream().map(PdfReport.Layout.Run::font).toList());
            // One square per character a reader would see, whatever it is made of; combining accents kept where drawable.
            assertEquals("□ □ □□ □ e\u0301 x", l.drawable("👨\u200d👩\u200d👧 🇯🇵 日本 👍🏽\ufe0f e\u0301 x", l.mono, false));
            assertEquals("a b", l.drawable("a\u0007\u007f\tb".replace("\t", " "), l.regular, false));
            l.close();
        }
    }

    @Test
    void csvCellsCannotBecomeFormulas() throws Exception {
        Path file = dir.resolve("batch.csv");
        reports.write(reports.batch(ids.batchId()), file);
        List<List<String>> rows = parseCsv(Files.readString(file, StandardCharsets.UTF_8));
        assertEquals(CsvReport.COLUMNS, rows.get(0));
        assertEquals(1 + HOSTILE.size() * 2, rows.size());
        for (List<String> row : rows) {
            assertEquals(CsvReport.COLUMNS.size(), row.size());
            for (String cell : row) {
                assertFalse(!cell.isEmpty() && "=+-@\t\r".indexOf(cell.charAt(0)) >= 0, "dangerous cell: " + cell);
            }
        }
        int output = CsvReport.COLUMNS.indexOf("output");
        assertTrue(rows.stream().anyMatch(r -> r.get(output).equals("'=HYPERLINK(\"http://evil.example\",\"x\")")));
        assertTrue(rows.stream().anyMatch(r -> r.get(output).equals("'@SUM(1+1)")));
        assertTrue(rows.stream().anyMatch(r -> r.get(output).equals("'\tTAB first")));
        int error = CsvReport.COLUMNS.indexOf("error");
        assertTrue(rows.stream().anyMatch(r -> r.get(error).startsWith("HTTP 500")), "errors kept");
    }

    @Test
    void jsonHoldsEverythingWithItsSchemaVersion() throws Exception {
        Path file = dir.resolve("batch.json");
        ReportModel m = reports.batch(ids.batchId());
        reports.write(m, file);
        JsonNode json = new ObjectMapper().readTree(file.toFile());
        assertEquals(ReportModel.SCHEMA_VERSION, json.path("schema_version").asInt());
        assertEquals("batch", json.path("kind").asText());
        assertEquals(HOSTILE.size() * 2, json.path("rows").size());
        assertEquals(HOSTILE.get(0), json.path("rows").get(0).path("output").asText(), "answers kept exactly");
        assertEquals(2, json.path("targets").size());
        JsonNode local = json.path("targets").get(0);
        assertEquals(m.targets().get(0).stats().ttftMs().p50().value(), local.path("ttft_ms").path("p50").path("value").asDouble(), 1e-9);
        assertTrue(local.path("ttft_ms").path("p50").has("ci_low"));
        assertEquals(1.0, json.path("targets").get(1).path("pass_rate").path("rate").asDouble() > 0 ? 1.0 : 0.0);
        assertFalse(json.path("ownership").isNull(), "ownership present");
        assertEquals(42.5, json.path("ownership").path("inputs").path("power_watts").asDouble(), 1e-9);
        assertTrue(json.path("ownership").path("inputs").path("power_source").asText().contains("RAPL"));
        assertEquals(37, json.path("ownership").path("local").path("cumulative_usd").size(), "months 0..36");
        assertTrue(json.path("methodology").size() >= 8);
        assertTrue(json.path("prices").path("used").get(0).path("input_usd_per_mtok").isNumber());
        assertEquals("none detected", json.path("summary").path("gpu_of_exporting_machine").asText());
    }

    @Test
    void markdownKeepsAnswersInFences() throws Exception {
        Path file = dir.resolve("batch.md");
        reports.write(reports.batch(ids.batchId()), file);
        String md = Files.readString(file);
        assertTrue(md.startsWith("# Batch "));
        assertTrue(md.contains("````text\n```\n</pre><script>alert(3)</script>\n```\n````"), "fence longer than the answer's");
        assertTrue(md.contains("| Target | Runs / completed |"));
        // Hostile answers sit inside fences; outside them no link or HTML survives.
        String outside = md.replaceAll("(?s)(`{3,})text\\n.*?\\n\\1\\n", "");
        assertTrue(md.contains("[click me](javascript:alert(1))"), "kept inside a fence");
        assertFalse(outside.contains("javascript:"), "no javascript: outside fences");
        assertFalse(outside.contains("<script"), "no HTML outside fences");
        assertTrue(outside.contains("local:tiny-llama"), "underscores and colons inside words stay readable");
        assertFalse(md.contains("\r"), "one kind of line break in the file: the answer's lone CR is a newline");
        assertTrue(md.contains("```text\n\nCR first\n```"), md);
        String fenced = MarkdownReport.fenced("bell\u0007 del\u007f nul\u0000 tab\tend\r\nnext\rlast");
        assertEquals("```text\nbell del nul tab\tend\nnext\nlast\n```\n\n", fenced, "control characters dropped, as in the HTML");
    }

    @Test
    void aHistorySelectionGroupsRunsByTarget() throws Exception {
        ReportModel m = reports.runs(List.of("run-c-0-0", "run-c-1-0", "run-c-0-1", "missing-run"));
        assertEquals(ReportModel.Kind.RUNS, m.kind());
        assertEquals(2, m.targets().size());
        assertEquals(3, m.rows().size());
        assertEquals(2, m.targets().get(0).stats().runs());
        assertThrows(IllegalArgumentException.class, () -> reports.runs(List.of("missing-run")));
    }

    @Test
    void unknownFormatsAndIdsSayWhatToDo() {
        IllegalArgumentException format = assertThrows(IllegalArgumentException.class,
                () -> reports.write(reports.comparison(ids.comparisonId()), dir.resolve("report.docx")));
        assertTrue(format.getMessage().contains(".html .htm .pdf .csv .md .markdown .json"), format.getMessage());
        assertFalse(Files.exists(dir.resolve("report.docx")));
        IllegalArgumentException id = assertThrows(IllegalArgumentException.class, () -> reports.comparison("nope"));
        assertTrue(id.getMessage().contains("no comparison 'nope'"));
        assertThrows(IllegalArgumentException.class, () -> reports.batch("nope"));
    }

    @Test
    void aRunThePrivacyGateKeptLocalIsCountedWhereTheTableCountsIt() throws Exception {
        // Row 1's cloud run went to the local model instead (local-only policy): the statistics count it for the cloud.
        try (java.sql.Connection c = db.connection();
             java.sql.PreparedStatement ps = c.prepareStatement("UPDATE runs SET target = ?, provider = 'local' WHERE id = ?")) {
            ps.setString(1, ReportFixture.LOCAL);
            ps.setString(2, "run-b-000001-1");
            assertEquals(1, ps.executeUpdate());
        }
        ReportModel m = reports.batch(ids.batchId());
        assertEquals(HOSTILE.size(), m.targets().get(1).stats().runs(), "the cloud target's table row counts it");

        Path csv = dir.resolve("rerouted.csv");
        reports.write(m, csv);
        List<List<String>> rows = parseCsv(Files.readString(csv, StandardCharsets.UTF_8));
        assertEquals(CsvReport.COLUMNS, rows.get(0));
        assertEquals("requested_target", CsvReport.COLUMNS.get(CsvReport.COLUMNS.size() - 1), "a new column goes last");
        int target = CsvReport.COLUMNS.indexOf("target");
        int requested = CsvReport.COLUMNS.indexOf("requested_target");
        for (String t : List.of(ReportFixture.LOCAL, ReportFixture.CLOUD)) {
            int table = m.targets().stream().filter(s -> s.target().equals(t)).findFirst().orElseThrow().stats().runs();
            assertEquals(table, rows.stream().skip(1).filter(r -> r.get(requested).equals(t)).count(),
                    "CSV lines for " + t + " add up to the statistics table");
        }
        List<String> moved = rows.stream().filter(r -> r.get(CsvReport.COLUMNS.indexOf("run_id")).equals("run-b-000001-1"))
                .findFirst().orElseThrow();
        assertEquals(List.of(ReportFixture.LOCAL, ReportFixture.CLOUD), List.of(moved.get(target), moved.get(requested)));

        Path json = dir.resolve("rerouted.json");
        reports.write(m, json);
        JsonNode row = new ObjectMapper().readTree(json.toFile()).path("rows").get(3);
        assertEquals("run-b-000001-1", row.path("run_id").asText());
        assertEquals(ReportFixture.LOCAL, row.path("target").asText(), "where it ran");
        assertEquals(ReportFixture.CLOUD, row.path("requested_target").asText(), "what it was run for");

        Path html = dir.resolve("rerouted.html");
        reports.write(m, html);
        assertTrue(Jsoup.parse(html.toFile()).text().contains(ReportFixture.CLOUD + " (ran on " + ReportFixture.LOCAL + ")"));
        Path md = dir.resolve("rerouted.md");
        reports.write(m, md);
        assertTrue(Files.readString(md).contains("### Row 2 · " + ReportFixture.CLOUD + " (ran on " + ReportFixture.LOCAL + ")"));
    }

    @Test
    void aMissingOrWrongFolderIsNamedAndNothingIsLeftBehind() throws Exception {
        ReportModel m = reports.comparison(ids.comparisonId());
        Path missing = dir.resolve("no-such-folder").resolve("report.html");
        java.io.IOException e = assertThrows(java.io.IOException.class, () -> reports.write(m, missing));
        assertTrue(e.getMessage().contains("the folder " + missing.getParent() + " does not exist"), e.getMessage());
        assertFalse(Files.exists(missing.getParent()), "no folder made for a mistyped path");

        Path file = Files.writeString(dir.resolve("plain-file"), "x");
        e = assertThrows(java.io.IOException.class, () -> reports.write(m, file.resolve("report.csv")));
        assertTrue(e.getMessage().contains(file + " is a file, not a folder"), e.getMessage());

        Path folder = Files.createDirectory(dir.resolve("looks-like.pdf"));
        e = assertThrows(java.io.IOException.class, () -> reports.write(m, folder));
        assertTrue(e.getMessage().contains("that is a folder"), e.getMessage());
        assertFalse(e.getMessage().contains(".tmp"), "no temporary file name in the message: " + e.getMessage());

        try (var left = Files.list(dir)) {
            assertEquals(List.of("looks-like.pdf", "plain-file"), left.map(p -> p.getFileName().toString()).sorted().toList(),
                    "no partial or temporary file");
        }
    }

    @Test
    void anUnwritableFolderSaysSoAndKeepsTheOldReport() throws Exception {
        Path locked = Files.createDirectory(dir.resolve("locked"));
        Path old = Files.writeString(locked.resolve("report.json"), "old");
        java.nio.file.attribute.PosixFileAttributeView view = Files.getFileAttributeView(locked,
                java.nio.file.attribute.PosixFileAttributeView.class);
        org.junit.jupiter.api.Assumptions.assumeTrue(view != null, "POSIX permissions");
        view.setPermissions(java.nio.file.attribute.PosixFilePermissions.fromString("r-xr-xr-x"));
        try {
            org.junit.jupiter.api.Assumptions.assumeFalse(Files.isWritable(locked), "not running as root");
            java.io.IOException e = assertThrows(java.io.IOException.class,
                    () -> reports.write(reports.comparison(ids.comparisonId()), old));
            assertTrue(e.getMessage().startsWith("cannot write the report to " + old + ": permission denied"), e.getMessage());
            assertEquals("old", Files.readString(old));
        } finally {
            view.setPermissions(java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
        }
    }

    @Test
    void aReportGetsTheFolderUsualPermissionsNotOwnerOnly() throws Exception {
        Path reference = Files.createFile(dir.resolve("reference"));
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.getFileAttributeView(reference,
                java.nio.file.attribute.PosixFileAttributeView.class) != null, "POSIX permissions");
        Path file = dir.resolve("shared.html");
        reports.write(reports.comparison(ids.comparisonId()), file);
        assertEquals(Files.getPosixFilePermissions(reference), Files.getPosixFilePermissions(file),
                "a report to share is readable by whoever any new file here is readable by");
        reports.write(reports.comparison(ids.comparisonId()), file);
        assertEquals(Files.getPosixFilePermissions(reference), Files.getPosixFilePermissions(file), "and when replaced");
    }

    /** RFC 4180. */
    static List<List<String>> parseCsv(String s) {
        List<List<String>> rows = new ArrayList<>();
        List<String> row = new ArrayList<>();
        StringBuilder cell = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < s.length() && s.charAt(i + 1) == '"') {
                    cell.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    cell.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                row.add(cell.toString());
                cell.setLength(0);
            } else if (c == '\r' && i + 1 < s.length() && s.charAt(i + 1) == '\n') {
                row.add(cell.toString());
                cell.setLength(0);
                rows.add(row);
                row = new ArrayList<>();
                i++;
            } else {
                cell.append(c);
            }
        }
        return rows;
    }
}
