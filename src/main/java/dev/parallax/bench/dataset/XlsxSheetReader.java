package dev.parallax.bench.dataset;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * Reads the first worksheet of an .xlsx workbook (a zip of XML parts) with the JDK's streaming XML parser:
 * the shared strings are read once, then the sheet row by row, so a big sheet is never held whole.
 */
final class XlsxSheetReader implements AutoCloseable {

    /** A sheet row: its row number (as Excel shows it) and its cells, gaps filled with empty strings. */
    record SheetRow(long number, List<String> cells) {
    }

    private static final String MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";

    private final ZipFile zip;
    private final List<String> shared;
    private final InputStream sheetStream;
    private final XMLStreamReader sheet;

    private XlsxSheetReader(ZipFile zip, List<String> shared, InputStream sheetStream, XMLStreamReader sheet) {
        this.zip = zip;
        this.shared = shared;
        this.sheetStream = sheetStream;
        this.sheet = sheet;
    }

    static XlsxSheetReader open(Path file) throws NotADatasetException, IOException {
        ZipFile zip;
        try {
            zip = new ZipFile(file.toFile());
        } catch (java.util.zip.ZipException e) {
            throw new NotADatasetException(file.getFileName() + " is not a readable .xlsx workbook (" + e.getMessage()
                    + "). Save it again from the spreadsheet program, or export it as CSV.", e);
        }
        try {
            if (zip.getEntry("xl/workbook.xml") == null) {
                throw new NotADatasetException(file.getFileName() + " is a zip archive but not an Excel workbook "
                        + "(no xl/workbook.xml). Parallax reads .xlsx workbooks, CSV, TSV, JSONL, JSON and TXT files.");
            }
            String sheetPath = firstSheetPath(zip).orElse("xl/worksheets/sheet1.xml");
            ZipEntry sheetEntry = zip.getEntry(sheetPath);
            if (sheetEntry == null) {
                throw new NotADatasetException(file.getFileName() + " has no worksheet (looked for " + sheetPath + ").");
            }
            List<String> shared = sharedStrings(zip);
            InputStream in = zip.getInputStream(sheetEntry);
            return new XlsxSheetReader(zip, shared, in, factory().createXMLStreamReader(in));
        } catch (XMLStreamException e) {
            zip.close();
            throw new NotADatasetException(file.getFileName() + " has a broken worksheet: " + e.getMessage(), e);
        } catch (NotADatasetException | IOException | RuntimeException e) {
            zip.close();
            throw e;
        }
    }

    /** No DTDs, no external entities: a workbook is data, never a way to read other files. */
    private static XMLInputFactory factory() {
        XMLInputFactory f = XMLInputFactory.newFactory();
        f.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        f.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        f.setProperty(XMLInputFactory.IS_COALESCING, true);
        return f;
    }

    /** The workbook's first sheet, through its relationship id. */
    private static Optional<String> firstSheetPath(ZipFile zip) throws IOException, XMLStreamException {
        String rid = null;
        try (InputStream in = zip.getInputStream(zip.getEntry("xl/workbook.xml"))) {
            XMLStreamReader r = factory().createXMLStreamReader(in);
            while (r.hasNext() && rid == null) {
                if (r.next() == XMLStreamConstants.START_ELEMENT && "sheet".equals(r.getLocalName())) {
                    for (int i = 0; i < r.getAttributeCount(); i++) {
                        if ("id".equals(r.getAttributeLocalName(i))) {
                            rid = r.getAttributeValue(i);
                        }
                    }
                }
            }
        }
        ZipEntry rels = zip.getEntry("xl/_rels/workbook.xml.rels");
        if (rid == null || rels == null) {
            return Optional.empty();
        }
        try (InputStream in = zip.getInputStream(rels)) {
            XMLStreamReader r = factory().createXMLStreamReader(in);
            while (r.hasNext()) {
                if (r.next() == XMLStreamConstants.START_ELEMENT && "Relationship".equals(r.getLocalName())
                        && rid.equals(r.getAttributeValue(null, "Id"))) {
                    String target = r.getAttributeValue(null, "Target");
                    if (target == null) {
                        return Optional.empty();
                    }
                    return Optional.of(target.startsWith("/") ? target.substring(1) : "xl/" + target);
                }
            }
        }
        return Optional.empty();
    }

    private static List<String> sharedStrings(ZipFile zip) throws IOException, XMLStreamException {
        List<String> out = new ArrayList<>();
        ZipEntry e = zip.getEntry("xl/sharedStrings.xml");
        if (e == null) {
            return out;
        }
        try (InputStream in = zip.getInputStream(e)) {
            XMLStreamReader r = factory().createXMLStreamReader(in);
            StringBuilder current = null;
            int phonetic = 0;
            while (r.hasNext()) {
                int ev = r.next();
                if (ev == XMLStreamConstants.START_ELEMENT) {
                    String n = r.getLocalName();
                    if ("si".equals(n)) {
                        current = new StringBuilder();
                    } else if ("rPh".equals(n)) {
                        phonetic++;
                    } else if ("t".equals(n) && current != null && phonetic == 0) {
                        current.append(r.getElementText());
                    }
                } else if (ev == XMLStreamConstants.END_ELEMENT) {
                    String n = r.getLocalName();
                    if ("si".equals(n) && current != null) {
                        out.add(current.toString());
                        current = null;
                    } else if ("rPh".equals(n)) {
                        phonetic--;
                    }
                }
            }
        }
        return out;
    }

