package dev.parallax.bench.dataset;

import dev.parallax.core.TaskProgress;
import dev.parallax.history.DatasetRepository;
import dev.parallax.history.DatasetRow;
import dev.parallax.history.HistoryDatabase;
import dev.parallax.history.SkippedRow;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedWriter;
import java.io.ByteArrayOutputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Dataset files as people really have them: BOMs, CRLF, quoted newlines, emoji, broken rows, six formats. */
class DatasetServiceTest {

    @TempDir
    Path dir;

    private HistoryDatabase db;
    private DatasetService datasets;

    @BeforeEach
    void open() {
        db = HistoryDatabase.open(dir.resolve("home"));
        datasets = new DatasetService(new DatasetRepository(db), Clock.systemUTC());
    }

    @AfterEach
    void close() {
        db.close();
    }

    private Path file(String name, byte[] bytes) throws Exception {
        Path f = dir.resolve(name);
        Files.write(f, bytes);
        return f;
    }

    private static byte[] withBom(byte[] bom, String text, Charset cs) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(bom);
        out.writeBytes(text.getBytes(cs));
        return out.toByteArray();
    }

    private DatasetImport importIt(Path f, ColumnMapping m) throws Exception {
        return datasets.importFile(f, m, Optional.empty(), TaskProgress.none());
    }

    @Test
    void theSameFileImportedAgainIsReusedUnlessItsContentNameOrMappingChanged() throws Exception {
        Path f = file("evals.csv", "prompt,expected\nWhat is 2+2?,4\nCapital of France?,Paris\n".getBytes(StandardCharsets.UTF_8));
        DatasetImport first = importIt(f, ColumnMapping.auto());
        assertFalse(first.reused());

        DatasetImport again = importIt(f, ColumnMapping.auto());
        assertTrue(again.reused());
        assertEquals(first.dataset().id(), again.dataset().id());
        assertEquals(1, datasets.list().size(), "no copy is listed");

        DatasetImport templated = importIt(f, ColumnMapping.auto().withTemplate("Q: {{prompt}}"));
        assertFalse(templated.reused(), "another mapping is another dataset");
        DatasetImport renamed = datasets.importFile(f, ColumnMapping.auto(), Optional.of("evals v2"), TaskProgress.none());
        assertFalse(renamed.reused(), "a name of its own is a dataset of its own");

        Files.writeString(f, "prompt,expected\nWhat is 2+2?,4\nCapital of Spain?,Madrid\n", StandardCharsets.UTF_8);
        DatasetImport edited = importIt(f, ColumnMapping.auto());
        assertFalse(edited.reused(), "an edited file is imported anew");
        assertEquals("Capital of Spain?", datasets.rows(edited.dataset().id(), 0, 10).get(1).prompt());
        assertEquals(4, datasets.list().size());

        assertTrue(datasets.delete(edited.dataset().id()));
        assertFalse(importIt(f, ColumnMapping.auto()).reused(), "a deleted dataset is not reused");
    }

    @Test
    void aCsvWithBomCrlfQuotedNewlinesEmojiAndOneBrokenRowImportsTheRest() throws Exception {
        String csv = "Question,Answer,tags\r\n"
                + "\"What is 2+2?\",4,math\r\n"
                + "\r\n"
                + "\"Say \"\"hi\"\"\r\nin two lines\",\"hi\r\nthere\",greeting\r\n"
                + "Emoji 🎉 ok?,yes 👍,\r\n"
                + "broken,row,with,too,many\r\n"
                + ",,\r\n"
                + "Last one,done,end";
        Path f = file("tricky.csv", withBom(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}, csv, StandardCharsets.UTF_8));

        DatasetPreview preview = datasets.preview(f, ColumnMapping.auto(), 2);
        assertEquals(DatasetFormat.CSV, preview.format());
        assertEquals(List.of("Question", "Answer", "tags"), preview.columns(), "the BOM is not part of the first column");
        assertEquals("Question", preview.mapping().get("prompt"));
        assertEquals("Answer", preview.mapping().get("expected"));
        assertEquals(2, preview.rows().size());

        DatasetImport imported = importIt(f, ColumnMapping.auto());
        List<DatasetRow> rows = datasets.rows(imported.dataset().id(), 0, 100);
        assertEquals(4, rows.size());
        assertEquals("Say \"hi\"\r\nin two lines", rows.get(1).prompt());
        assertEquals(Optional.of("hi\r\nthere"), rows.get(1).expected());
        assertEquals(4, rows.get(1).line());
        assertEquals("Emoji 🎉 ok?", rows.get(2).prompt());
        assertEquals(Optional.of("yes 👍"), rows.get(2).expected());
        assertEquals(Optional.empty(), rows.get(2).tags());
        assertEquals(7, rows.get(2).line(), "a quoted line break counts as a line");
        assertEquals(10, rows.get(3).line());
        assertEquals(List.of(new SkippedRow(8, "has 5 fields but the header has 3 (2 too many: an unquoted comma in a value?)")),
                imported.skipped());
        assertEquals(4, imported.dataset().rowCount());
    }

    @Test
    void utf16FilesWithEitherByteOrderAreRead() throws Exception {
        String tsv = "prompt\texpected\nBonjour ça va ?\toui\nZweite Zeile\tja\n";
        Path le = file("le.tsv", withBom(new byte[] {(byte) 0xFF, (byte) 0xFE}, tsv, StandardCharsets.UTF_16LE));
        Path be = file("be.csv", withBom(new byte[] {(byte) 0xFE, (byte) 0xFF}, tsv.replace('\t', ','), StandardCharsets.UTF_16BE));
        for (Path f : List.of(le, be)) {
            List<DatasetRow> rows = datasets.rows(importIt(f, ColumnMapping.auto()).dataset().id(), 0, 10);
            assertEquals(2, rows.size(), f.toString());
            assertEquals("Bonjour ça va ?", rows.get(0).prompt());
            assertEquals(Optional.of("oui"), rows.get(0).expected());
        }
    }

    @Test
    void latin1WithoutBomIsReadAsWindows1252() throws Exception {
        Path f = file("latin.csv", "prompt\nCaf\u00e9 cr\u00e8me\n".getBytes(Charset.forName("windows-1252")));
        assertEquals("Café crème", datasets.rows(importIt(f, ColumnMapping.auto()).dataset().id(), 0, 1).get(0).prompt());
    }

    @Test
    void jsonLinesSkipABadLineAndKeepTheRest() throws Exception {
        String jsonl = "{\"input\":\"one\",\"ideal\":\"1\",\"tags\":[\"a\",\"b\"]}\n"
                + "{\"input\": \"two\", oops}\n"
                + "\n"
                + "\"just a string prompt\"\n"
                + "42\n"
                + "{\"input\":\"three\",\"ideal\":3,\"meta\":{\"x\":1}}\n";
        DatasetImport imported = importIt(file("rows.jsonl", jsonl.getBytes(StandardCharsets.UTF_8)),
                ColumnMapping.auto().withPrompt("input"));
        List<DatasetRow> rows = datasets.rows(imported.dataset().id(), 0, 10);
        assertEquals(List.of("one", "three"), rows.stream().map(DatasetRow::prompt).toList(),
                "a bare string has no input");
        assertEquals(Optional.of("a,b"), rows.get(0).tags());
        assertEquals(Optional.of("3"), rows.get(1).expected());
        assertEquals("{\"x\":1}", rows.get(1).values().get("meta"));
        assertEquals(List.of(2L, 4L, 5L), imported.skipped().stream().map(SkippedRow::line).toList());
        assertTrue(imported.skipped().get(0).reason().startsWith("is not valid JSON"));
        assertEquals("has an empty prompt (column input)", imported.skipped().get(1).reason());
        assertEquals("is a JSON number, not an object or a string", imported.skipped().get(2).reason());
    }

    @Test
    void aJsonProblemIsSaidWithoutTheParsersSourceLocation() {
        com.fasterxml.jackson.core.JsonProcessingException e = org.junit.jupiter.api.Assertions.assertThrows(
                com.fasterxml.jackson.core.JsonProcessingException.class,
                () -> new com.fasterxml.jackson.databind.ObjectMapper().readTree("{\"prompt\":\"two\""));
        assertTrue(e.getOriginalMessage().contains("[Source:"), "Jackson still writes its location: " + e.getOriginalMessage());
        assertEquals("Unexpected end-of-input: expected close marker for Object", DatasetReader.jsonProblem(e));
    }

    @Test
    void jsonArraysOfObjectsOrStringsAndWrappedArrays() throws Exception {
        Path arr = file("a.json", "[\n {\"question\": \"q1\", \"answer\": \"a1\"},\n {\"question\": \"q2\"}\n]".getBytes(StandardCharsets.UTF_8));
        List<DatasetRow> rows = datasets.rows(importIt(arr, ColumnMapping.auto()).dataset().id(), 0, 10);
        assertEquals(List.of("q1", "q2"), rows.stream().map(DatasetRow::prompt).toList());
        assertEquals(3, rows.get(1).line());

        Path strings = file("s.json", "[\"first\", \"second\"]".getBytes(StandardCharsets.UTF_8));
        assertEquals(2, importIt(strings, ColumnMapping.auto()).dataset().rowCount());

        Path wrapped = file("w.json", "{\"version\": 2, \"meta\": {\"a\": [1]}, \"rows\": [{\"prompt\": \"x\"}]}".getBytes(StandardCharsets.UTF_8));
        assertEquals(1, importIt(wrapped, ColumnMapping.auto()).dataset().rowCount());
    }

    @Test
    void textFilesHaveOnePromptPerLine() throws Exception {
        Path f = file("prompts.txt", "first prompt\r\n\r\nsecond 🎈\nthird".getBytes(StandardCharsets.UTF_8));
        List<DatasetRow> rows = datasets.rows(importIt(f, ColumnMapping.auto()).dataset().id(), 0, 10);
        assertEquals(List.of("first prompt", "second 🎈", "third"), rows.stream().map(DatasetRow::prompt).toList());
        assertEquals(List.of(1L, 3L, 4L), rows.stream().map(DatasetRow::line).toList());
    }

    @Test
    void xlsxSheetsWithSharedInlineAndNumberCellsAndGaps() throws Exception {
        Path f = dir.resolve("book.xlsx");
        XlsxWriter.write(f, List.of(
                List.of("city", "country", "population"),
                List.of("Paris", "France", "2102650"),
                Arrays.asList("inline:Zürich & Co <x>", null, "0.5"),
                List.of(),
                List.of("Lyon", "France", "513275", "extra")));
        DatasetPreview preview = datasets.preview(f, ColumnMapping.auto().withTemplate("What country is {{ city }} in?"), 10);
        assertEquals(DatasetFormat.XLSX, preview.format());
        assertEquals(List.of("city", "country", "population"), preview.columns());
        DatasetImport imported = importIt(f, ColumnMapping.auto().withTemplate("What country is {{ city }} in?")
                .withExpected("country"));
        List<DatasetRow> rows = datasets.rows(imported.dataset().id(), 0, 10);
        assertEquals(List.of("What country is Paris in?", "What country is Zürich & Co <x> in?"),
                rows.stream().map(DatasetRow::prompt).toList());
        assertEquals("2102650", rows.get(0).values().get("population"));
        assertEquals("0.5", rows.get(1).values().get("population"));
        assertEquals(Optional.empty(), rows.get(1).expected());
        assertEquals(3, rows.get(1).line(), "sheet row numbers");
        assertEquals(List.of(5L), imported.skipped().stream().map(SkippedRow::line).toList());
    }

    @Test
    void mappingMistakesNameTheColumnsTheFileHas() throws Exception {
        Path f = file("m.csv", "a,b\n1,2\n".getBytes(StandardCharsets.UTF_8));
        IllegalArgumentException noPrompt = assertThrows(IllegalArgumentException.class, () -> importIt(f, ColumnMapping.auto()));
        assertTrue(noPrompt.getMessage().contains("which column holds the prompt? The file has a, b"), noPrompt.getMessage());
        IllegalArgumentException wrong = assertThrows(IllegalArgumentException.class,
                () -> importIt(f, ColumnMapping.auto().withPrompt("q")));
        assertEquals("there is no column 'q' for the prompt; the file has a, b", wrong.getMessage());
        IllegalArgumentException var = assertThrows(IllegalArgumentException.class,
                () -> importIt(f, ColumnMapping.auto().withTemplate("{{a}} and {{c}}")));
        assertTrue(var.getMessage().startsWith("the template uses {{c}}"), var.getMessage());
        DatasetPreview preview = datasets.preview(f, ColumnMapping.auto(), 5);
        assertTrue(preview.mappingProblem().isPresent());
        assertEquals("1", preview.rows().get(0).values().get("a"), "the raw rows are still shown");
        assertEquals(0, datasets.list().size(), "nothing half-imported is left");
    }

    @Test
    void filesThatAreNotDatasetsGetAClearMessage() throws Exception {
        Path gguf = file("model.bin", new byte[] {'G', 'G', 'U', 'F', 3, 0, 0, 0, 0, 0});
        assertTrue(assertThrows(NotADatasetException.class, () -> importIt(gguf, ColumnMapping.auto()))
                .getMessage().contains("is a GGUF model, not a dataset"));
        Path binary = file("photo.png", new byte[] {(byte) 0x89, 'P', 'N', 'G', 0, 0, 0, 13, 0});
        assertTrue(assertThrows(NotADatasetException.class, () -> importIt(binary, ColumnMapping.auto()))
                .getMessage().startsWith("photo.png is a binary file, not a dataset"));
        Path empty = file("empty.csv", new byte[0]);
        assertEquals("empty.csv is empty: a dataset needs at least one row",
                assertThrows(NotADatasetException.class, () -> importIt(empty, ColumnMapping.auto())).getMessage());
        Path zip = dir.resolve("doc.docx");
        try (var out = new java.util.zip.ZipOutputStream(Files.newOutputStream(zip))) {
            out.putNextEntry(new java.util.zip.ZipEntry("word/document.xml"));
            out.write("<w/>".getBytes(StandardCharsets.UTF_8));
            out.closeEntry();
        }
        assertTrue(assertThrows(NotADatasetException.class, () -> importIt(zip, ColumnMapping.auto()))
                .getMessage().contains("is a zip archive but not an Excel workbook"));
        Path single = file("one.json", "{\"a\": 1}".getBytes(StandardCharsets.UTF_8));
        assertTrue(assertThrows(NotADatasetException.class, () -> importIt(single, ColumnMapping.auto()))
                .getMessage().contains("holds a single JSON object"));
        Path onlyBad = file("bad.csv", "prompt\n\"never closed\n".getBytes(StandardCharsets.UTF_8));
        assertTrue(assertThrows(NotADatasetException.class, () -> importIt(onlyBad, ColumnMapping.auto()))
                .getMessage().contains("a quoted field opened on line 2 is never closed"));
    }

    @Test
    void aHundredThousandRowCsvImportsInUnderFiveSeconds() throws Exception {
        Path f = dir.resolve("big.csv");
        try (BufferedWriter w = Files.newBufferedWriter(f, StandardCharsets.UTF_8)) {
            w.write("id,question,expected,tags\n");
            for (int i = 0; i < 100_000; i++) {
                w.write(i + ",\"What is " + i + " plus " + (i + 1) + ", exactly?\"," + (2 * i + 1) + ",arith\n");
            }
        }
        var os = (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        long cpu0 = os.getProcessCpuTime();
        DatasetImport imported = importIt(f, ColumnMapping.auto());
        double cpuMs = (os.getProcessCpuTime() - cpu0) / 1e6;
        System.out.printf("100,000-row CSV (%d KB) imported in %.0f ms (process CPU %.0f ms, load average %.1f)%n",
                Files.size(f) / 1024, imported.elapsedMs(), cpuMs, os.getSystemLoadAverage());
        assertEquals(100_000, imported.dataset().rowCount());
        assertTrue(imported.skipped().isEmpty());
        DatasetRow last = datasets.rows(imported.dataset().id(), 99_999, 1).get(0);
        assertEquals("What is 99999 plus 100000, exactly?", last.prompt());
        assertEquals(100_001, last.line());
        // The wall time is asserted where the machine is not shared; on a busy machine (other builds on the same two
        // cores) the CPU time the import used is what says whether it is fast enough.
        boolean busy = os.getSystemLoadAverage() > os.getAvailableProcessors();
        assertTrue(busy ? cpuMs < 5_000 : imported.elapsedMs() < 5_000,
                "took " + imported.elapsedMs() + " ms, " + cpuMs + " ms of CPU");
    }
}
