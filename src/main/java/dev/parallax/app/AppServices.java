package dev.parallax.app;

import dev.parallax.bench.batch.BatchReporter;
import dev.parallax.bench.batch.BatchService;
import dev.parallax.bench.compare.CompareService;
import dev.parallax.bench.dataset.DatasetService;
import dev.parallax.bench.stats.Bootstrap;
import dev.parallax.bench.stats.Statistics;
import dev.parallax.config.ConfigFile;
import dev.parallax.core.HostFacts;
import dev.parallax.cost.CostCalculator;
import dev.parallax.cost.EnergyMeter;
import dev.parallax.cost.LocalCostModel;
import dev.parallax.cost.PriceTable;
import dev.parallax.cost.TokenEstimator;
import dev.parallax.engine.cloud.CloudHttp;
import dev.parallax.engine.cloud.CloudSettings;
import dev.parallax.engine.cloud.EnvProxySelector;
import dev.parallax.engine.cloud.ProviderRegistry;
import dev.parallax.engine.local.LocalEngine;
import dev.parallax.engine.local.LocalEngines;
import dev.parallax.engine.local.current.EngineRuntimes;
import dev.parallax.engine.local.WorkerLaunch;
import dev.parallax.embed.MiniLmEmbedder;
import dev.parallax.history.BatchRepository;
import dev.parallax.history.ComparisonRepository;
import dev.parallax.history.DatasetRepository;
import dev.parallax.history.HistoryDatabase;
import dev.parallax.history.RunRepository;
import dev.parallax.models.HostProbe;
import dev.parallax.models.ModelStore;
import dev.parallax.route.CloudRouter;
import dev.parallax.route.RunService;
import dev.parallax.secrets.KeyStore;
import dev.parallax.secrets.KeyVault;

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
    private final Map<String, String> env;
    private ConfigFile config;
    private KeyVault keys;
    private Writer cloudLog;
    private CloudHttp cloudHttp;
    private ProviderRegistry providers;
    private PriceTable prices;
    private CostCalculator costs;
    private ModelStore models;
    private HistoryDatabase database;
    private RunRepository runs;
    private Writer engineLog;
    private LocalEngines localEngines;
    private RunService runService;
    private HostFacts host;
    private int interruptedAtStart = -1;
    private DatasetService datasets;
    private BatchService batches;
    private CompareService compare;
    private MiniLmEmbedder embedder;

    public AppServices(ParallaxHome home, boolean verbose) {
        this(home, verbose, System.getenv());
    }

    /** Services that read engine settings, keys, base URLs and proxies from {@code env} instead of the process environment. */
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
            runService = new RunService(models(), localEngines(), CloudRouter.of(providers()), costs(), runs(), host(),
                    Clock.systemUTC());
        }
        return runService;
    }

    /** Datasets: preview, import, list. Removes imports that a stop of Parallax left unfinished. */
    public synchronized DatasetService datasets() {
        if (datasets == null) {
            DatasetRepository repository = new DatasetRepository(database());
            repository.removeIncomplete();
            datasets = new DatasetService(repository, Clock.systemUTC());
        }
        return datasets;
    }

    /** Batch runs; batches that were running when Parallax last stopped are marked interrupted (resumable). */
    public synchronized BatchService batches() {
        if (batches == null) {
            BatchRepository repository = new BatchRepository(database());
            repository.markInterrupted(Clock.systemUTC().instant());
            batches = new BatchService(runService(), new DatasetRepository(database()), repository, Clock.systemUTC());
        }
        return batches;
    }

    /** Batch results with statistics and checks; similarity checks load the embedding model when first needed. */
    public BatchReporter batchReports() {
        MiniLmEmbedder model = embedder();
        return new BatchReporter(new BatchRepository(database()), new DatasetRepository(database()),
                new Statistics(new Bootstrap()), java.util.Optional.of(model::cosine));
    }

    public synchronized CompareService compare() {
        if (compare == null) {
            compare = new CompareService(runService(), new ComparisonRepository(database()),
                    new Statistics(new Bootstrap()), Clock.systemUTC());
        }
        return compare;
    }

    /** all-MiniLM-L6-v2, unpacked under the home's cache folder and loaded on first use. */
    public synchronized MiniLmEmbedder embedder() {
        if (embedder == null) {
            embedder = new MiniLmEmbedder(home.root().resolve("cache").resolve("minilm-l6-v2"));
        }
        return embedder;
    }

    private synchronized HistoryDatabase database() {
        runs();
        return database;
    }

    /** {@code config.json}: providers, price overrides, cost model, cloud timeouts. Never a key. */
    public synchronized ConfigFile config() {
        if (config == null) {
            config = new ConfigFile(home.settings());
        }
        return config;
    }

    /** Where API keys are stored; screens and commands can set, remove and ask, never read a key back. */
    public KeyStore keyStore() {
        return keyVault();
    }

    private synchronized KeyVault keyVault() {
        if (keys == null) {
            ensureHome();
            keys = KeyVault.open(home.root(), env);
        }
        return keys;
    }

    public synchronized ProviderRegistry providers() {
        if (providers == null) {
            providers = new ProviderRegistry(config(), env, keyVault(), cloudHttp());
        }
        return providers;
    }

    public synchronized PriceTable prices() {
        if (prices == null) {
            prices = PriceTable.load(config());
        }
        return prices;
    }

    public synchronized CostCalculator costs() {
        if (costs == null) {
            costs = new CostCalculator(prices(), () -> LocalCostModel.load(config()), EnergyMeter.rapl());
        }
        return costs;
    }

    private synchronized CloudHttp cloudHttp() {
        if (cloudHttp == null) {
            ensureHome();
            try {
                cloudLog = RotatingLog.open(home.logs().resolve("cloud.log"));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot open the cloud log in " + home.logs() + ": " + e.getMessage(), e);
            }
            cloudHttp = new CloudHttp(EnvProxySelector.from(env), () -> CloudSettings.load(config()),
                    new TokenEstimator(), cloudLog, Clock.systemUTC());
        }
        return cloudHttp;
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
        if (batches != null) {
            batches.close();
        }
        if (embedder != null) {
            embedder.close();
        }
        if (localEngines != null) {
            localEngines.close();
        }
        if (providers != null) {
            providers.close();
        }
        if (cloudHttp != null) {
            cloudHttp.close();
        }
        if (cloudLog != null) {
            try {
                cloudLog.close();
            } catch (IOException e) {
                // Closing a log at exit: nothing left to tell.
            }
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
