package dev.parallax.cli;

import dev.parallax.bench.compare.Comparison;
import dev.parallax.history.ComparisonRecord;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

import java.io.PrintWriter;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

/** {@code parallax comparisons list|show ID}: saved comparisons. */
@Command(name = "comparisons", description = "List saved comparisons or show one again.",
        subcommands = {ComparisonsCommand.ListComparisons.class, ComparisonsCommand.Show.class})
final class ComparisonsCommand implements Runnable {

    @ParentCommand
    ParallaxCommand root;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(root.out());
    }

    @Command(name = "list", description = "Saved comparisons, newest first.")
    static final class ListComparisons implements java.util.concurrent.Callable<Integer> {
        private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(ZoneId.systemDefault());

        @ParentCommand
        ComparisonsCommand parent;

        @Option(names = "--limit", paramLabel = "N", defaultValue = "20")
        int limit;

        @Override
        public Integer call() {
            if (limit < 1) {
                // The database would answer with its own error and SQL statement.
                throw new CliFailure("--limit must be at least 1", 2);
            }
            List<ComparisonRecord> list = parent.root.services().compare().list(limit);
            PrintWriter out = parent.root.out();
            if (list.isEmpty()) {
                out.println("No comparisons yet. Try: parallax compare --prompt TEXT --target A --target B");
                return 0;
            }
            for (ComparisonRecord r : list) {
                out.printf(Locale.ROOT, "%s  %s  ×%d  %s  \"%s\"%n", r.id(), TIME.format(r.createdAt()), r.repeat(),
                        String.join(" ", r.targets()), r.prompt().length() > 40 ? r.prompt().substring(0, 40) + "…" : r.prompt());
            }
            return 0;
        }
    }

    @Command(name = "show", description = "A saved comparison, rebuilt from its stored runs.")
    static final class Show implements java.util.concurrent.Callable<Integer> {
        @ParentCommand
        ComparisonsCommand parent;

        @Parameters(paramLabel = "ID", description = "A comparison id (or its first characters).")
        String id;

        @Option(names = "--json", description = "Print one JSON object.")
        boolean json;

        @Override
        public Integer call() throws Exception {
            if (id.trim().length() < HistoryCommand.Show.MIN_PREFIX) {
                throw new CliFailure("give at least " + HistoryCommand.Show.MIN_PREFIX + " characters of the comparison's id",
                        2);
            }
            Comparison c = parent.root.services().compare().open(id.trim())
                    .orElseThrow(() -> new CliFailure("no comparison '" + id + "'; see 'parallax comparisons list'"));
            if (json) {
                parent.root.out().println(RunJson.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(BenchJson.comparison(c)));
            } else {
                BenchTables.comparison(parent.root.out(), c);
            }
            return 0;
        }
    }
}
