package dev.parallax.bench.dataset;

import java.util.Locale;
import java.util.Optional;

/** The file formats a dataset can come in. */
public enum DatasetFormat {
    CSV, TSV, JSONL, JSON, TXT, XLSX;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The format a file name's extension stands for, if it is one of ours. */
    public static Optional<DatasetFormat> byExtension(String fileName) {
        String n = fileName.toLowerCase(Locale.ROOT);
        int dot = n.lastIndexOf('.');
        String ext = dot < 0 ? "" : n.substring(dot + 1);
        return switch (ext) {
            case "csv" -> Optional.of(CSV);
            case "tsv", "tab" -> Optional.of(TSV);
            case "jsonl", "ndjson" -> Optional.of(JSONL);
            case "json" -> Optional.of(JSON);
            case "txt", "text" -> Optional.of(TXT);
            case "xlsx", "xlsm" -> Optional.of(XLSX);
            default -> Optional.empty();
        };
    }

    public static DatasetFormat fromLabel(String label) {
        return valueOf(label.toUpperCase(Locale.ROOT));
    }
}
