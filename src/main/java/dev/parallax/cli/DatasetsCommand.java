package dev.parallax.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parallax.bench.dataset.DatasetImport;
import dev.parallax.bench.dataset.DatasetPreview;
import dev.parallax.bench.dataset.NotADatasetException;
import dev.parallax.core.FileErrors;
import dev.parallax.core.TaskCancelledException;
import dev.parallax.core.TaskProgress;
import dev.parallax.history.DatasetRecord;
import dev.parallax.history.DatasetRow;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;

/** {@code parallax datasets import|preview|list|show}: prompt datasets for batch runs. */
@Command(name = "datasets", description = "Import, preview, list and show datasets (CSV, TSV, JSONL, JSON, TXT, XLSX).",
        subcommands = {DatasetsCommand.Import.class, DatasetsCommand.Preview.class, DatasetsCommand.ListDatasets.class,
                DatasetsCommand.Show.class})
final class DatasetsCommand implements Runnable {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(ZoneId.systemDefault());

    @ParentCommand
    ParallaxCommand root;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(root.out());
    }

    /** Imports a file, printing the rows left out to stderr (unless quiet); exits 1 when it is no dataset. */
    static DatasetImport importFile(ParallaxCommand root, Path file, MappingOptions mapping, Optional<String> name, boolean quiet) {
        try {
            DatasetImport imported = root.services().datasets().importFile(file, mapping.mapping(), name, TaskProgress.none());
            if (!quiet && !imported.skipped().isEmpty()) {
                PrintWriter err = root.err();
                err.println("parallax: " + imported.skipped().size() + " row(s) of " + file.getFileName() + " were not imported:");
                imported.skipped().stream().limit(20).forEach(s -> err.println("  " + (s.line() < 0 ? "" : "line " + s.line() + ": ")
                        + s.reason()));
                err.flush();
            }
            return imported;
        } catch (NotADatasetException e) {
            throw new CliFailure(e.getMessage());
        } catch (IllegalArgumentException e) {
            throw new CliFailure(e.getMessage(), 2);
        } catch (IOException e) {
            throw new CliFailure("cannot read " + file + ": " + FileErrors.inWords(e));
        } catch (TaskCancelledException e) {
            throw new CliFailure(e.getMessage());
        }
    }

    @Command(name = "import", description = "Import a dataset file into the history database.")
    static final class Import implements Callable<Integer> {
        @ParentCommand
        DatasetsCommand parent;

        @Parameters(paramLabel = "FILE")
        Path file;

        @Mixin
        MappingOptions mapping;

        @Option(names = "--name", paramLabel = "NAME", description = "A name (default: the file's).")
        String name;

        @Option(names = "--json", description = "Print one JSON object.")
        boolean json;

        @Override
        public Integer call() throws Exception {
            DatasetImport imported = importFile(parent.root, file, mapping, Optional.ofNullable(name), json);
            DatasetRecord d = imported.dataset();
            if (json) {
                ObjectNode o = BenchJson.dataset(d);
                o.put("import_ms", Math.round(imported.elapsedMs()));
                o.put("reused", imported.reused());
                parent.root.out().println(RunJson.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(o));
            } else if (imported.reused()) {
                parent.root.out().printf(Locale.ROOT, "dataset %s: %d rows; %s was imported before with the same columns"
                        + " and name, so that dataset is reused (mapping %s)%n", d.id(), d.rowCount(), file.getFileName(),
                        d.mapping());
            } else {
                parent.root.out().printf(Locale.ROOT, "dataset %s: %d rows from %s (%s) in %.1f s; mapping %s%n", d.id(), d.rowCount(),
                        file.getFileName(), d.format(), imported.elapsedMs() / 1000, d.mapping());
            }
            return 0;
        }
    }

    @Command(name = "preview", description = "Show what a file holds and how it would be imported, without importing.")
    static final class Preview implements Callable<Integer> {
        @ParentCommand
        DatasetsCommand parent;

        @Parameters(paramLabel = "FILE")
        Path file;

        @Mixin
        MappingOptions mapping;

        @Option(names = "--rows", paramLabel = "N", defaultValue = "5")
        int rows;

        @Option(names = "--json", description = "Print one JSON object.")
        boolean json;

        @Override
        public Integer call() throws Exception {
            DatasetPreview p;
            try {
                p = parent.root.services().datasets().preview(file, mapping.mapping(), Math.max(1, rows));
            } catch (NotADatasetException e) {
                throw new CliFailure(e.getMessage());
            }
            PrintWriter out = parent.root.out();
            if (json) {
                ObjectNode o = RunJson.JSON.createObjectNode();
                o.put("file", p.file().toString());
                o.put("format", p.format().label());
                ArrayNode cols = o.putArray("columns");
                p.columns().forEach(cols::add);
                ObjectNode m = o.putObject("mapping");
                p.mapping().forEach(m::put);
                if (p.mappingProblem().isPresent()) {
                    o.put("mapping_problem", p.mappingProblem().get());
                } else {
                    o.putNull("mapping_problem");
                }
                ArrayNode rs = o.putArray("rows");
                for (DatasetRow r : p.rows()) {
                    rs.add(row(r));
                }
                BenchJson.skipped(o.putArray("skipped_rows"), p.skipped());
                out.println(RunJson.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(o));
                return 0;
            }
            out.println(p.file().getFileName() + " (" + p.format().label() + "), columns: " + String.join(", ", p.columns()));
            p.mappingProblem().ifPresentOrElse(m -> out.println("cannot import as it is: " + m),
                    () -> out.println("mapping: " + p.mapping()));
            for (DatasetRow r : p.rows()) {
                out.println("  line " + r.line() + ": " + (r.prompt().isEmpty() ? r.values() : clip(r.prompt()))
                        + r.expected().map(e -> "  → " + clip(e)).orElse(""));
            }
            BenchTables.skipped(out, p.skipped());
            return 0;
        }
    }

    @Command(name = "list", description = "Imported datasets, newest first.")
    static final class ListDatasets implements Callable<Integer> {
        @ParentCommand
        DatasetsCommand parent;

        @Option(names = "--json", description = "Print a JSON array.")
        boolean json;

        @Override
        public Integer call() throws Exception {
            List<DatasetRecord> list = parent.root.services().datasets().list();
            PrintWriter out = parent.root.out();
            if (json) {
                ArrayNode a = RunJson.JSON.createArrayNode();
                list.forEach(d -> a.add(BenchJson.dataset(d)));
                out.println(RunJson.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(a));
                return 0;
            }
            if (list.isEmpty()) {
                out.println("No datasets yet. Try: parallax datasets import FILE");
                return 0;
            }
            for (DatasetRecord d : list) {
                out.printf(Locale.ROOT, "%s  %s  %7d rows  %-5s  %s%s%n", d.id(), TIME.format(d.createdAt()), d.rowCount(),
                        d.format(), d.name(), d.skipped().isEmpty() ? "" : "  (" + d.skipped().size() + " rows skipped)");
            }
            return 0;
        }
    }

    @Command(name = "show", description = "A dataset's facts and its first rows.")
    static final class Show implements Callable<Integer> {
        @ParentCommand
        DatasetsCommand parent;

        @Parameters(paramLabel = "ID", description = "A dataset id (or its first characters).")
        String id;

        @Option(names = "--rows", paramLabel = "N", defaultValue = "10")
        int rows;

        @Option(names = "--json", description = "Print one JSON object.")
        boolean json;

        @Override
        public Integer call() throws Exception {
            DatasetRecord d = parent.root.services().datasets().find(id)
                    .orElseThrow(() -> new CliFailure("no dataset '" + id + "'; see 'parallax datasets list'"));
            List<DatasetRow> first = parent.root.services().datasets().rows(d.id(), 0, Math.max(0, rows));
            PrintWriter out = parent.root.out();
            if (json) {
                ObjectNode o = BenchJson.dataset(d);
                ArrayNode rs = o.putArray("rows");
                first.forEach(r -> rs.add(row(r)));
                out.println(RunJson.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(o));
                return 0;
            }
            out.printf(Locale.ROOT, "dataset %s: %s, %d rows, %s, from %s%n", d.id(), d.name(), d.rowCount(), d.format(),
                    d.sourceFile());
            out.println("columns: " + String.join(", ", d.columns()) + "; mapping: " + d.mapping());
            for (DatasetRow r : first) {
                out.println("  " + (r.rowNo() + 1) + " (line " + r.line() + "): " + clip(r.prompt())
                        + r.expected().map(e -> "  → " + clip(e)).orElse(""));
            }
            BenchTables.skipped(out, d.skipped());
            return 0;
        }
    }

    static ObjectNode row(DatasetRow r) {
        ObjectNode o = RunJson.JSON.createObjectNode();
        o.put("row", r.rowNo());
        o.put("line", r.line());
        o.put("prompt", r.prompt());
        put(o, "system", r.system());
        put(o, "expected", r.expected());
        put(o, "tags", r.tags());
        put(o, "checks", r.checks());
        ObjectNode v = o.putObject("values");
        r.values().forEach(v::put);
        return o;
    }

    private static void put(ObjectNode o, String key, Optional<String> v) {
        if (v.isPresent()) {
            o.put(key, v.get());
        } else {
            o.putNull(key);
        }
    }

    private static String clip(String s) {
        String one = s.replace("\r", "").replace('\n', ' ');
        return one.length() <= 80 ? one : one.substring(0, 80) + "…";
    }
}
