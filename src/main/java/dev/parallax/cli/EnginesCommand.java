package dev.parallax.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parallax.engine.local.EngineChoice;
import dev.parallax.engine.local.LocalEngines;
import dev.parallax.models.ModelStoreException;
import dev.parallax.route.EnginePreferences;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code parallax engines}: which local engines run here, and the user's choices about them. */
@Command(name = "engines", description = "Show the local engines; keep models loaded or not; pin a model to an engine.",
        subcommands = {EnginesCommand.KeepLoaded.class, EnginesCommand.Pin.class})
final class EnginesCommand implements Callable<Integer> {

    @ParentCommand
    ParallaxCommand root;

    @Option(names = "--json", description = "Print one JSON object.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        LocalEngines engines = root.services().localEngines();
        EnginePreferences prefs = root.services().enginePreferences();
        Map<String, EngineChoice> pinned = prefs.perModel();
        PrintWriter out = root.out();
        if (json) {
            ObjectNode o = RunJson.JSON.createObjectNode();
            o.put("current_available", engines.currentAvailable());
            if (engines.currentAvailable()) {
                o.putNull("current_unavailable_reason");
            } else {
                o.put("current_unavailable_reason", engines.currentUnavailableReason());
            }
            o.put("auto_runs_on", engines.preferred().name());
            o.put("current_runtime", root.services().currentEngineRuntime().map(Object::toString).orElse(null));
            o.put("current_libraries", root.services().currentEngineLibraries().map(Object::toString).orElse(null));
            o.put("keep_model_loaded", prefs.keepModelLoaded());
            ObjectNode models = o.putObject("pinned_models");
            pinned.forEach((model, choice) -> models.put(model, choice.label()));
            out.println(RunJson.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(o));
            return 0;
        }
        out.println("current (llama.cpp v0.5.0 through FFM): " + (engines.currentAvailable()
                ? "available" : "not available: " + engines.currentUnavailableReason()));
        root.services().currentEngineRuntime().ifPresent(j -> out.println("  its Java runtime:                    " + j));
        root.services().currentEngineLibraries().ifPresent(l -> out.println("  its libraries:                       " + l));
        out.println("java-llama.cpp (llama.cpp b4916):      available");
        out.println("auto runs on:                          " + engines.preferred().name());
        out.println("keep the last model loaded:            " + (prefs.keepModelLoaded() ? "on" : "off"));
        if (pinned.isEmpty()) {
            out.println("pinned models:                         none (every model follows auto)");
        } else {
            out.println("pinned models:");
            pinned.forEach((model, choice) -> out.printf(Locale.ROOT, "  %-40s %s%n", model, choice.label()));
        }
        return 0;
    }

    @Command(name = "keep-loaded", description = "on: the worker keeps the last model loaded between runs (default); "
            + "off: it stops after each run and gives the memory back.")
    static final class KeepLoaded implements Callable<Integer> {

        @ParentCommand
        EnginesCommand parent;

        @Parameters(paramLabel = "on|off", description = "on or off")
        String value;

        @Override
        public Integer call() {
            boolean keep = switch (value.trim().toLowerCase(Locale.ROOT)) {
                case "on", "true", "yes" -> true;
                case "off", "false", "no" -> false;
                default -> throw new CliFailure("keep-loaded takes on or off, not '" + value + "'", 2);
            };
            parent.root.services().enginePreferences().setKeepModelLoaded(keep);
            parent.root.out().println("keep the last model loaded: " + (keep ? "on" : "off"));
            return 0;
        }
    }

    @Command(name = "pin", description = "Run a model on this engine whenever a run asks for auto "
            + "(auto removes the pin; a run's --engine still wins).")
    static final class Pin implements Callable<Integer> {

        @ParentCommand
        EnginesCommand parent;

        @Parameters(index = "0", paramLabel = "MODEL", description = "An imported model's name (see `models list`).")
        String model;

        @Parameters(index = "1", paramLabel = "ENGINE", description = "auto, current or java-llama.cpp")
        String engine;

        @Override
        public Integer call() {
            EngineChoice choice;
            try {
                choice = EngineChoice.parse(engine);
            } catch (IllegalArgumentException e) {
                throw new CliFailure(e.getMessage(), 2);
            }
            String name;
            try {
                name = parent.root.services().models().resolve(model).name();
            } catch (ModelStoreException e) {
                throw new CliFailure(e.getMessage());
            }
            parent.root.services().enginePreferences().setForModel(name, choice);
            parent.root.out().println(choice == EngineChoice.AUTO
                    ? name + " follows auto again" : name + " runs on " + choice.label() + " unless a run names another engine");
            return 0;
        }
    }
}
