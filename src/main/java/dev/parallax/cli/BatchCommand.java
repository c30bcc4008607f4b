package dev.parallax.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.parallax.bench.batch.BatchHandle;
import dev.parallax.bench.batch.BatchReport;
import dev.parallax.history.BatchRecord;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

import java.io.PrintWriter;
import java.math.BigDecimal;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;

/** {@code parallax batch list|resume ID|report ID}: batch runs. */
@Command(name = "batch", description = "List batch runs, resume one, or report its results.",
        subcommands = {BatchCommand.ListBatches.class, BatchCommand.Resume.class, BatchCommand.Report.class})
final class BatchCommand implements Runnable {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(ZoneId.systemDefault());

    @ParentCommand
    ParallaxCommand root;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(root.out());
    }

    @Command(name = "list", description = "Batch runs, newest first.")
    static final class ListBatches implements Callable<Integer> {
        @ParentCommand
        BatchCommand parent;

        @Option(names = "--limit", paramLabel = "N", defaultValue = "20")
        int limit;

        @Option(names = "--json", description = "Print a JSON array.")
        boolean json;

        @Override
        public Integer call() throws Exception {
            if (limit < 1) {
                // The database would answer with its own error and SQL statement.
                throw new CliFailure("--limit must be at least 1", 2);
            }
            List<BatchRecord> list = parent.root.services().batches().list(limit);
            Map<String, Integer> finished = parent.root.services().batches().finishedCounts();
            PrintWriter out = parent.root.out();
            if (json) {
                ArrayNode a = RunJson.JSON.createArrayNode();
                for (BatchRecord b : list) {
                    var o = a.addObject();
                    o.put("batch_id", b.id());
                    o.put("dataset_id", b.datasetId());
                    o.put("created_at", b.createdAt().toString());
                    o.put("status", b.status());
                    o.put("finished_items", finished.getOrDefault(b.id(), 0));
                    ArrayNode t = o.putArray("targets");
                    b.targets().forEach(t::add);
                }
                out.println(RunJson.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(a));
                return 0;
            }
            if (list.isEmpty()) {
                out.println("No batches yet. Try: parallax bench --dataset FILE --target TARGET");
                return 0;
            }
            for (BatchRecord b : list) {
                out.printf(Locale.ROOT, "%s  %s  %-11s %6d done  %s%n", b.id(), TIME.format(b.createdAt()), b.status(),
                        finished.getOrDefault(b.id(), 0), String.join(" ", b.targets()));
            }
            return 0;
        }
    }

    @Command(name = "resume", description = "Go on with a paused, cancelled, budget-stopped or interrupted batch: "
            + "only what has not finished runs.")
    static final class Resume implements Callable<Integer> {
        @ParentCommand
        BatchCommand parent;

        @Parameters(paramLabel = "ID", description = "A batch id (or its first characters).")
        String id;

        @Option(names = "--budget", paramLabel = "USD", description = "A new budget.")
        BigDecimal budget;

        @Option(names = "--agreement", description = "Also compare the targets' answers row by row.")
        boolean agreement;

        @Option(names = "--json", description = "Print one JSON object.")
        boolean json;

        @Override
        public Integer call() throws Exception {
            BatchHandle h;
            try {
                h = parent.root.services().batches().resume(id, Optional.ofNullable(budget),
                        BatchRunning.progressTo(parent.root.err(), json));
            } catch (IllegalArgumentException | IllegalStateException e) {
                throw new CliFailure(e.getMessage());
            }
            return BatchRunning.finish(parent.root, h, json, agreement);
        }
    }

    @Command(name = "report", description = "A batch's statistics, costs, pass rates and verdicts.")
    static final class Report implements Callable<Integer> {
        @ParentCommand
        BatchCommand parent;

        @Parameters(paramLabel = "ID", description = "A batch id (or its first characters).")
        String id;

        @Option(names = "--agreement", description = "Also compare the targets' answers row by row.")
        boolean agreement;

        @Option(names = "--json", description = "Print one JSON object.")
        boolean json;

        @Override
        public Integer call() throws Exception {
            BatchReport r;
            try {
                r = parent.root.services().batchReports().report(id, agreement);
            } catch (IllegalArgumentException e) {
                throw new CliFailure(e.getMessage());
            }
            if (json) {
                parent.root.out().println(RunJson.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(BenchJson.batch(r)));
            } else {
                BenchTables.batch(parent.root.out(), r);
            }
            return 0;
        }
    }
}
