package dev.parallax.cli;

import dev.parallax.report.ReportFormat;
import dev.parallax.report.ReportModel;
import dev.parallax.report.ReportService;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code parallax report}: a comparison or a batch as HTML, PDF, CSV, Markdown or JSON. */
@Command(name = "report", sortOptions = false,
        description = "Write a report of a comparison or a batch: .html .pdf .csv .md or .json, from the file's extension.")
final class ReportCommand implements Callable<Integer> {

    @ParentCommand
    ParallaxCommand root;

    static final class Source {
        @Option(names = "--comparison", paramLabel = "ID", description = "A saved comparison (see 'comparisons list').")
        String comparison;

        @Option(names = "--batch", paramLabel = "ID", description = "A batch (see 'batch list').")
        String batch;
    }

    @ArgGroup(multiplicity = "1")
    Source source;

    @Option(names = "--out", required = true, paramLabel = "FILE",
            description = "Where to write; the extension picks the format (.html .htm .pdf .csv .md .markdown .json).")
    Path out;

    @Override
    public Integer call() throws Exception {
        ReportFormat format;
        try {
            format = ReportFormat.forFile(out);
        } catch (IllegalArgumentException e) {
            throw new CliFailure(e.getMessage(), 2);
        }
        ReportService reports = root.services().reports();
        ReportModel model;
        try {
            model = source.comparison != null ? reports.comparison(source.comparison) : reports.batch(source.batch);
        } catch (IllegalArgumentException e) {
            throw new CliFailure(e.getMessage());
        }
        reports.write(model, out);
        root.out().printf("Wrote the %s report of %s %s (%d runs) to %s (%,d bytes).%n", format.label(),
                model.kind().label(), model.sourceId(), model.rows().size(), out.toAbsolutePath(), Files.size(out));
        return 0;
    }
}
