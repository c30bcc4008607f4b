package dev.parallax.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parallax.core.DownloadStatus;
import dev.parallax.engine.local.gguf.GgufException;
import dev.parallax.models.CatalogEntry;
import dev.parallax.models.Compatibility;
import dev.parallax.models.FitCheck;
import dev.parallax.models.LocalModel;
import dev.parallax.models.ModelFacts;
import dev.parallax.models.QuantizationSize;
import dev.parallax.models.download.DownloadManager;
import dev.parallax.models.download.DownloadOptions;
import dev.parallax.models.download.DownloadSnapshot;
import dev.parallax.models.hub.HubException;
import dev.parallax.models.hub.HubSort;
import dev.parallax.models.hub.ModelDiscovery;
import dev.parallax.models.hub.GgufFileName;
import dev.parallax.models.hub.ModelFileGroup;
import dev.parallax.models.hub.SearchFilter;
import dev.parallax.models.hub.RepoListing;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;

/** {@code parallax models search|pull|downloads}: models from the Hugging Face Hub. */
final class HubCommands {

    private HubCommands() {
    }

    @Command(name = "search", description = "Search GGUF models: recommended ones from the catalog first, then the Hugging Face Hub.")
    static final class Search implements Callable<Integer> {
        @ParentCommand
        ModelsCommand models;

        @Parameters(paramLabel = "QUERY", arity = "0..*", description = "Words to look for, e.g. qwen 7b.")
        List<String> words = new ArrayList<>();

        @Option(names = "--limit", paramLabel = "N", defaultValue = "20", description = "At most N results (default: ${DEFAULT-VALUE}).")
        int limit;

        @Option(names = "--sort", paramLabel = "ORDER", defaultValue = "downloads",
                description = "downloads, likes or trending (default: ${DEFAULT-VALUE}).")
        String sort;

        @Option(names = "--json", description = "Print a JSON array.")
        boolean json;

        @Option(names = "--fits", description = "Only models that fit this machine's memory at --ctx tokens (tight ones"
                + " too), judged from their parameters and quantization.")
        boolean fits;

        @Option(names = "--quant", paramLabel = "Q", description = "Only repositories that offer this quantization,"
                + " e.g. Q4_K_M (and judge the fit for it).")
        String quant;

        @Option(names = "--supported", description = "Only models whose architecture a local engine here runs.")
        boolean supported;

        @Option(names = "--ctx", paramLabel = "N", defaultValue = "" + FitCheck.DEFAULT_CONTEXT,
                description = "Context size the fit is judged at (default: ${DEFAULT-VALUE}).")
        int context;

        @Override
        public Integer call() throws Exception {
            if (limit < 1 || limit > 1000) {
                throw new CliFailure("--limit must be 1 to 1000", 2);
            }
            if (context < 1) {
                throw new CliFailure("--ctx must be at least 1", 2);
            }
            if (quant != null && GgufFileName.quantization(quant.strip()).filter(q -> q.equalsIgnoreCase(quant.strip()))
                    .isEmpty()) {
                throw new CliFailure("'" + quant + "' is not a quantization; write one as file names carry it, e.g. "
                        + String.join(", ", QuantizationSize.COMMON), 2);
            }
            HubSort order;
            try {
                order = HubSort.parse(sort);
            } catch (IllegalArgumentException e) {
                throw new CliFailure(e.getMessage(), 2);
            }
            SearchFilter filter = new SearchFilter(fits, Optional.ofNullable(quant), supported, context);
            ModelDiscovery.Screening results = models.root.services().discovery()
                    .search(String.join(" ", words), order, limit, filter);
            PrintWriter out = models.root.out();
            PrintWriter err = models.root.err();
            results.hubProblem().ifPresent(p -> err.println("parallax: the Hub could not be searched ("
                    + p + "); showing the catalog only"));
            if (!results.hidden().isEmpty()) {
                err.println("parallax: " + results.hidden().size() + " hidden by filters ("
                        + results.hiddenCounts().entrySet().stream().map(e -> e.getValue() + " " + filter.describe(e.getKey()))
                        .collect(java.util.stream.Collectors.joining(", ")) + ")");
            }
            List<ModelDiscovery.Screened> shown = results.shown();
            if (json) {
                ArrayNode array = RunJson.JSON.createArrayNode();
                shown.forEach(h -> array.add(json(h)));
                out.println(RunJson.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(array));
            } else if (shown.isEmpty()) {
                out.println(results.hidden().isEmpty() ? "No GGUF models found for '" + String.join(" ", words) + "'."
                        : "No GGUF models for '" + String.join(" ", words) + "' pass the filters; drop one to see more.");
            } else {
                out.printf(Locale.ROOT, "%-48s %-9s %-9s %-16s %-28s %10s %7s  %s%n", "REPO", "PARAMS", "ARCH", "RUNS ON",
                        "FIT (QUANT)", "DOWNLOADS", "LIKES", "NOTE");
                for (ModelDiscovery.Screened s : shown) {
                    ModelDiscovery.SearchHit h = s.hit();
                    Optional<CatalogEntry> e = h.recommended();
                    out.printf(Locale.ROOT, "%-48s %-9s %-9s %-16s %-28s %10s %7s  %s%n",
                            (e.isPresent() ? "* " : "  ") + h.repo(),
                            e.map(CatalogEntry::parametersLabel)
                                    .orElse(s.parameters() > 0 ? ModelFacts.parameterLabel(s.parameters()) : ""),
                            s.architecture(), runsOn(s.compatibility()), fit(s),
                            h.hub().map(r -> count(r.downloads())).orElse(""),
                            h.hub().map(r -> count(r.likes())).orElse(""),
                            e.map(CatalogEntry::goodFor).orElse(""));
                }
                if (shown.stream().anyMatch(h -> h.hit().recommended().isPresent())) {
                    out.println("* recommended (Parallax catalog). Download with: parallax models pull REPO[:QUANT]");
                }
            }
            return shown.isEmpty() && results.hubProblem().isPresent() ? 1 : 0;
        }

