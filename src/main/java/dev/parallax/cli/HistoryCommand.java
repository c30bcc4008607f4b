package dev.parallax.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parallax.core.ChatMessage;
import dev.parallax.core.Timings;
import dev.parallax.history.RunRecord;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

import java.io.PrintWriter;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.OptionalDouble;
import java.util.concurrent.Callable;

/** {@code parallax history}: the latest runs, newest first. */
@Command(name = "history", description = "Show recent runs, newest first; 'history show RUN' shows one in full.",
        subcommands = HistoryCommand.Show.class)
final class HistoryCommand implements Callable<Integer> {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneId.systemDefault());

    @ParentCommand
    ParallaxCommand root;

    @Option(names = "--limit", paramLabel = "N", defaultValue = "20", description = "How many runs (default: ${DEFAULT-VALUE}).")
    int limit;

    @Option(names = "--json", description = "Print a JSON array.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        if (limit < 1) {
            throw new CliFailure("--limit must be at least 1", 2);
        }
        List<RunRecord> runs = root.services().runs().recent(limit);
        PrintWriter out = root.out();
        if (json) {
            ArrayNode array = RunJson.JSON.createArrayNode();
            runs.forEach(r -> array.add(json(r)));
            out.println(RunJson.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(array));
            return 0;
        }
        if (runs.isEmpty()) {
            out.println("No runs yet. Try: parallax run --target local:MODEL --prompt \"Hello\"");
            return 0;
        }
        out.printf(Locale.ROOT, "%-19s %-11s %-28s %8s %8s %7s  %s%n", "TIME", "STATUS", "TARGET", "TTFT ms", "tok/s",
                "tokens", "RUN");
        for (RunRecord r : runs) {
            Timings t = r.timings();
            out.printf(Locale.ROOT, "%-19s %-11s %-28s %8s %8s %7d  %s%n", TIME.format(r.createdAt()), r.status().label(),
                    abbreviate(r.target().toString(), 28), Summaries.ms(t.ttftMs()),
                    Summaries.rate(t.completionTokensPerSecond()), r.usage().completionTokens(), r.id());
        }
        return 0;
    }

    /** {@code parallax history show RUN}: one run in full, by its id or the first characters of it. */
    @Command(name = "show", description = "One run in full: its prompt, answer, timings and cost.")
    static final class Show implements Callable<Integer> {

        /** Fewer characters would name too many runs to be of use. */
        static final int MIN_PREFIX = 4;

        @ParentCommand
        HistoryCommand history;

        @Parameters(paramLabel = "RUN", description = "A run's id, or its first characters (at least " + MIN_PREFIX
                + "), as 'parallax history' and the run's own output show it.")
        String id;

        @Option(names = "--json", description = "Print one JSON object (the keys of 'history --json', and more).")
        boolean json;

        @Override
        public Integer call() throws Exception {
            RunRecord r = find(history.root, id);
            PrintWriter out = history.root.out();
            if (json) {
                out.println(RunJson.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(full(r)));
                return 0;
            }
            out.printf(Locale.ROOT, "run %s · %s · %s · %s%n", r.id(), r.status().label(), r.target(),
                    r.model().engine().isBlank() ? "-" : r.model().engine());
            out.printf(Locale.ROOT, "started %s%s%n", TIME.format(r.startedAt()),
                    r.endedAt().map(e -> ", ended " + TIME.format(e)).orElse(""));
            String system = r.spec().systemPrompt();
            if (system != null && !system.isEmpty()) {
                out.println("system:");
                out.println(system);
            }
            List<ChatMessage> earlier = r.spec().earlierTurns();
            int turn = 0;
            for (ChatMessage m : earlier) {
                if (m.role() == ChatMessage.Role.USER) {
                    turn++;
                }
                out.println("turn " + turn + (m.role() == ChatMessage.Role.USER ? " prompt:" : " answer:"));
                out.println(m.content());
            }
            out.println(earlier.isEmpty() ? "prompt:" : "turn " + (turn + 1) + " prompt:");
            out.println(r.prompt());
            out.println("answer:");
            out.println(r.output().isEmpty() ? "(none)" : r.output());
            r.error().ifPresent(e -> out.println("error: " + e));
            out.println(r.toRunResult().map(Summaries::oneLine).orElse(r.status().label() + " · no end was recorded"));
            return 0;
        }

        /** The run whose id is or starts with {@code id}; a CLI failure when none or several are. */
        static RunRecord find(ParallaxCommand root, String id) {
            String prefix = id.trim();
            if (prefix.length() < MIN_PREFIX) {
                throw new CliFailure("give at least " + MIN_PREFIX + " characters of the run's id", 2);
            }
            List<RunRecord> found = root.services().runs().findByPrefix(prefix, 2);
            if (found.isEmpty()) {
                throw new CliFailure("no run " + prefix + " in the history; 'parallax history' lists the latest");
            }
            if (found.size() > 1) {
                throw new CliFailure("more than one run's id starts with " + prefix + " (" + found.get(0).id() + ", "
                        + found.get(1).id() + "): give more of it", 2);
            }
            return found.get(0);
        }

        /** The keys of one {@code history --json} entry, then what only a single run shows. */
        static ObjectNode full(RunRecord r) {
            ObjectNode o = json(r);
            Timings t = r.timings();
            String system = r.spec().systemPrompt();
            o.put("system_prompt", system == null || system.isEmpty() ? null : system);
            o.put("mode", r.spec().mode().name().toLowerCase(Locale.ROOT));
            com.fasterxml.jackson.databind.node.ArrayNode messages = o.putArray("messages");
            for (ChatMessage m : r.messages()) {
                messages.addObject().put("role", m.role().name().toLowerCase(Locale.ROOT)).put("content", m.content());
            }
            o.put("started_at", r.startedAt().toString());
            o.put("ended_at", r.endedAt().map(Object::toString).orElse(null));
            o.put("model_file", r.model().file().isBlank() ? null : r.model().file());
            o.put("quantization", r.model().quantization().isBlank() ? null : r.model().quantization());
            o.put("engine_build", r.model().engineBuild().isBlank() ? null : r.model().engineBuild());
            o.put("queue_ms", RunJson.round(t.queueMs()));
            putOrNull(o, "model_load_ms", t.modelLoadMs());
            putOrNull(o, "prompt_tokens_per_second", t.promptTokensPerSecond());
            o.put("cached_prompt_tokens", r.usage().cachedPromptTokens());
            // What only a run's own output showed, and what it was run with: enough to run it again the same way.
            o.put("cpu_variant", RunJson.cpuVariant(r.model().engineBuild()));
            RunJson.putEngineTimings(o, t);
            o.set("params", RunJson.params(r.params()));
            return o;
        }
    }

    private static ObjectNode json(RunRecord r) {
        ObjectNode o = RunJson.JSON.createObjectNode();
        Timings t = r.timings();
        o.put("run_id", r.id());
        o.put("created_at", r.createdAt().toString());
        o.put("status", r.status().label());
        o.put("target", r.target().toString());
        o.put("model", r.model().name());
        o.put("engine", r.model().engine());
        o.put("prompt", r.prompt());
        o.put("text", r.output());
        o.put("error", r.error().orElse(null));
        putOrNull(o, "ttft_ms", t.ttftMs());
        o.put("total_ms", RunJson.round(t.totalMs()));
        o.put("prompt_tokens", r.usage().promptTokens());
        o.put("completion_tokens", r.usage().completionTokens());
        putOrNull(o, "tokens_per_second", t.completionTokensPerSecond());
        putOrNull(o, "engine_tokens_per_second",
                t.engine().map(e -> OptionalDouble.of(e.generationTokensPerSecond())).orElse(OptionalDouble.empty()));
        o.put("usage_basis", r.usage().basis().label());
        o.put("cost_usd", r.costUsd().orElse(null));
        o.put("cost_basis", r.costBasis().orElse(null));
        o.put("attempts", t.attempts());
        o.put("stop_reason", r.stopReason().orElse(null));
        return o;
    }

    private static void putOrNull(ObjectNode o, String key, OptionalDouble v) {
        if (v.isPresent()) {
            o.put(key, RunJson.round(v.getAsDouble()));
        } else {
            o.putNull(key);
        }
    }

    private static String abbreviate(String s, int max) {
        return s.length() <= max ? s : "…" + s.substring(s.length() - max + 1);
    }
}
