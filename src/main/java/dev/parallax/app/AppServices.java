package dev.parallax.app;

import dev.parallax.core.HostFacts;
import dev.parallax.engine.local.LocalEngine;
import dev.parallax.engine.local.WorkerLaunch;
import dev.parallax.history.HistoryDatabase;
import dev.parallax.history.RunRepository;
import dev.parallax.models.HostProbe;
import dev.parallax.models.ModelStore;
import dev.parallax.route.RunService;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.time.Clock;

/**
 * The composition root: builds each service once, with its collaborators passed in through
 * constructors. Services are built on first use, so a command that only lists models never opens
 * the database and the desktop window can show before the heavy parts start.
 */
public final class AppServices implements AutoCloseable {

    static final String JNI_WORKER_MAIN = "dev.parallax.engine.local.jni.JniWorkerMain";

    private final ParallaxHome home;
    private final boolean verbose;
    private ModelStore models;
    private HistoryDatabase database;
    private RunRepository runs;
    private Writer engineLog;
    private LocalEngine localEngine;
    private RunService runService;
    private HostFacts host;
    private SettingsStore settings;
    private int interruptedAtStart = -1;

    public AppServices(ParallaxHome home, boolean verbose) {
        this.home = home;
        this.verbose = verbose;
    }

    public ParallaxHome home() {
        return home;
    }

    public synchronized ModelStore models() {
        if (models == null) {
            ensureHome();
            models = new ModelStore(home.models());
        }
        return models;
    }

    /** Opens the database (failing clearly if another Parallax holds it) and marks leftover runs interrupted. */
    public synchronized RunRepository runs() {
        if (runs == null) {
            ensureHome();
            database = HistoryDatabase.open(home.root());
            runs = new RunRepository(database);
            interruptedAtStart = runs.markInterrupted();
        }
        return runs;
    }

    /** How many runs were found unfinished when the database was opened. */
    public synchronized int interruptedAtStart() {
        return Math.max(0, interruptedAtStart);
    }

    /** The desktop settings in {@code config.json}: cheap, it reads the file only when asked to load. */
    public synchronized SettingsStore settings() {
        if (settings == null) {
            settings = new SettingsStore(home.settings());
        }
        return settings;
    }

    public synchronized HostFacts host() {
        if (host == null) {
            host = HostProbe.detect(Version.current());
        }
        return host;
    }

    public synchronized LocalEngine localEngine() {
        if (localEngine == null) {
            ensureHome();
            try {
                engineLog = RotatingLog.open(home.logs().resolve("engine.log"));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot open the engine log in " + home.logs() + ": " + e.getMessage(), e);
            }
            WorkerLaunch launch = WorkerLaunch.sameRuntime(JNI_WORKER_MAIN, home.nativeLibraries().resolve("jllama"),
                    home.logs().resolve("engine.log"), verbose);
            localEngine = new LocalEngine("java-llama.cpp", launch, engineLog, true);
        }
        return localEngine;
    }

    public synchronized RunService runService() {
        if (runService == null) {
            runService = new RunService(models(), localEngine(), runs(), host(), Clock.systemUTC());
        }
        return runService;
    }

    private void ensureHome() {
        try {
            home.ensureExists();
        } catch (IOException e) {
            throw new UncheckedIOException(e.getMessage(), e);
        }
    }

    @Override
    public synchronized void close() {
        if (localEngine != null) {
            localEngine.close();
        }
        if (database != null) {
            database.close();
        }
        if (engineLog != null) {
            try {
                engineLog.close();
            } catch (IOException e) {
                // Closing a log at exit: nothing left to tell.
            }
        }
    }
}
