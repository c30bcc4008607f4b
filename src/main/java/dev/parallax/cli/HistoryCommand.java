package dev.parallax.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parallax.core.Timings;
import dev.parallax.history.RunRecord;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

import java.io.PrintWriter;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.OptionalDouble;
import java.util.concurrent.Callable;

/** {@code parallax history}: the latest runs, newest first. */
@Command(name = "history", description = "Show recent runs, newest first.")
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
