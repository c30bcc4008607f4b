package dev.parallax.report;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/** The formats a report can be written in, chosen by the file's extension. */
public enum ReportFormat {
    HTML("HTML (self-contained, charts inline)", List.of(".html", ".htm")),
    PDF("PDF", List.of(".pdf")),
    CSV("CSV (one line per run)", List.of(".csv")),
    MARKDOWN("Markdown", List.of(".md", ".markdown")),
    JSON("JSON (everything, schema_version " + ReportModel.SCHEMA_VERSION + ")", List.of(".json"));

    private final String label;
    private final List<String> extensions;

    ReportFormat(String label, List<String> extensions) {
        this.label = label;
        this.extensions = extensions;
    }

    public String label() {
        return label;
    }

    /** The usual extension, with its dot. */
    public String extension() {
        return extensions.get(0);
    }

    public static Optional<ReportFormat> fromFileName(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(f -> f.extensions.stream().anyMatch(n::endsWith)).findFirst();
    }

    /** @throws IllegalArgumentException naming the supported extensions when the file's is not one */
    public static ReportFormat forFile(Path file) {
        String name = file.getFileName() == null ? "" : file.getFileName().toString();
        return fromFileName(name).orElseThrow(() -> new IllegalArgumentException("cannot tell the report format from '"
                + name + "': use one of the extensions " + supported()));
    }

    public static String supported() {
        return Arrays.stream(values()).flatMap(f -> f.extensions.stream()).collect(Collectors.joining(" "));
    }

    public ReportExporter exporter() {
        return switch (this) {
            case HTML -> new HtmlReport();
            case PDF -> new PdfReport();
            case CSV -> new CsvReport();
            case MARKDOWN -> new MarkdownReport();
            case JSON -> new JsonReport();
        };
    }
}
