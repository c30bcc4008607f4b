package dev.parallax.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parallax.core.TaskCancelledException;
import dev.parallax.core.TaskProgress;
import dev.parallax.engine.local.gguf.GgufFile;
import dev.parallax.models.AlreadyImportedException;
import dev.parallax.models.ImportMode;
import dev.parallax.models.LocalModel;
import dev.parallax.models.ModelFacts;
import dev.parallax.models.ModelStore;
import dev.parallax.models.ModelStoreException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/** {@code parallax models list|info|import|rm}. */
@Command(name = "models", description = "List, inspect, import and remove local GGUF models; search and download them.",
        subcommands = {ModelsCommand.ListModels.class, ModelsCommand.Info.class, ModelsCommand.Import.class,
                ModelsCommand.Remove.class, HubCommands.Search.class, HubCommands.Pull.class, HubCommands.Downloads.class})
final class ModelsCommand implements Runnable {

    @ParentCommand
    ParallaxCommand root;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(root.out());
    }

    ModelStore store() {
        return root.services().models();
    }

    static ObjectNode json(LocalModel m) {
        ObjectNode o = RunJson.JSON.createObjectNode();
        ModelFacts f = m.facts();
        o.put("name", m.name());
        o.put("file", m.file().toString());
        o.put("size_bytes", m.sizeBytes());
        o.put("sha256", m.sha256().orElse(null));
        o.put("imported", m.imported());
        o.put("architecture", f.architecture());
        o.put("display_name", f.displayName());
        o.put("parameters", f.parameterCount());
        o.put("parameters_label", f.parameterLabel());
        o.put("quantization", f.quantization());
        o.put("context_length", f.contextLength());
        o.put("embedding_length", f.embeddingLength());
        o.put("layers", f.layers());
        o.put("heads", f.heads());
        o.put("kv_heads", f.kvHeads());
        o.put("vocab_size", f.vocabSize());
        o.put("chat_template", f.hasChatTemplate());
        return o;
    }

    @Command(name = "list", description = "List imported models.")
    static final class ListModels implements java.util.concurrent.Callable<Integer> {
        @ParentCommand
        ModelsCommand models;

        @Option(names = "--json", description = "Print a JSON array.")
        boolean json;

        @Override
        public Integer call() throws Exception {
            ModelStore store = models.store();
            List<LocalModel> list = store.list();
            PrintWriter out = models.root.out();
            if (json) {
                ArrayNode array = RunJson.JSON.createArrayNode();
                list.forEach(m -> array.add(json(m)));
                out.println(RunJson.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(array));
            } else if (list.isEmpty()) {
                out.println("No models yet. Import one: parallax models import FILE.gguf   (store: " + store.root() + ")");
            } else {
                out.printf(Locale.ROOT, "%-32s %-10s %7s %-8s %10s %7s %-5s %s%n", "NAME", "ARCH", "PARAMS", "QUANT",
                        "SIZE", "CTX", "CHAT", "SHA256");
                for (LocalModel m : list) {
                    ModelFacts f = m.facts();
                    out.printf(Locale.ROOT, "%-32s %-10s %7s %-8s %10s %7d %-5s %s%n", m.name(), f.architecture(),
                            f.parameterLabel(), f.quantization(), Sizes.bytes(m.sizeBytes()), f.contextLength(),
                            f.hasChatTemplate() ? "yes" : "no", m.shortSha());
                }
            }
            for (String problem : store.problems()) {
                models.root.err().println("parallax: skipped " + problem);
            }
            return 0;
        }
    }

    @Command(name = "info", description = "Show a model's facts and every GGUF metadata key.")
    static final class Info implements java.util.concurrent.Callable<Integer> {
        @ParentCommand
        ModelsCommand models;

        @Parameters(paramLabel = "MODEL", description = "An imported model's name or a path to a .gguf file.")
        String model;

        @Option(names = "--json", description = "Print JSON.")
        boolean json;

        @Override
        public Integer call() throws Exception {
            ModelStore store = models.store();
            LocalModel m;
            GgufFile gguf;
            try {
                m = store.resolve(model);
                gguf = store.metadata(m);
            } catch (ModelStoreException e) {
                throw new CliFailure(e.getMessage());
            }
            PrintWriter out = models.root.out();
            if (json) {
                ObjectNode o = json(m);
                ObjectNode meta = o.putObject("metadata");
                for (String key : gguf.metadata().keySet()) {
                    meta.put(key, gguf.describeValue(key));
                }
                o.put("tensors", gguf.tensors().size());
                o.put("gguf_version", gguf.version());
                out.println(RunJson.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(o));
                return 0;
            }
            ModelFacts f = m.facts();
            out.printf(Locale.ROOT, "%s%n  file          %s%n  size          %s%n  sha256        %s%n", m.name(), m.file(),
                    Sizes.bytes(m.sizeBytes()), m.sha256().orElse("(not hashed: not imported)"));
            out.printf(Locale.ROOT, "  architecture  %s%n  parameters    %s (%,d)%n  quantization  %s%n  context       %,d%n",
                    f.architecture(), f.parameterLabel(), f.parameterCount(), f.quantization(), f.contextLength());
            out.printf(Locale.ROOT, "  layers        %d, embedding %d, heads %d (kv %d), vocab %,d%n", f.layers(),
                    f.embeddingLength(), f.heads(), f.kvHeads(), f.vocabSize());
            out.printf(Locale.ROOT, "  chat template %s%n  GGUF v%d, %d tensors%n%nmetadata:%n",
                    f.hasChatTemplate() ? "yes" : "no (runs as raw completion)", gguf.version(), gguf.tensors().size());
            for (String key : gguf.metadata().keySet()) {
                out.printf(Locale.ROOT, "  %-42s %s%n", key, gguf.describeValue(key).replace("\n", "\\n"));
            }
            return 0;
        }
    }

    @Command(name = "import", description = "Validate a .gguf file and copy (or link) it into the model store.")
    static final class Import implements java.util.concurrent.Callable<Integer> {
        @ParentCommand
        ModelsCommand models;

        @Parameters(paramLabel = "FILE", arity = "1..*", description = "One or more .gguf files.")
        List<Path> files;

        @Option(names = "--link", description = "Link to the file instead of copying it.")
        boolean link;

        @Override
        public Integer call() throws Exception {
            int failures = 0;
            for (Path file : files) {
                try {
                    LocalModel m = models.store().importFile(file, link ? ImportMode.LINK : ImportMode.COPY,
                            new StderrProgress(models.root.err(), file.getFileName().toString()));
                    models.root.out().printf(Locale.ROOT, "imported %s (%s %s %s, sha256 %s)%n", m.name(),
                            m.facts().architecture(), m.facts().parameterLabel(), m.facts().quantization(), m.shortSha());
                } catch (AlreadyImportedException e) {
                    // Not a failure: the model is there, under the name that runs it.
                    models.root.out().println(e.getMessage());
                } catch (ModelStoreException | TaskCancelledException e) {
                    models.root.err().println("parallax: " + e.getMessage());
                    failures++;
                }
            }
            return failures == 0 ? 0 : 1;
        }
    }

    @Command(name = "rm", description = "Remove an imported model from the store.")
    static final class Remove implements java.util.concurrent.Callable<Integer> {
        @ParentCommand
        ModelsCommand models;

        @Parameters(paramLabel = "MODEL", description = "The model's name.")
        String model;

        @Override
        public Integer call() throws Exception {
            try {
                LocalModel m = models.store().find(model)
                        .orElseThrow(() -> new ModelStoreException("no imported model named '" + model + "'"));
                models.store().delete(m);
                models.root.out().println("removed " + m.name());
                return 0;
            } catch (ModelStoreException e) {
                throw new CliFailure(e.getMessage());
            }
        }
    }

    /** Prints import progress to stderr every 10%, for large files. */
    static final class StderrProgress implements TaskProgress {
        private final PrintWriter err;
        private final String name;
        private int lastDecile = -1;

        StderrProgress(PrintWriter err, String name) {
            this.err = err;
            this.name = name;
        }

        @Override
        public void progress(long done, long total) {
            if (total < (64L << 20)) {
                return;
            }
            int decile = (int) (done * 10 / Math.max(1, total));
            if (decile != lastDecile) {
                lastDecile = decile;
                err.printf(Locale.ROOT, "%s: %d%%%n", name, decile * 10);
                err.flush();
            }
        }

        @Override
        public void message(String text) {
            err.println(text);
        }

        @Override
        public boolean isCancelled() {
            return false;
        }
    }
}
