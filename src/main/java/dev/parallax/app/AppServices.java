package dev.parallax.app;

import dev.parallax.core.HostFacts;
import dev.parallax.engine.local.LocalEngine;
import dev.parallax.engine.local.LocalEngines;
import dev.parallax.engine.local.current.EngineRuntimes;
import dev.parallax.engine.local.WorkerLaunch;
import dev.parallax.history.HistoryDatabase;
import dev.parallax.history.RunRepository;
import dev.parallax.models.HostProbe;
import dev.parallax.models.ModelStore;
import dev.parallax.route.RunService;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;

/**
 * The composition root: builds each service once, with its collaborators passed in through
 * constructors. Services are built on first use, so a command that only lists models never opens
 * the database and the desktop window can show before the heavy parts start.
 */
public final class AppServices implements AutoCloseable {

    static final String JNI_WORKER_MAIN = "dev.parallax.engine.local.jni.JniWorkerMain";
    static final String FFM_WORKER_MAIN = "dev.parallax.engine.local.ffm.FfmWorkerMain";

    private final ParallaxHome home;
    private final boolean verbose;
    private ModelStore models;
    private HistoryDatabase database;
    private RunRepository runs;
    private Writer engineLog;
    private LocalEngines localEngines;
    private RunService runService;
    private HostFacts host;
    private int interruptedAtStart = -1;

    private final Map<String, String> env;

    public AppServices(ParallaxHome home, boolean verbose) {
        this(home, verbose, System.getenv());
    }

    /** @param env the environment to read engine settings from (tests pass their own) */
    public AppServices(ParallaxHome home, boolean verbose, Map<String, String> env) {
        this.home = home;
        this.verbose = verbose;
        this.env = Map.copyOf(env);
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

    public synchronized HostFacts host() {
        if (host == null) {
            host = HostProbe.detect(Version.current());
        }
        return host;
    }

    /** Both local engines; the current one only where its Java 22+ runtime and native libraries are present. */
    public synchronized LocalEngines localEngines() {
        if (localEngines == null) {
            ensureHome();
            try {
                engineLog = RotatingLog.open(home.logs().resolve("engine.log"));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot open the engine log in " + home.logs() + ": " + e.getMessage(), e);
            }
            ExecutorService localRuns = LocalEngine.localRunQueue();
            Path logFile = home.logs().resolve("engine.log");
            WorkerLaunch jni = WorkerLaunch.sameRuntime(JNI_WORKER_MAIN, home.nativeLibraries().resolve("jllama"), logFile, verbose);
            LocalEngine javaLlamaCpp = new LocalEngine("java-llama.cpp", jni, engineLog, true, localRuns);

            EngineRuntimes runtimes = new EngineRuntimes(env, EngineRuntimes.appDirectoryOf(AppServices.class),
                    EngineRuntimes.knownJdkRoots());
            EngineRuntimes.Lookup<Path> java = runtimes.java();
            EngineRuntimes.Lookup<Path> libs = runtimes.libraries();
            Optional<LocalEngine> current = Optional.empty();
            String unavailable = !java.value().isPresent() ? java.reason() : libs.reason();
            if (java.value().isPresent() && libs.value().isPresent()) {
                WorkerLaunch ffm = WorkerLaunch.on(java.value().get(), FFM_WORKER_MAIN,
                        List.of("--enable-native-access=ALL-UNNAMED", "-Dparallax.llama.libs=" + libs.value().get(),
                                "-Dparallax.verbose=" + verbose),
                        home.nativeLibraries().resolve("llama"), logFile, verbose);
                current = Optional.of(new LocalEngine("llama.cpp (FFM)", ffm, engineLog, true, localRuns));
            }
            localEngines = new LocalEngines(javaLlamaCpp, current, unavailable);
        }
        return localEngines;
    }

    public synchronized RunService runService() {
        if (runService == null) {
            runService = new RunService(models(), localEngines(), runs(), host(), Clock.systemUTC());
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
        if (localEngines != null) {
            localEngines.close();
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