        /** "fits (Q4_K_M ~4.6 GiB)", "? (Q8_0)", "?" when nothing is known. */
        private static String fit(ModelDiscovery.Screened s) {
            String verdict = s.fit().map(f -> switch (f.verdict()) {
                case FITS -> "fits";
                case TIGHT -> "tight";
                case WONT_FIT -> "won't fit";
            }).orElse("?");
            return verdict + s.quantization().map(q -> " (" + q + s.fit().map(f -> " ~" + FitCheck.gib(f.weights()))
                    .orElse("") + ")").orElse("");
        }

        private static ObjectNode json(ModelDiscovery.Screened s) {
            ModelDiscovery.SearchHit h = s.hit();
            ObjectNode o = RunJson.JSON.createObjectNode();
            o.put("repo", h.repo());
            o.put("recommended", h.recommended().isPresent());
            h.recommended().ifPresent(e -> {
                o.put("name", e.name());
                o.put("parameters", e.parameters());
                o.put("parameters_label", e.parametersLabel());
                o.put("architecture", e.architecture());
                o.put("license", e.license());
                o.put("context_length", e.contextLength());
                o.put("default_quant", e.defaultQuant());
                ArrayNode quants = o.putArray("quants");
                e.quants().forEach(quants::add);
                o.put("good_for", e.goodFor());
            });
            if (h.recommended().isEmpty()) {
                // What the Hub says of a repository the catalog does not know, under the catalog's keys.
                h.hub().flatMap(r -> r.gguf()).ifPresent(g -> {
                    if (g.parameters() > 0) {
                        o.put("parameters", g.parameters());
                        o.put("parameters_label", ModelFacts.parameterLabel(g.parameters()));
                    }
                    if (!g.architecture().isBlank()) {
                        o.put("architecture", g.architecture());
                    }
                    if (g.contextLength() > 0) {
                        o.put("context_length", g.contextLength());
                    }
                });
            }
            o.put("compatibility", s.compatibility().verdict().name().toLowerCase(Locale.ROOT));
            o.put("engine", s.compatibility().engine().map(x -> x.id()).orElse(null));
            o.put("compatibility_message", s.compatibility().message());
            o.put("downloads", h.hub().map(r -> (Long) r.downloads()).orElse(null));
            o.put("likes", h.hub().map(r -> (Long) r.likes()).orElse(null));
            o.put("trending_score", h.hub().map(r -> (Double) r.trendingScore()).orElse(null));
            if (s.offered().isPresent()) {
                ArrayNode offered = o.putArray("quantizations");
                s.offered().get().forEach(offered::add);
            } else {
                o.putNull("quantizations");
            }
            if (s.fit().isPresent()) {
                FitCheck.Result f = s.fit().get();
                ObjectNode fit = o.putObject("fit");
                fit.put("verdict", f.verdict().name().toLowerCase(Locale.ROOT));
                fit.put("quantization", s.quantization().orElse(null));
                fit.put("context", f.context());
                fit.put("weights_bytes", f.weights());
                fit.put("needed_bytes", f.needed());
                fit.put("available_bytes", f.available());
                fit.put("total_bytes", f.total());
                fit.put("message", f.message());
            } else {
                o.putNull("fit");
            }
            return o;
        }
    }

