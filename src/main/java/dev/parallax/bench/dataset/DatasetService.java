package dev.parallax.bench.dataset;

import dev.parallax.core.TaskCancelledException;
import dev.parallax.core.TaskProgress;
import dev.parallax.history.DatasetRecord;
import dev.parallax.history.DatasetRepository;
import dev.parallax.history.DatasetRow;
import dev.parallax.history.SkippedRow;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Datasets for batch runs: preview a file (format, columns, mapping, first rows), import it into the history
 * database in one streaming pass, list and read stored ones. A row that cannot be read or mapped is reported with
 * its line and the rest are imported.
 */
public final class DatasetService {

    /** How many rows a preview reads to find the columns of a JSON file (whose rows may differ). */
    static final int COLUMN_SAMPLE = 200;
    /** Skipped rows kept with a dataset; past that only the count grows. */
    static final int SKIPPED_KEPT = 1_000;

    private final DatasetRepository repository;
    private final Clock clock;

    public DatasetService(DatasetRepository repository, Clock clock) {
        this.repository = repository;
        this.clock = clock;
    }

    /**
     * The first {@code rows} rows of a file as they would be imported with {@code mapping}. A mapping that does
     * not fit the file is reported in {@link DatasetPreview#mappingProblem()}, not thrown, so a screen can show
     * the columns and let the user pick.
     */
    public DatasetPreview preview(Path file, ColumnMapping mapping, int rows) throws NotADatasetException, IOException {
        DatasetFormat format = DatasetReader.detect(file);
        Sample sample = sample(file, format, Math.max(rows, COLUMN_SAMPLE));
        List<String> columns = new ArrayList<>(sample.columns);
        ColumnMapping.Resolved resolved;
        try {
            resolved = mapping.resolve(columns);
        } catch (IllegalArgumentException e) {
            List<DatasetRow> raw = new ArrayList<>();
            for (int i = 0; i < Math.min(rows, sample.rows.size()); i++) {
                RawRow r = sample.rows.get(i);
                raw.add(new DatasetRow(i, r.line, "", Optional.empty(), Optional.empty(), Optional.empty(),
                        Optional.empty(), r.values));
            }
            return new DatasetPreview(file, format, columns, Map.of(), Optional.of(e.getMessage()), raw, sample.skipped);
        }
        List<DatasetRow> mapped = new ArrayList<>();
        List<SkippedRow> skipped = new ArrayList<>(sample.skipped);
        for (RawRow r : sample.rows) {
            if (mapped.size() == rows) {
                break;
            }
            ColumnMapping.Mapped m = resolved.map(mapped.size(), r.line, r.values);
            if (m.row().isPresent()) {
                mapped.add(m.row().get());
            } else {
                skipped.add(new SkippedRow(r.line, m.problem().orElseThrow()));
            }
        }
        skipped.sort((a, b) -> Long.compare(a.line(), b.line()));
        return new DatasetPreview(file, format, columns, resolved.asMap(), Optional.empty(), mapped, skipped);
    }

