package dev.parallax.app;

import dev.parallax.cli.Cli;
import dev.parallax.ui.DesktopApp;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;

/** {@code java -jar parallax.jar}: the desktop window with no arguments, the command line with some. */
public final class Parallax {

    /** Held so the level sticks: java.util.logging keeps loggers only weakly. */
    private static final Logger FLYWAY_LOG = Logger.getLogger("org.flywaydb");
    /**
     * JavaFX warns on every start that it was loaded from the class path ("Unsupported JavaFX configuration"); the
     * jar is built that way on purpose (one runnable jar), so the line only worried people.
     */
    private static final Logger JAVAFX_LOG = Logger.getLogger("javafx");

    private Parallax() {
    }

    /**
     * Whether the arguments ask for the window: none, or only {@code --home DIR} ({@code parallax --home ~/work}
     * opens the window on that data folder). Then the {@code --home} folder, if given; empty when they name a command.
     */
    static Optional<Optional<Path>> desktopHome(String[] args) {
        if (args.length == 0) {
            return Optional.of(Optional.empty());
        }
        if (args.length == 1 && args[0].startsWith("--home=") && args[0].length() > "--home=".length()) {
            return Optional.of(Optional.of(Path.of(args[0].substring("--home=".length()))));
        }
        if (args.length == 2 && args[0].equals("--home") && !args[1].startsWith("-")) {
            return Optional.of(Optional.of(Path.of(args[1])));
        }
        return Optional.empty();
    }

    public static void main(String[] args) {
        // Flyway reports every migration check at INFO; the user needs to hear only about problems.
        FLYWAY_LOG.setLevel(Level.WARNING);
        JAVAFX_LOG.setLevel(Level.SEVERE);
        Optional<Optional<Path>> desktop = desktopHome(args);
        if (desktop.isPresent()) {
            ParallaxHome home = ParallaxHome.resolve(desktop.get(), System.getenv());
            DesktopApp.launch(new AppServices(home, false));
            return;
        }
        if (Cli.namesModelsPull(args) && FullJitRelaunch.c1Only() && !FullJitRelaunch.isChild()) {
            // The installed command line runs C1 only; a pull's SHA-256 needs C2 (decision 0015).
            int status;
            try {
                status = FullJitRelaunch.run(args, System.err, Cli.namesVerbose(args));
            } catch (java.io.IOException e) {
                System.err.println("parallax: could not start the JVM for 'models pull': " + e.getMessage());
                status = 1;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                status = 130;
            }
            JvmExit.exit(status);
            return;
        }
        if (Cli.wantsCompilerPolicy(args)) {
            // First thing, so that little is compiled by C2 before the policy holds (decision 0015).
            CompilerPolicy.applyInBackground();
        }
        PrintWriter out = new PrintWriter(new java.io.OutputStreamWriter(System.out, StandardCharsets.UTF_8), true);
        PrintWriter err = new PrintWriter(new java.io.OutputStreamWriter(System.err, StandardCharsets.UTF_8), true);
        int code = Cli.execute(args, AppServices::new, out, err);
        JvmExit.exit(code);
    }
}