    @Command(name = "pull", description = "Download a GGUF model from the Hugging Face Hub into the store. Run it again"
            + " to continue an interrupted download.")
    static final class Pull implements Callable<Integer> {
        @ParentCommand
        ModelsCommand models;

        @Parameters(paramLabel = "REPO[:QUANT|:FILE]", description = "owner/name, optionally with a quant (Q4_K_M)"
                + " or a file name; without one, the recommended quant.")
        String spec;

        @Option(names = "--revision", paramLabel = "REV", defaultValue = "main", description = "Branch, tag or commit (default: ${DEFAULT-VALUE}).")
        String revision;

        @Option(names = "--connections", paramLabel = "N", defaultValue = "" + DownloadOptions.DEFAULT_CONNECTIONS,
                description = "Parallel connections per file, 1 for one stream (default: ${DEFAULT-VALUE}).")
        int connections;

        @Option(names = "--limit-rate", paramLabel = "RATE", description = "Cap the speed, e.g. 20M (bytes per second; K, M, G).")
        String limitRate;

        @Option(names = "--ctx", paramLabel = "N", defaultValue = "" + FitCheck.DEFAULT_CONTEXT,
                description = "Context size the fit check assumes (default: ${DEFAULT-VALUE}).")
        int context;

        @Override
        public Integer call() throws Exception {
            if (connections < 1 || connections > DownloadOptions.MAX_CONNECTIONS) {
                throw new CliFailure("--connections must be 1 to " + DownloadOptions.MAX_CONNECTIONS, 2);
            }
            // Read before the Hub is asked: a typo is an option error, not the end of a model description.
            OptionalLong bandwidth = limitRate == null ? OptionalLong.empty() : OptionalLong.of(rate(limitRate));
            int colon = spec.indexOf(':');
            String repo = colon < 0 ? spec : spec.substring(0, colon);
            Optional<String> choice = colon < 0 ? Optional.empty() : Optional.of(spec.substring(colon + 1));
            PrintWriter err = models.root.err();
            var services = models.root.services();
            ModelDiscovery discovery = services.discovery();
            ModelDiscovery.RepoView view;
            try {
                view = discovery.files(repo, revision, context);
            } catch (HubException | IllegalArgumentException e) {
                throw new CliFailure(e.getMessage());
            }
            List<ModelFileGroup> all = view.files().stream().map(ModelDiscovery.FileOption::model).toList();
            RepoListing listing = new RepoListing(repo, revision, all, view.projectors());
            if (all.isEmpty()) {
                throw new CliFailure(repo + " has no GGUF model files");
            }
            ModelFileGroup model = (choice.isPresent() ? listing.find(choice.get()) : view.defaultChoice())
                    .orElseThrow(() -> new CliFailure((choice.isPresent() ? repo + " has no '" + choice.get() + "'"
                            : repo + " has several models") + "; choose one: parallax models pull " + repo
                            + ":QUANT (available: " + String.join(", ", listing.quantizations()) + ")"));
            if (!model.complete()) {
                throw new CliFailure(repo + " lacks some parts of " + model.name() + "; choose another quant");
            }
            describe(err, discovery, view, model);
            DownloadManager downloads = services.downloads();
            bandwidth.ifPresent(downloads::setBandwidthLimit);
            Map<String, long[]> printed = new ConcurrentHashMap<>();
            Runnable unsubscribe = downloads.subscribe(s -> progress(err, s, printed));
            try {
                long started = System.nanoTime();
                List<DownloadSnapshot> parts = downloads.enqueueModel(repo, revision, model, connections);
                boolean fetched = parts.stream().anyMatch(p -> p.status() != DownloadStatus.COMPLETED);
                // Ctrl-C (or a TERM): pause, so the journal holds exactly what arrived, and say how to go on.
                CancelOnExit onExit = CancelOnExit.install("parallax-pull-pause",
                        () -> parts.forEach(p -> downloads.pause(p.id())), java.time.Duration.ofSeconds(5),
                        timeout -> stopped(downloads, parts, timeout));
                DownloadSnapshot last = null;
                try {
                    for (DownloadSnapshot part : parts) {
                        last = downloads.await(part.id());
                        if (last.status() == DownloadStatus.PAUSED) {
                            // Said here, before the exit hook is told the report is out.
                            err.printf(Locale.ROOT, "parallax: %s: paused at %s of %s; run the same command again to"
                                    + " continue where it stopped%n", last.fileName(), Sizes.bytes(last.bytesDone()),
                                    Sizes.bytes(last.totalBytes()));
                            err.flush();
                            return 1;
                        }
                        if (last.status() != DownloadStatus.COMPLETED) {
                            throw new CliFailure(last.fileName() + ": " + last.error().orElse(last.status().label()));
                        }
                    }
                } finally {
                    onExit.close();
                }
                double seconds = (System.nanoTime() - started) / 1e9;
                if (fetched) {
                    err.printf(Locale.ROOT, "fetched, verified (sha256) and installed %s in %.2f s (%s/s)%n",
                            Sizes.bytes(model.totalSize()), seconds, Sizes.bytes((long) (model.totalSize() / seconds)));
                }
                Optional<LocalModel> installed = downloads.installedModel(last.id());
                String name = installed.map(LocalModel::name).orElse(last.modelName().orElse(model.name()));
                err.printf(Locale.ROOT, "installed %s (%s); run it with: parallax run --target local:%s --prompt \"Hello\"%n",
                        name, installed.map(m -> m.file().toString()).orElse(""), name);
                models.root.out().println(name);
                return 0;
            } finally {
                unsubscribe.run();
                err.flush();
            }
        }

