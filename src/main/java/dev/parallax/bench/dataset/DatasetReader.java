package dev.parallax.bench.dataset;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Reads a dataset file row by row, whatever its format, without holding it whole. Rows reach a
 * {@link RowHandler} as cells by column name; rows that cannot be read are reported with their line and the
 * reading goes on. Blank rows are passed over silently.
 */
final class DatasetReader {

    /** Receives rows as they are read. */
    interface RowHandler {
        /** A row; return false to stop reading (a preview needs only the first few). */
        boolean row(long line, Map<String, String> values);

        void skipped(long line, String reason);
    }

    static final String TEXT_COLUMN = "prompt";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final byte[] GGUF = {'G', 'G', 'U', 'F'};

    private DatasetReader() {
    }

    /** What the file is, by its first bytes and its name; a clear message when it is no dataset at all. */
    static DatasetFormat detect(Path file) throws NotADatasetException, IOException {
        String name = String.valueOf(file.getFileName());
        if (!Files.exists(file)) {
            throw new NotADatasetException("there is no file " + file);
        }
        if (Files.isDirectory(file)) {
            throw new NotADatasetException(file + " is a folder; give a dataset file (CSV, TSV, JSONL, JSON, TXT or XLSX)");
        }
        if (Files.size(file) == 0) {
            throw new NotADatasetException(name + " is empty: a dataset needs at least one row");
        }
        byte[] head = TextDecoding.head(file, TextDecoding.SNIFF);
        if (startsWith(head, new byte[] {'P', 'K', 3, 4})) {
            return DatasetFormat.XLSX;
        }
        if (startsWith(head, new byte[] {(byte) 0xD0, (byte) 0xCF, 0x11, (byte) 0xE0})) {
            throw new NotADatasetException(name + " is an old-style Excel (.xls) or Office file; save it as .xlsx or CSV");
        }
        if (startsWith(head, GGUF)) {
            throw new NotADatasetException(name + " is a GGUF model, not a dataset; add models with 'parallax models import'");
        }
        if (startsWith(head, new byte[] {'%', 'P', 'D', 'F'})) {
            throw new NotADatasetException(name + " is a PDF document, not a dataset; Parallax reads CSV, TSV, JSONL, "
                    + "JSON, TXT and XLSX files");
        }
        TextDecoding.Detected enc = TextDecoding.detect(head);
        if (TextDecoding.looksBinary(head, enc)) {
            throw new NotADatasetException(name + " is a binary file, not a dataset; Parallax reads CSV, TSV, JSONL, "
                    + "JSON, TXT and XLSX files");
        }
        var byName = DatasetFormat.byExtension(name);
        if (byName.isPresent()) {
            if (byName.get() == DatasetFormat.XLSX) {
                throw new NotADatasetException(name + " is named like a workbook but is not a zip archive; "
                        + "save it again as .xlsx, or as CSV");
            }
            return byName.get();
        }
        String text = new String(head, enc.bomLength(), head.length - enc.bomLength(), enc.charset());
        String trimmed = text.stripLeading();
        if (trimmed.startsWith("[")) {
            return DatasetFormat.JSON;
        }
        if (trimmed.startsWith("{")) {
            return DatasetFormat.JSONL;
        }
        int eol = trimmed.indexOf('\n');
        String first = eol < 0 ? trimmed : trimmed.substring(0, eol);
        if (first.indexOf('\t') >= 0) {
            return DatasetFormat.TSV;
        }
        if (first.indexOf(',') >= 0) {
            return DatasetFormat.CSV;
        }
        return DatasetFormat.TXT;
    }

