package dev.parallax.cli;

import dev.parallax.app.AppServices;
import dev.parallax.app.ParallaxHome;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Optional;
import java.util.List;
import java.util.function.BiFunction;

/** {@code parallax}: the command line over the same services as the desktop app. */
@Command(name = "parallax",
        mixinStandardHelpOptions = true,
        // Every subcommand (and theirs) takes --help and --version too: 'parallax history --help' is what people type.
        scope = CommandLine.ScopeType.INHERIT,
        versionProvider = VersionProvider.class,
        description = "Run prompts on local GGUF models and cloud APIs, measure them, and keep every run.")
public final class ParallaxCommand implements Runnable {

    /**
     * The subcommands, in the order the usage lists them. Not in the annotation: picocli would build all of them, and
     * their subcommands, at every start (150-250 ms of reflection here); {@link Cli} adds only the one a command line
     * names, or all of them when it names none, asks for help, or names one that does not exist.
     */
    static final List<Class<?>> SUBCOMMANDS = List.of(RunCommand.class, ModelsCommand.class, HistoryCommand.class,
            BenchLocalCommand.class, ProvidersCommand.class, KeysCommand.class, PricesCommand.class, CheckCommand.class,
            PrivacyCommand.class, CompareCommand.class, ComparisonsCommand.class, BenchCommand.class,
            DatasetsCommand.class, BatchCommand.class, EnginesCommand.class, ReportCommand.class, CostCommand.class);

    @Spec
    CommandSpec spec;

    @Option(names = "--home", paramLabel = "DIR", description = "Data folder (default: $PARALLAX_HOME or ~/.parallax).")
    Path home;

    @Option(names = "--verbose", description = "Also print llama.cpp's log to stderr.")
    boolean verbose;

    private final BiFunction<ParallaxHome, Boolean, AppServices> servicesFactory;
    private final InputStream in;
    private AppServices services;

    public ParallaxCommand(BiFunction<ParallaxHome, Boolean, AppServices> servicesFactory) {
        this(servicesFactory, System.in);
    }

    public ParallaxCommand(BiFunction<ParallaxHome, Boolean, AppServices> servicesFactory, InputStream in) {
        this.servicesFactory = servicesFactory;
        this.in = in;
    }

    /** Standard input: where {@code keys set} reads a key. */
    InputStream in() {
        return in;
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** The services for this invocation, built once on first use. */
    synchronized AppServices services() {
        if (services == null) {
            services = servicesFactory.apply(ParallaxHome.resolve(Optional.ofNullable(home), System.getenv()), verbose);
        }
        return services;
    }

    /**
     * For a command about to send prompts to these targets: when any may leave this machine, the privacy gate starts
     * loading its sentence model now, and the cloud providers' routes are built (their HTTP clients warmed up), beside
     * the database and the dataset, rather than in front of the first prompt.
     */
    void prepareChecksFor(java.util.Collection<dev.parallax.core.Target> targets) {
        if (targets.stream().anyMatch(t -> !t.isLocal())) {
            services().privacyGate().prepareInBackground();
            services().runService().prepareRoutesInBackground(targets);
        }
    }

    synchronized void closeServices() {
        if (services != null) {
            services.close();
        }
    }

    PrintWriter out() {
        return spec.commandLine().getOut();
    }

    PrintWriter err() {
        return spec.commandLine().getErr();
    }
}
