package dev.parallax.app;

import dev.parallax.core.HostFacts;
import dev.parallax.engine.local.LocalEngine;
import dev.parallax.engine.local.WorkerLaunch;
import dev.parallax.history.DownloadRepository;
import dev.parallax.history.HistoryDatabase;
import dev.parallax.history.RunRepository;
import dev.parallax.models.Catalog;
import dev.parallax.models.EngineSupport;
import dev.parallax.models.HostProbe;
import dev.parallax.models.MemoryBudget;
import dev.parallax.models.ModelStore;
import dev.parallax.models.SpeedPrediction;
import dev.parallax.models.download.DownloadManager;
import dev.parallax.models.download.DownloadOptions;
import dev.parallax.models.hub.EnvProxySelector;
import dev.parallax.models.hub.HubClient;
import dev.parallax.models.hub.HubSettings;
import dev.parallax.models.hub.ModelDiscovery;
import dev.parallax.route.RunService;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;

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
    private int interruptedAtStart = -1;
    private final Map<String, String> env;
    private HubClient hub;
    private DownloadManager downloads;
    private ModelDiscovery discovery;

    public AppServices(ParallaxHome home, boolean verbose) {
        this(home, verbose, System.getenv());
    }

    /** With the environment given (HF_ENDPOINT, HF_TOKEN, HTTPS_PROXY, NO_PROXY are read from it). */
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

    /** The Hugging Face Hub ({@code HF_ENDPOINT} for a mirror, {@code HF_TOKEN} for gated models, env proxies). */
    public synchronized HubClient hub() {
        if (hub == null) {
            EnvProxySelector proxies = EnvProxySelector.fromEnvironment(env);
            hub = HubClient.create(HubSettings.fromEnvironment(env, Optional.empty(), "parallax/" + Version.current()),
                    proxies, proxies.authenticator());
        }
        return hub;
    }

    /** Search, repository files with fit and engine, remote headers: what the Discover screen shows. */
    public synchronized ModelDiscovery discovery() {
        if (discovery == null) {
            discovery = new ModelDiscovery(hub(), Catalog.bundled(), EngineSupport.bundled(false),
                    () -> MemoryBudget.ofThisMachine(host().ramBytes()),
                    () -> SpeedPrediction.fromHistory(runs(), host()));
        }
        return discovery;
    }

    /** The download queue; downloads cut off by the last exit are marked interrupted (resumable). */
    public synchronized DownloadManager downloads() {
        if (downloads == null) {
            downloads = new DownloadManager(hub(), new DownloadRepository(database(), Clock.systemUTC()), models(),
                    DownloadOptions.defaults());
            downloads.restore();
        }
        return downloads;
    }

    private HistoryDatabase database() {
        runs();
        return database;
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
        if (downloads != null) {
            downloads.close();
        }
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
