package dev.parallax.cli;

import dev.parallax.app.AppServices;
import dev.parallax.app.ParallaxHome;
import dev.parallax.history.HistoryException;
import picocli.CommandLine;

import java.io.InputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.function.BiFunction;

/** Runs the command line: parses, executes, turns every failure into one line and an exit code. */
public final class Cli {

    private Cli() {
    }

    public static int execute(String[] args, BiFunction<ParallaxHome, Boolean, AppServices> services,
                              PrintWriter out, PrintWriter err) {
        return execute(args, services, System.in, out, err);
    }

    /** As {@link #execute(String[], BiFunction, PrintWriter, PrintWriter)}, reading standard input from {@code in}. */
    public static int execute(String[] args, BiFunction<ParallaxHome, Boolean, AppServices> services, InputStream in,
                              PrintWriter out, PrintWriter err) {
        ParallaxCommand root = new ParallaxCommand(services, in);
        CommandLine cli = new CommandLine(root);
        cli.setOut(out);
        cli.setErr(err);
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            commandLine.getErr().println("parallax: " + reason(e));
            commandLine.getErr().flush();
            return e instanceof CliFailure f ? f.exitCode() : 1;
        });
        try {
            return cli.execute(args);
        } finally {
            root.closeServices();
            out.flush();
            err.flush();
        }
    }

    static String reason(Throwable e) {
        if (e instanceof CliFailure || e instanceof HistoryException || e instanceof UncheckedIOException) {
            return e.getMessage();
        }
        String m = e.getMessage();
        return m == null || m.isBlank() ? e.toString() : m;
    }
}
