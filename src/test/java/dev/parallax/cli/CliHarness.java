package dev.parallax.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parallax.app.AppServices;

import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Runs the command line in this JVM on a test home, with a given environment and standard input. */
final class CliHarness {

    record Result(int code, String out, String err) {
        JsonNode json() throws Exception {
            return RunJson.JSON.readTree(out);
        }
    }

    final Path home;
    final Map<String, String> env = new HashMap<>();
    final List<Result> all = new ArrayList<>();

    CliHarness(Path home) {
        this.home = home;
        // This machine's own environment must not leak in: no real keys, proxies or base URLs.
        env.put("PARALLAX_KEYSTORE", "file");
    }

    Result run(String... args) {
        return runWithInput("", args);
    }

    Result runWithInput(String stdin, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        List<String> full = new ArrayList<>(List.of("--home", home.toString()));
        full.addAll(List.of(args));
        int code = Cli.execute(full.toArray(String[]::new), (h, v) -> new AppServices(h, v, env),
                new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)), new PrintWriter(out, true),
                new PrintWriter(err, true));
        Result r = new Result(code, out.toString(), err.toString());
        all.add(r);
        return r;
    }
}