    private static boolean startsWith(byte[] data, byte[] prefix) {
        if (data.length < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (data[i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    static void read(Path file, DatasetFormat format, RowHandler handler) throws NotADatasetException, IOException {
        switch (format) {
            case XLSX -> readXlsx(file, handler);
            case CSV -> readDelimited(file, ',', handler);
            case TSV -> readDelimited(file, '\t', handler);
            case TXT -> readText(file, handler);
            case JSONL -> readJsonLines(file, handler);
            case JSON -> readJson(file, handler);
            default -> throw new IllegalStateException("unknown format " + format);
        }
    }

    private static BufferedReader open(Path file) throws IOException {
        return TextDecoding.open(file, TextDecoding.detect(TextDecoding.head(file, TextDecoding.SNIFF)));
    }

    /** Header names made unique and non-empty: "a, a, " → a, a_2, column_3. */
    static List<String> header(List<String> cells) {
        List<String> out = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < cells.size(); i++) {
            String h = cells.get(i).strip();
            if (h.isEmpty()) {
                h = "column_" + (i + 1);
            }
            String unique = h;
            for (int n = 2; !seen.add(unique.toLowerCase(Locale.ROOT)); n++) {
                unique = h + "_" + n;
            }
            out.add(unique);
        }
        return out;
    }

    private static boolean blank(List<String> cells) {
        for (String c : cells) {
            if (!c.isBlank()) {
                return false;
            }
        }
        return true;
    }

    private static void readDelimited(Path file, char delimiter, RowHandler handler) throws IOException, NotADatasetException {
        try (BufferedReader in = open(file)) {
            DelimitedParser parser = new DelimitedParser(in, delimiter);
            List<String> header = null;
            while (true) {
                List<String> cells;
                try {
                    cells = parser.next();
                } catch (DelimitedParser.BadRecord e) {
                    handler.skipped(e.line, e.getMessage());
                    continue;
                }
                if (cells == null) {
                    break;
                }
                if (blank(cells)) {
                    continue;
                }
                if (header == null) {
                    header = header(cells);
                    continue;
                }
                long line = parser.recordLine();
                if (cells.size() > header.size()) {
                    int extra = cells.size() - header.size();
                    boolean onlyEmptyExtras = cells.subList(header.size(), cells.size()).stream().allMatch(String::isEmpty);
                    if (!onlyEmptyExtras) {
                        handler.skipped(line, "has " + cells.size() + " fields but the header has " + header.size()
                                + " (" + extra + " too many: an unquoted " + (delimiter == ',' ? "comma" : "tab")
                                + " in a value?)");
                        continue;
                    }
                }
                Map<String, String> values = new LinkedHashMap<>();
                for (int i = 0; i < header.size(); i++) {
                    values.put(header.get(i), i < cells.size() ? cells.get(i) : "");
                }
                if (!handler.row(line, values)) {
                    return;
                }
            }
            if (header == null) {
                throw new NotADatasetException(file.getFileName() + " has no rows");
            }
        }
    }

    private static void readText(Path file, RowHandler handler) throws IOException {
        try (BufferedReader in = open(file)) {
            String text;
            long line = 0;
            while ((text = in.readLine()) != null) {
                line++;
                if (text.isBlank()) {
                    continue;
                }
                Map<String, String> values = new LinkedHashMap<>();
                values.put(TEXT_COLUMN, text);
                if (!handler.row(line, values)) {
                    return;
                }
            }
        }
    }

    private static void readJsonLines(Path file, RowHandler handler) throws IOException {
        try (BufferedReader in = open(file)) {
            String text;
            long line = 0;
            while ((text = in.readLine()) != null) {
                line++;
                if (text.isBlank()) {
                    continue;
                }
                JsonNode node;
                try {
                    node = JSON.readTree(text);
                } catch (JsonProcessingException e) {
                    handler.skipped(line, "is not valid JSON: " + jsonProblem(e));
                    continue;
                }
                Map<String, String> values = values(node);
                if (values == null) {
                    handler.skipped(line, "is a JSON " + node.getNodeType().name().toLowerCase(Locale.ROOT)
                            + ", not an object or a string");
                    continue;
                }
                if (!handler.row(line, values)) {
                    return;
                }
            }
        }
    }

    /** Jackson's own words, without the parser's source location it writes into some of them ("[Source: ...]"). */
    static String jsonProblem(JsonProcessingException e) {
        return e.getOriginalMessage().replaceAll("\\s*\\((?:start marker at )?\\[Source: [^\\]]*\\]\\)", "").trim();
    }

    private static void readJson(Path file, RowHandler handler) throws IOException, NotADatasetException {
        JsonFactory factory = JSON.getFactory();
        try (BufferedReader in = open(file); JsonParser p = factory.createParser(in)) {
            JsonToken first;
            try {
                first = p.nextToken();
            } catch (JsonProcessingException e) {
                throw new NotADatasetException(file.getFileName() + " is not valid JSON: " + jsonProblem(e), e);
            }
            if (first == JsonToken.START_OBJECT) {
                // Either {"rows": [...]} (rows in the first array field) or JSON lines in a .json file.
                if (!advanceToArrayField(p)) {
                    if (nextRootIsObject(p)) {
                        readJsonLines(file, handler);
                        return;
                    }
                    throw new NotADatasetException(file.getFileName() + " holds a single JSON object without a list "
                            + "of rows; a dataset is an array of objects (or of strings), one per row");
                }
            } else if (first != JsonToken.START_ARRAY) {
                throw new NotADatasetException(file.getFileName() + " holds a single JSON value; a dataset is an array "
                        + "of objects (or of strings), one per row");
            }
            while (true) {
                JsonToken t;
                long line;
                try {
                    t = p.nextToken();
                    line = p.currentTokenLocation().getLineNr();
                    if (t == null || t == JsonToken.END_ARRAY) {
                        return;
                    }
                } catch (JsonProcessingException e) {
                    handler.skipped(e.getLocation() == null ? -1 : e.getLocation().getLineNr(),
                            "the JSON is broken here (" + e.getOriginalMessage() + "); nothing after it could be read");
                    return;
                }
                JsonNode node;
                try {
                    node = p.readValueAsTree();
                } catch (JsonProcessingException e) {
                    handler.skipped(line, "the JSON is broken in this row (" + e.getOriginalMessage()
                            + "); nothing after it could be read");
                    return;
                }
                Map<String, String> values = values(node);
                if (values == null) {
                    handler.skipped(line, "is a JSON " + node.getNodeType().name().toLowerCase(Locale.ROOT)
                            + ", not an object or a string");
                    continue;
                }
                if (!handler.row(line, values)) {
                    return;
                }
            }
        }
    }

    /** Inside a top-level object: moves to the start of its first array field; false when it has none. */
    private static boolean advanceToArrayField(JsonParser p) throws IOException {
        try {
            while (true) {
                JsonToken t = p.nextToken();
                if (t == null || t == JsonToken.END_OBJECT) {
                    return false;
                }
                if (t == JsonToken.FIELD_NAME) {
                    JsonToken v = p.nextToken();
                    if (v == JsonToken.START_ARRAY) {
                        return true;
                    }
                    p.skipChildren();
                }
            }
        } catch (JsonProcessingException e) {
            return false;
        }
    }

    private static boolean nextRootIsObject(JsonParser p) throws IOException {
        try {
            return p.nextToken() == JsonToken.START_OBJECT;
        } catch (JsonProcessingException e) {
            return false;
        }
    }

    /** A JSON row as cells: an object's fields, or a string as the prompt; null for anything else. */
    static Map<String, String> values(JsonNode node) {
        Map<String, String> values = new LinkedHashMap<>();
        if (node.isTextual()) {
            values.put(TEXT_COLUMN, node.asText());
            return values;
        }
        if (!node.isObject()) {
            return null;
        }
        Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> f = fields.next();
            values.put(f.getKey(), cell(f.getValue()));
        }
        return values;
    }

    private static String cell(JsonNode v) {
        if (v == null || v.isNull() || v.isMissingNode()) {
            return "";
        }
        if (v.isValueNode()) {
            return v.asText();
        }
        if (v.isArray()) {
            boolean scalars = true;
            for (JsonNode e : v) {
                scalars &= e.isValueNode();
            }
            if (scalars) {
                List<String> parts = new ArrayList<>();
                v.forEach(e -> parts.add(e.asText()));
                return String.join(",", parts);
            }
        }
        return v.toString();
    }

    private static void readXlsx(Path file, RowHandler handler) throws IOException, NotADatasetException {
        try (XlsxSheetReader sheet = XlsxSheetReader.open(file)) {
            List<String> header = null;
            XlsxSheetReader.SheetRow row;
            while ((row = sheet.next()) != null) {
                if (blank(row.cells())) {
                    continue;
                }
                if (header == null) {
                    header = header(row.cells());
                    continue;
                }
                List<String> cells = row.cells();
                if (cells.size() > header.size() && !cells.subList(header.size(), cells.size()).stream().allMatch(String::isEmpty)) {
                    handler.skipped(row.number(), "has values in " + (cells.size() - header.size())
                            + " column(s) to the right of the header");
                    continue;
                }
                Map<String, String> values = new LinkedHashMap<>();
                for (int i = 0; i < header.size(); i++) {
                    values.put(header.get(i), i < cells.size() ? cells.get(i) : "");
                }
                if (!handler.row(row.number(), values)) {
                    return;
                }
            }
            if (header == null) {
                throw new NotADatasetException(file.getFileName() + " has an empty first worksheet");
            }
        }
    }
}