    /** The next row with at least one cell element, or null at the end of the sheet. */
    SheetRow next() throws NotADatasetException {
        try {
            while (sheet.hasNext()) {
                int ev = sheet.next();
                if (ev == XMLStreamConstants.START_ELEMENT && "row".equals(sheet.getLocalName())) {
                    return readRow();
                }
            }
            return null;
        } catch (XMLStreamException e) {
            throw new NotADatasetException("the worksheet is broken near line " + e.getLocation().getLineNumber()
                    + ": " + e.getMessage(), e);
        }
    }

    private SheetRow readRow() throws XMLStreamException {
        String r = sheet.getAttributeValue(null, "r");
        long number = r == null ? -1 : Long.parseLong(r.trim());
        List<String> cells = new ArrayList<>();
        int nextCol = 0;
        while (sheet.hasNext()) {
            int ev = sheet.next();
            if (ev == XMLStreamConstants.END_ELEMENT && "row".equals(sheet.getLocalName())) {
                break;
            }
            if (ev == XMLStreamConstants.START_ELEMENT && "c".equals(sheet.getLocalName())) {
                String ref = sheet.getAttributeValue(null, "r");
                int col = ref == null ? nextCol : column(ref);
                String type = sheet.getAttributeValue(null, "t");
                String value = readCell(type);
                while (cells.size() < col) {
                    cells.add("");
                }
                if (col < cells.size()) {
                    cells.set(col, value);
                } else {
                    cells.add(value);
                }
                nextCol = col + 1;
            }
        }
        return new SheetRow(number, cells);
    }

    /** Reads a cell up to its end tag. */
    private String readCell(String type) throws XMLStreamException {
        String v = null;
        StringBuilder inline = null;
        while (sheet.hasNext()) {
            int ev = sheet.next();
            if (ev == XMLStreamConstants.END_ELEMENT && "c".equals(sheet.getLocalName())) {
                break;
            }
            if (ev == XMLStreamConstants.START_ELEMENT) {
                String n = sheet.getLocalName();
                if ("v".equals(n)) {
                    v = sheet.getElementText();
                } else if ("t".equals(n)) {
                    if (inline == null) {
                        inline = new StringBuilder();
                    }
                    inline.append(sheet.getElementText());
                } else if ("rPh".equals(n)) {
                    skip();
                }
            }
        }
        if (type == null || type.equals("n")) {
            return v == null ? "" : number(v);
        }
        return switch (type) {
            case "s" -> {
                if (v == null) {
                    yield "";
                }
                int i = Integer.parseInt(v.trim());
                yield i >= 0 && i < shared.size() ? shared.get(i) : "";
            }
            case "inlineStr" -> inline == null ? "" : inline.toString();
            case "b" -> "1".equals(v) ? "TRUE" : "FALSE";
            default -> v == null ? (inline == null ? "" : inline.toString()) : v;
        };
    }

    private void skip() throws XMLStreamException {
        int depth = 1;
        while (depth > 0 && sheet.hasNext()) {
            int ev = sheet.next();
            if (ev == XMLStreamConstants.START_ELEMENT) {
                depth++;
            } else if (ev == XMLStreamConstants.END_ELEMENT) {
                depth--;
            }
        }
    }

    /** Excel writes 3 as "3" and 0.1 as "0.1" or "1.0000000000000001E-1": shown as a person would type it. */
    static String number(String v) {
        String t = v.trim();
        try {
            BigDecimal d = new BigDecimal(t);
            if (d.scale() > 0 && d.precision() > 15) {
                d = new BigDecimal(Double.toString(d.doubleValue()));
            }
            d = d.stripTrailingZeros();
            return d.scale() < 0 ? d.setScale(0).toPlainString() : d.toPlainString();
        } catch (NumberFormatException e) {
            return t;
        }
    }

    /** "B7" → 1. */
    static int column(String ref) {
        int col = 0;
        for (int i = 0; i < ref.length(); i++) {
            char ch = ref.charAt(i);
            if (ch >= 'A' && ch <= 'Z') {
                col = col * 26 + (ch - 'A' + 1);
            } else if (ch >= 'a' && ch <= 'z') {
                col = col * 26 + (ch - 'a' + 1);
            } else {
                break;
            }
        }
        return col - 1;
    }

    @Override
    public void close() throws IOException {
        try {
            sheet.close();
        } catch (XMLStreamException e) {
            // Closing anyway.
        }
        sheetStream.close();
        zip.close();
    }
}