        /** Whether every part has stopped moving within {@code timeout} (after a pause). */
        private static boolean stopped(DownloadManager downloads, List<DownloadSnapshot> parts, java.time.Duration timeout)
                throws InterruptedException {
            long deadline = System.nanoTime() + timeout.toNanos();
            for (DownloadSnapshot part : parts) {
                while (downloads.get(part.id()).map(d -> d.status().isActive()).orElse(false)) {
                    if (System.nanoTime() > deadline) {
                        return false;
                    }
                    Thread.sleep(20);
                }
            }
            return true;
        }

        private static void describe(PrintWriter err, ModelDiscovery discovery, ModelDiscovery.RepoView view,
                                     ModelFileGroup model) {
            ModelDiscovery.FileOption option = view.files().stream().filter(f -> f.model().equals(model)).findFirst()
                    .orElseThrow();
            err.printf(Locale.ROOT, "%s: %s, %s in %d file%s%n", view.repo(), model.name(),
                    Sizes.bytes(model.totalSize()), model.parts().size(), model.parts().size() == 1 ? "" : "s");
            Compatibility compat = option.compatibility();
            if (view.header().isPresent()) {
                ModelDiscovery.RemoteHeader h = view.header().get();
                err.printf(Locale.ROOT, "  model      %s, %s parameters, context %,d, chat template %s%n",
                        h.facts().architecture(), h.facts().parameterLabel(), h.facts().contextLength(),
                        h.chatTemplate().isPresent() ? "yes" : "no");
                if (!model.equals(view.files().get(0).model())) {
                    try {
                        compat = discovery.compatibility(discovery.header(view.repo(), view.revision(), model));
                    } catch (HubException | GgufException e) {
                        err.println("  note       could not read this file's header: " + e.getMessage());
                    }
                }
            } else {
                view.headerProblem().ifPresent(p -> err.println("  note       " + p));
            }
            err.println("  engine     " + compat.message());
            option.fit().ifPresent(f -> err.println("  memory     " + f.message()));
            err.println("  speed      " + option.speed().describe());
        }

        private static void progress(PrintWriter err, DownloadSnapshot s, Map<String, long[]> printed) {
            long now = System.nanoTime();
            long[] last = printed.computeIfAbsent(s.id(), k -> new long[] {0, -1});
            boolean running = s.status() == DownloadStatus.RUNNING;
            if (running && now - last[0] < 1_000_000_000L) {
                return;
            }
            if (!running && last[1] == s.status().ordinal()) {
                return;
            }
            last[0] = now;
            last[1] = running ? -1 : s.status().ordinal();
            String eta = s.eta().map(HubCommands::duration).map(d -> "  ETA " + d).orElse("");
            synchronized (err) {
                if (running) {
                    err.printf(Locale.ROOT, "%s  %3.0f%%  %s / %s  %s/s%s%n", s.fileName(), s.fraction() * 100,
                            Sizes.bytes(s.bytesDone()), Sizes.bytes(s.totalBytes()), Sizes.bytes((long) s.bytesPerSecond()), eta);
                } else if (s.status() == DownloadStatus.VERIFYING) {
                    err.printf(Locale.ROOT, "%s  all %s in; checking the sha256 and the GGUF header%n", s.fileName(),
                            Sizes.bytes(s.totalBytes()));
                } else {
                    err.printf(Locale.ROOT, "%s  %s%s%n", s.fileName(), s.status().label(),
                            s.status() == DownloadStatus.COMPLETED ? "" : s.bytesDone() > 0
                                    ? " at " + Sizes.bytes(s.bytesDone()) + " / " + Sizes.bytes(s.totalBytes()) : "");
                }
                err.flush();
            }
        }