    /**
     * Imports a whole file. Progress counts rows against an estimate from the file's size.
     *
     * @throws IllegalArgumentException when the mapping does not fit the file (the message names the columns)
     */
    public DatasetImport importFile(Path file, ColumnMapping mapping, Optional<String> name, TaskProgress progress)
            throws NotADatasetException, IOException, TaskCancelledException {
        long t0 = System.nanoTime();
        DatasetFormat format = DatasetReader.detect(file);
        Sample sample = sample(file, format, COLUMN_SAMPLE);
        ColumnMapping.Resolved resolved = mapping.resolve(new ArrayList<>(sample.columns));
        long size = Files.size(file);
        long estimate = sample.rows.isEmpty() || sample.lastLine <= 0 ? -1 : Math.max(sample.rows.size(),
                (long) ((double) size / Math.max(1, sample.bytesPerLine()) * sample.rows.size() / Math.max(1, sample.lastLine)));

        String datasetName = name.filter(n -> !n.isBlank()).orElse(String.valueOf(file.getFileName()));
        String sha256 = sha256(file);
        Optional<DatasetRecord> before = repository.findImport(sha256, datasetName, resolved.asMap());
        if (before.isPresent()) {
            return new DatasetImport(before.get(), (System.nanoTime() - t0) / 1e6, true);
        }
        String id = UUID.randomUUID().toString();
        Set<String> columns = new LinkedHashSet<>(sample.columns);
        List<SkippedRow> skipped = new ArrayList<>();
        int[] skippedCount = {0};
        try (DatasetRepository.Writer writer = repository.begin(id, datasetName, file.toAbsolutePath().toString(),
                format.label(), clock.instant())) {
            boolean[] cancelled = {false};
            DatasetReader.read(file, format, new DatasetReader.RowHandler() {
                @Override
                public boolean row(long line, Map<String, String> values) {
                    columns.addAll(values.keySet());
                    ColumnMapping.Mapped m = resolved.map(writer.count(), line, values);
                    if (m.row().isPresent()) {
                        writer.add(m.row().get());
                        int n = writer.count();
                        if (n % 1000 == 0) {
                            if (progress.isCancelled()) {
                                cancelled[0] = true;
                                return false;
                            }
                            progress.progress(n, Math.max(n, estimate));
                        }
                    } else {
                        skipped(line, m.problem().orElseThrow());
                    }
                    return true;
                }

                @Override
                public void skipped(long line, String reason) {
                    skippedCount[0]++;
                    if (skipped.size() < SKIPPED_KEPT) {
                        skipped.add(new SkippedRow(line, reason));
                    }
                }
            });
            if (cancelled[0]) {
                throw new TaskCancelledException("importing " + file.getFileName());
            }
            if (writer.count() == 0) {
                throw new NotADatasetException(file.getFileName() + " has no row that can be run"
                        + (skipped.isEmpty() ? "" : "; the first problem, on line " + skipped.get(0).line() + ": "
                        + skipped.get(0).reason()));
            }
            if (skippedCount[0] > skipped.size()) {
                skipped.add(new SkippedRow(-1, (skippedCount[0] - skipped.size()) + " more rows were skipped"));
            }
            writer.finish(new ArrayList<>(columns), resolved.asMap(), skipped, Optional.of(sha256));
            progress.progress(writer.count(), writer.count());
        }
        DatasetRecord stored = repository.find(id).orElseThrow();
        return new DatasetImport(stored, (System.nanoTime() - t0) / 1e6);
    }

    private static String sha256(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            java.security.MessageDigest md = java.security.MessageDigest.getInstance("SHA-256");
            byte[] buffer = new byte[1 << 16];
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                md.update(buffer, 0, n);
            }
            return java.util.HexFormat.of().formatHex(md.digest());
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }

    /**
     * How a file's text is read: "UTF-8", "UTF-8 with BOM", "UTF-16LE with BOM", "windows-1252"...; for a workbook,
     * "XLSX (UTF-8 XML)".
     */
    public String encoding(Path file, DatasetFormat format) throws IOException {
        if (format == DatasetFormat.XLSX) {
            return "XLSX (UTF-8 XML)";
        }
        TextDecoding.Detected d = TextDecoding.detect(TextDecoding.head(file, TextDecoding.SNIFF));
        return d.charset().name() + (d.bomLength() > 0 ? " with BOM" : "");
    }

    public List<DatasetRecord> list() {
        return repository.list();
    }

    /** A dataset by id or unique id prefix. */
    public Optional<DatasetRecord> find(String id) {
        return repository.find(id);
    }

    public List<DatasetRow> rows(String datasetId, int offset, int limit) {
        return repository.rows(datasetId, offset, limit);
    }

    public boolean delete(String id) {
        return repository.delete(id);
    }

    private record RawRow(long line, Map<String, String> values) {
    }

    private static final class Sample {
        final Set<String> columns = new LinkedHashSet<>();
        final List<RawRow> rows = new ArrayList<>();
        final List<SkippedRow> skipped = new ArrayList<>();
        long lastLine;
        long textLength;

        double bytesPerLine() {
            return lastLine <= 0 ? 1 : (double) textLength / lastLine;
        }
    }

    private static Sample sample(Path file, DatasetFormat format, int rows) throws NotADatasetException, IOException {
        Sample s = new Sample();
        DatasetReader.read(file, format, new DatasetReader.RowHandler() {
            @Override
            public boolean row(long line, Map<String, String> values) {
                s.columns.addAll(values.keySet());
                s.rows.add(new RawRow(line, values));
                s.lastLine = line;
                for (String v : values.values()) {
                    s.textLength += v.length() + 1;
                }
                return s.rows.size() < rows;
            }

            @Override
            public void skipped(long line, String reason) {
                s.skipped.add(new SkippedRow(line, reason));
            }
        });
        if (s.rows.isEmpty()) {
            throw new NotADatasetException(file.getFileName() + (s.skipped.isEmpty() ? " has no rows"
                    : " has no row that can be read; the first problem, on line " + s.skipped.get(0).line() + ": "
                    + s.skipped.get(0).reason()));
        }
        return s;
    }
}
