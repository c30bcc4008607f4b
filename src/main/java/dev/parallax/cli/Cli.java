package dev.parallax.cli;

import dev.parallax.app.AppServices;
import dev.parallax.app.ParallaxHome;
import dev.parallax.history.HistoryException;
import picocli.CommandLine;

import java.io.InputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
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
        CommandLine cli = commandLine(root, args);
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

    /** Commands that run many prompts in one process: they get the compiler policy. */
    private static final List<Class<?>> BATCH_COMMANDS = List.of(BenchCommand.class, CompareCommand.class,
            BatchCommand.class);

    /**
     * Whether these arguments run a command that works hard for seconds in one process, which the process's entry
     * point gives the compiler policy ({@link dev.parallax.app.CompilerPolicy}) first thing: the batch commands
     * ({@code bench}, {@code compare}, {@code batch}) and {@code models pull}, whose download shares two cores with
     * the JIT. Not applied here: the policy holds for the whole JVM, and tests run commands inside theirs.
     */
    public static boolean wantsCompilerPolicy(String[] args) {
        Optional<Class<?>> named = named(args);
        if (named.filter(BATCH_COMMANDS::contains).isPresent()) {
            return true;
        }
        return namesModelsPull(args);
    }

    /** Whether these arguments run {@code models pull}. */
    public static boolean namesModelsPull(String[] args) {
        if (named(args).filter(ModelsCommand.class::equals).isEmpty()) {
            return false;
        }
        boolean seenModels = false;
        for (String a : args) {
            if (!seenModels) {
                seenModels = a.equals("models");
            } else if (!a.startsWith("-")) {
                return a.equals("pull");
            }
        }
        return false;
    }

    /** Whether the global {@code --verbose} option comes before the command. */
    public static boolean namesVerbose(String[] args) {
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--verbose")) {
                return true;
            }
            if (args[i].equals("--home")) {
                i++;
            } else if (!args[i].startsWith("-")) {
                return false;
            }
        }
        return false;
    }

    /** The command tree with every subcommand: what the usage lists. */
    static CommandLine fullCommandLine(ParallaxCommand root) {
        return commandLine(root, new String[0]);
    }

    /**
     * The command tree for these arguments: the root with only the subcommand they name, when they name one that
     * exists; else (no subcommand, {@code help}, an option picocli should answer, an unknown name) every subcommand,
     * so the usage, the help command and picocli's "did you mean" see them all.
     */
    static CommandLine commandLine(ParallaxCommand root, String[] args) {
        Optional<Class<?>> named = named(args);
        CommandLine cli = new CommandLine(root);
        for (Class<?> c : ParallaxCommand.SUBCOMMANDS) {
            if (named.isEmpty() || named.get() == c) {
                cli.addSubcommand(c);
            }
        }
        cli.addSubcommand(CommandLine.HelpCommand.class);
        // After the subcommands: picocli hands a converter only to those already added. Its own for BigDecimal
        // quotes the NumberFormatException ("cannot convert 'abc' to BigDecimal (java.lang.NumberFormatException: ...").
        cli.registerConverter(BigDecimal.class, Cli::dollars);
        return cli;
    }

    /** An amount of dollars, e.g. {@code --budget 0.50}. */
    private static BigDecimal dollars(String text) {
        try {
            return new BigDecimal(text.strip().startsWith("$") ? text.strip().substring(1) : text.strip());
        } catch (NumberFormatException e) {
            throw new CommandLine.TypeConversionException("'" + text + "' is not an amount of dollars, e.g. 0.50");
        }
    }

    /** The subcommand the arguments name after the root's own options, if they name one that exists. */
    private static Optional<Class<?>> named(String[] args) {
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.equals("--home")) {
                i++;
            } else if (a.startsWith("--home=") || a.equals("--verbose")) {
                continue;
            } else if (a.startsWith("-")) {
                return Optional.empty();
            } else {
                for (Class<?> c : ParallaxCommand.SUBCOMMANDS) {
                    CommandLine.Command command = c.getAnnotation(CommandLine.Command.class);
                    if (command != null && (command.name().equals(a) || Arrays.asList(command.aliases()).contains(a))) {
                        return Optional.of(c);
                    }
                }
                return Optional.empty();
            }
        }
        return Optional.empty();
    }

    static String reason(Throwable e) {
        if (e instanceof CliFailure || e instanceof HistoryException || e instanceof UncheckedIOException) {
            return e.getMessage();
        }
        String m = e.getMessage();
        return m == null || m.isBlank() ? e.toString() : m;
    }
}