        static long rate(String text) {
            String t = text.strip().toUpperCase(Locale.ROOT).replace("B", "");
            long unit = 1;
            if (t.endsWith("K")) {
                unit = 1L << 10;
            } else if (t.endsWith("M")) {
                unit = 1L << 20;
            } else if (t.endsWith("G")) {
                unit = 1L << 30;
            }
            String digits = unit == 1 ? t : t.substring(0, t.length() - 1);
            try {
                double value = Double.parseDouble(digits);
                if (value <= 0) {
                    throw new NumberFormatException();
                }
                return (long) (value * unit);
            } catch (NumberFormatException e) {
                throw new CliFailure("--limit-rate takes a positive speed such as 500K or 20M, not '" + text + "'", 2);
            }
        }
    }

    @Command(name = "downloads", description = "Show recent and unfinished downloads.")
    static final class Downloads implements Callable<Integer> {
        @ParentCommand
        ModelsCommand models;

        @Option(names = "--limit", paramLabel = "N", defaultValue = "20", description = "How many (default: ${DEFAULT-VALUE}).")
        int limit;

        @Option(names = "--json", description = "Print a JSON array.")
        boolean json;

        @Override
        public Integer call() throws Exception {
            List<DownloadSnapshot> list = models.root.services().downloads().downloads(Math.max(1, limit));
            PrintWriter out = models.root.out();
            if (json) {
                ArrayNode array = RunJson.JSON.createArrayNode();
                for (DownloadSnapshot s : list) {
                    ObjectNode o = array.addObject();
                    o.put("id", s.id());
                    o.put("repo", s.repo());
                    o.put("file", s.filePath());
                    o.put("target", s.target().toString());
                    o.put("status", s.status().label());
                    o.put("bytes_done", s.bytesDone());
                    o.put("size_bytes", s.totalBytes());
                    o.put("progress", s.fraction());
                    o.put("connections", s.connections());
                    o.put("model", s.modelName().orElse(null));
                    o.put("error", s.error().orElse(null));
                }
                out.println(RunJson.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(array));
                return 0;
            }
            if (list.isEmpty()) {
                out.println("No downloads yet. Find a model with: parallax models search QUERY");
                return 0;
            }
            out.printf(Locale.ROOT, "%-8s %-11s %5s %10s  %s%n", "ID", "STATUS", "DONE", "SIZE", "FILE");
            for (DownloadSnapshot s : list) {
                out.printf(Locale.ROOT, "%-8s %-11s %4.0f%% %10s  %s/%s%s%n", s.id().substring(0, 8), s.status().label(),
                        s.fraction() * 100, Sizes.bytes(s.totalBytes()), s.repo(), s.filePath(),
                        s.error().map(e -> "\n         " + e).orElse(s.modelName().map(n -> "  → " + n).orElse("")));
            }
            return 0;
        }
    }

    static String duration(Duration d) {
        long s = d.toSeconds();
        return s < 60 ? s + "s" : s < 3600 ? (s / 60) + "m" + String.format(Locale.ROOT, "%02d", s % 60) + "s"
                : (s / 3600) + "h" + String.format(Locale.ROOT, "%02d", (s % 3600) / 60) + "m";
    }

    static String count(long n) {
        if (n >= 1_000_000) return String.format(Locale.ROOT, "%.1fM", n / 1e6);
        if (n >= 10_000) return String.format(Locale.ROOT, "%.0fk", n / 1e3);
        return Long.toString(n);
    }

    static String runsOn(Compatibility c) {
        return switch (c.verdict()) {
            case RUNS -> c.engine().map(e -> e.id()).orElse("yes");
            case NEEDS_NEWER_ENGINE -> "newer llama.cpp";
            case UNSUPPORTED -> "no engine";
            case UNKNOWN -> "?";
        };
    }
}
