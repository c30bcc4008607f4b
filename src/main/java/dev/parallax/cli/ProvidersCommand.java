package dev.parallax.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parallax.engine.cloud.ApiFormat;
import dev.parallax.engine.cloud.ConnectionCheck;
import dev.parallax.engine.cloud.Provider;
import dev.parallax.engine.cloud.ProviderRegistry;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

import java.io.PrintWriter;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;

/** {@code parallax providers list|add|update|rm|test}. */
@Command(name = "providers", description = "List, add and test cloud and server API providers.",
        subcommands = {ProvidersCommand.ListProviders.class, ProvidersCommand.Add.class, ProvidersCommand.Update.class,
                ProvidersCommand.Remove.class, ProvidersCommand.Test.class})
final class ProvidersCommand implements Runnable {

    @ParentCommand
    ParallaxCommand root;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(root.out());
    }

    ProviderRegistry registry() {
        return root.services().providers();
    }

    static URI url(String text) {
        try {
            URI u = new URI(text.trim());
            if (u.getScheme() == null || u.getHost() == null) {
                throw new CliFailure("--base-url must be a URL such as http://127.0.0.1:1234/v1, not '" + text + "'", 2);
            }
            return u;
        } catch (URISyntaxException e) {
            throw new CliFailure("--base-url is not a URL: " + e.getReason(), 2);
        }
    }

    static ApiFormat format(String text) {
        try {
            return ApiFormat.fromLabel(text);
        } catch (IllegalArgumentException e) {
            throw new CliFailure(e.getMessage(), 2);
        }
    }

    @Command(name = "list", description = "List providers, their base URLs and where their keys come from.")
    static final class ListProviders implements Callable<Integer> {
        @ParentCommand
        ProvidersCommand providers;

        @Option(names = "--json", description = "Print a JSON array.")
        boolean json;

        @Override
        public Integer call() throws Exception {
            List<ProviderRegistry.Entry> entries = providers.registry().list();
            PrintWriter out = providers.root.out();
            if (json) {
                ArrayNode array = RunJson.JSON.createArrayNode();
                for (ProviderRegistry.Entry e : entries) {
                    Provider p = e.provider();
                    ObjectNode o = array.addObject();
                    o.put("name", p.name());
                    o.put("format", p.format().label());
                    o.put("base_url", p.baseUrl().toString());
                    o.put("base_url_source", p.baseUrlSource());
                    o.put("builtin", p.builtin());
                    o.put("key_env", p.keyEnv().orElse(null));
                    o.put("key", e.keySource().name().toLowerCase(Locale.ROOT));
                    o.put("on_this_machine", p.onThisMachine());
                    o.put("problem", e.problem().orElse(null));
                }
                out.println(RunJson.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(array));
                return 0;
            }
            out.printf(Locale.ROOT, "%-14s %-10s %-12s %s%n", "PROVIDER", "FORMAT", "KEY", "BASE URL");
            for (ProviderRegistry.Entry e : entries) {
                Provider p = e.provider();
                String key = switch (e.keySource()) {
                    case ENVIRONMENT -> "env";
                    case STORED -> "stored";
                    case MISSING -> "missing";
                    case NOT_NEEDED -> "-";
                };
                String url = e.problem().filter(x -> x.contains("no endpoint")).isPresent() ? "(not set)" : p.baseUrl().toString();
                out.printf(Locale.ROOT, "%-14s %-10s %-12s %s%s%n", p.name(), p.format().label(), key, url,
                        p.baseUrlSource().equals("preset") ? "" : "  (" + p.baseUrlSource() + ")");
            }
            out.println();
            out.println("Run one with: parallax run --target PROVIDER:MODEL --prompt TEXT. Store a key with: "
                    + "parallax keys set PROVIDER");
            return 0;
        }
    }

    @Command(name = "add", description = "Add a provider of your own (an OpenAI-compatible server by default).")
    static final class Add implements Callable<Integer> {
        @ParentCommand
        ProvidersCommand providers;

        @Parameters(index = "0", paramLabel = "NAME", description = "Its name: the part before the colon of a target.")
        String name;

        @Option(names = "--base-url", required = true, paramLabel = "URL",
                description = "Its base URL, e.g. http://127.0.0.1:1234/v1 (LM Studio) or http://127.0.0.1:8080/v1 (llama-server).")
        String baseUrl;

        @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "openai",
                description = "openai, anthropic, gemini or ollama (default: ${DEFAULT-VALUE}).")
        String format;

        @Option(names = "--key-env", paramLabel = "VAR", description = "An environment variable that holds its key.")
        String keyEnv;

        @Override
        public Integer call() {
            try {
                Provider p = providers.registry().add(name, format(format), url(baseUrl), Optional.ofNullable(keyEnv));
                providers.root.out().println("Added " + p.name() + " (" + p.format().label() + ", " + p.baseUrl()
                        + "). Run: parallax run --target " + p.name() + ":MODEL --prompt TEXT"
                        + (keyEnv == null ? "; if it needs a key: parallax keys set " + p.name() : ""));
                return 0;
            } catch (IllegalArgumentException e) {
                throw new CliFailure(e.getMessage(), 2);
            }
        }
    }

    @Command(name = "update", description = "Change a provider's base URL (built-in ones too) or format.")
    static final class Update implements Callable<Integer> {
        @ParentCommand
        ProvidersCommand providers;

        @Parameters(index = "0", paramLabel = "NAME")
        String name;

        @Option(names = "--base-url", paramLabel = "URL")
        String baseUrl;

        @Option(names = "--format", paramLabel = "FORMAT")
        String format;

        @Override
        public Integer call() {
            try {
                Provider p = providers.registry().update(name, Optional.ofNullable(baseUrl).map(ProvidersCommand::url),
                        Optional.ofNullable(format).map(ProvidersCommand::format));
                providers.root.out().println(p.name() + ": " + p.format().label() + ", " + p.baseUrl()
                        + " (" + p.baseUrlSource() + ")");
                return 0;
            } catch (IllegalArgumentException e) {
                throw new CliFailure(e.getMessage(), 2);
            }
        }
    }

    @Command(name = "rm", description = "Remove a provider of your own, or a built-in provider's base URL override.")
    static final class Remove implements Callable<Integer> {
        @ParentCommand
        ProvidersCommand providers;

        @Parameters(index = "0", paramLabel = "NAME")
        String name;

        @Override
        public Integer call() {
            if (!providers.registry().remove(name)) {
                throw new CliFailure("nothing to remove: '" + name + "' is not a provider of your own and has no override");
            }
            providers.root.out().println("Removed " + name + ".");
            return 0;
        }
    }

    @Command(name = "test", description = "Ask a provider for its model list: prints the latency, or what went wrong.")
    static final class Test implements Callable<Integer> {

        /** A server's model list can be long (hundreds): the first ones as targets, the rest with --json. */
        static final int SHOWN_MODELS = 20;
        @ParentCommand
        ProvidersCommand providers;

        @Parameters(index = "0", paramLabel = "NAME")
        String name;

        @Option(names = "--json", description = "Print one JSON object.")
        boolean json;

        @Override
        public Integer call() throws Exception {
            ConnectionCheck c;
            try {
                c = providers.registry().testConnection(name);
            } catch (IllegalArgumentException e) {
                throw new CliFailure(e.getMessage());
            }
            PrintWriter out = providers.root.out();
            if (json) {
                ObjectNode o = RunJson.JSON.createObjectNode();
                o.put("provider", c.provider());
                o.put("ok", c.ok());
                o.put("latency_ms", RunJson.round(c.latencyMs()));
                if (c.httpStatus().isPresent()) {
                    o.put("http_status", c.httpStatus().getAsInt());
                } else {
                    o.putNull("http_status");
                }
                if (c.modelCount().isPresent()) {
                    o.put("models", c.modelCount().getAsInt());
                } else {
                    o.putNull("models");
                }
                o.put("message", c.message());
                c.models().forEach(o.putArray("model_ids")::add);
                out.println(RunJson.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(o));
            } else if (c.ok()) {
                out.printf(Locale.ROOT, "%s: ok · %.0f ms%s%n", c.provider(), c.latencyMs(),
                        c.modelCount().isPresent() ? " · " + c.modelCount().getAsInt() + " models" : "");
                // The targets to write, so nobody has to guess a server's model ids.
                c.models().stream().limit(SHOWN_MODELS).forEach(id -> out.println("  " + c.provider() + ":" + id));
                if (c.models().size() > SHOWN_MODELS) {
                    out.printf(Locale.ROOT, "  … and %d more (--json lists them all)%n", c.models().size() - SHOWN_MODELS);
                }
            }
            if (!c.ok()) {
                throw new CliFailure(c.provider() + ": " + c.message());
            }
            return 0;
        }
    }
}
