package dev.parallax.app;

import dev.parallax.bench.batch.BatchReporter;
import dev.parallax.bench.batch.BatchService;
import dev.parallax.bench.compare.CompareService;
import dev.parallax.bench.dataset.DatasetService;
import dev.parallax.bench.stats.Bootstrap;
import dev.parallax.bench.stats.Statistics;
import dev.parallax.config.ConfigFile;
import dev.parallax.report.CostStudy;
import dev.parallax.report.ReportService;
import dev.parallax.core.HostFacts;
import dev.parallax.cost.CostCalculator;
import dev.parallax.cost.EnergyMeter;
import dev.parallax.cost.LocalCostModel;
import dev.parallax.cost.PriceTable;
import dev.parallax.cost.TokenEstimator;
import dev.parallax.engine.cloud.CloudHttp;
import dev.parallax.engine.cloud.CloudSettings;
import dev.parallax.config.EnvProxySelector;
import dev.parallax.engine.cloud.ProviderRegistry;
import dev.parallax.engine.Engine;
import dev.parallax.engine.local.LocalEngine;
import dev.parallax.engine.local.LocalEngines;
import dev.parallax.engine.local.current.EngineRuntimes;
import dev.parallax.engine.local.WorkerLaunch;
import dev.parallax.history.DownloadRepository;
import dev.parallax.history.AuditRepository;
import dev.parallax.embed.MiniLmEmbedder;
import dev.parallax.history.BatchRepository;
import dev.parallax.history.ComparisonRepository;
import dev.parallax.history.DatasetRepository;
import dev.parallax.history.HistoryDatabase;
import dev.parallax.history.RunRepository;
import dev.parallax.models.Catalog;
import dev.parallax.models.EngineSupport;
import dev.parallax.models.HostProbe;
import dev.parallax.models.MemoryBudget;
import dev.parallax.models.ModelStore;
import dev.parallax.privacy.Destination;
import dev.parallax.privacy.NameCheck;
import dev.parallax.privacy.PrivacyGate;
import dev.parallax.privacy.PrivacySettings;
import dev.parallax.privacy.SentenceEncoders;
import dev.parallax.route.CloudRouter;
import dev.parallax.route.EnginePreferences;
import dev.parallax.models.SpeedPrediction;
import dev.parallax.models.download.DownloadManager;
import dev.parallax.models.download.DownloadOptions;
import dev.parallax.models.hub.HubClient;
import dev.parallax.models.hub.HubSettings;
import dev.parallax.models.hub.ModelDiscovery;
import dev.parallax.route.LocalModelNameCheck;
import dev.parallax.route.PrivacyService;
import dev.parallax.route.RunPrivacy;
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
    private ReportService reports;
    private CostStudy costStudy;
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
    private EnginePreferences enginePreferences;
    private Optional<Path> currentEngineRuntime = Optional.empty();
    private Optional<Path> currentEngineLibraries = Optional.empty();
    private AuditRepository audit;
    private PrivacyGate privacyGate;
    private PrivacyService privacy;
    private HostFacts host;
    private SettingsStore settings;
    private int interruptedAtStart = -1;
    private HubClient hub;
    private DownloadManager downloads;
    private ModelDiscovery discovery;
    private DatasetService datasets;
    private BatchService batches;
    private CompareService compare;
    private MiniLmEmbedder embedder;

    public AppServices(ParallaxHome home, boolean verbose) {
        this(home, verbose, System.getenv());
    }

    /**
     * Services that read their environment (engine runtimes, API keys, base URLs, HF_ENDPOINT, HF_TOKEN,
     * proxies) from {@code env} instead of the process environment.
     */
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

    /**
     * Moves an unreadable history database aside ({@code parallax.mv.db.damaged-<time>}), so that the next
     * {@link #runs()} starts a new one. Only before the database was opened.
     */
    public synchronized Path moveDamagedHistoryAside() throws java.io.IOException {
        if (database != null) {
            throw new IllegalStateException("the history database is open");
        }
        return HistoryDatabase.moveAside(home.root(), java.time.Clock.systemDefaultZone());
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
            boolean keepLoaded = enginePreferences().keepModelLoaded();
            LocalEngine javaLlamaCpp = new LocalEngine("java-llama.cpp", jni, engineLog, keepLoaded, localRuns);

            EngineRuntimes runtimes = new EngineRuntimes(env, EngineRuntimes.appDirectoryOf(AppServices.class),
                    EngineRuntimes.knownJdkRoots());
            EngineRuntimes.Lookup<Path> java = runtimes.java();
            EngineRuntimes.Lookup<Path> libs = runtimes.libraries();
            currentEngineRuntime = java.value();
            currentEngineLibraries = libs.value();
            Optional<Engine> current = Optional.empty();
            String unavailable = !java.value().isPresent() ? java.reason() : libs.reason();
            if (java.value().isPresent() && libs.value().isPresent()) {
                WorkerLaunch ffm = WorkerLaunch.on(java.value().get(), FFM_WORKER_MAIN,
                        List.of("--enable-native-access=ALL-UNNAMED", "-Dparallax.llama.libs=" + libs.value().get(),
                                "-Dparallax.verbose=" + verbose,
                                // ggml threadpool polling level (0-100); empty = ggml's default.
                                "-Dparallax.llama.poll=" + env.getOrDefault("PARALLAX_LLAMA_POLL", ""),
                                // "off": always the configured thread count, even while other programs hold the CPU.
                                "-Dparallax.llama.tuneThreads=" + !"off".equalsIgnoreCase(
                                        env.getOrDefault("PARALLAX_LLAMA_TUNE_THREADS", ""))),
                        home.nativeLibraries().resolve("llama"), logFile, verbose)
                        // Java 22+: its classes come from an archive the workers share (a cold start 150-200 ms sooner).
                        .withClassArchive(home.nativeLibraries().resolve("cds").resolve("current-engine-worker.jsa"));
                current = Optional.of(new LocalEngine("llama.cpp (FFM)", ffm, engineLog, keepLoaded, localRuns));
            }
            localEngines = new LocalEngines(javaLlamaCpp, current, unavailable);
        }
        return localEngines;
    }

    /** The Java 22+ executable the current llama.cpp engine's worker runs on, when one was found. */
    public synchronized Optional<Path> currentEngineRuntime() {
        localEngines();
        return currentEngineRuntime;
    }

    /** The folder of the pinned llama.cpp libraries, when found. */
    public synchronized Optional<Path> currentEngineLibraries() {
        localEngines();
        return currentEngineLibraries;
    }

    /** Keep-loaded and per-model engine pins, in {@code config.json}. */
    public synchronized EnginePreferences enginePreferences() {
        if (enginePreferences == null) {
            enginePreferences = new EnginePreferences(config());
        }
        return enginePreferences;
    }

    /** The local engine runs use by default (status displays follow it). */
    public LocalEngine localEngine() {
        // AppServices builds both engines as LocalEngine: worker processes with a status.
        return (LocalEngine) localEngines().preferred();
    }

    public synchronized RunService runService() {
        if (runService == null) {
            runService = new RunService(models(), localEngines(), CloudRouter.of(providers()), costs(), runs(),
                    new RunPrivacy(privacyGate(), audit(), Clock.systemUTC()), enginePreferences(), host(), Clock.systemUTC());
        }
        return runService;
    }

    /** The privacy decisions of runs and the audit, in the history database. */
    public synchronized AuditRepository audit() {
        if (audit == null) {
            runs();
            audit = new AuditRepository(database);
        }
        return audit;
    }

    /**
     * The privacy gate: the bundled sentence model is copied under {@code <home>/native} and loaded on the first check;
     * the providers' list tells which of them run on this machine; the name check asks the configured local model.
     */
    public synchronized PrivacyGate privacyGate() {
        if (privacyGate == null) {
            ensureHome();
            PrivacySettings settings = new PrivacySettings(config());
            privacyGate = new PrivacyGate(settings, SentenceEncoders.miniLm(home.nativeLibraries()),
                    () -> providers().list().stream()
                            .map(e -> new Destination(e.provider().name(), e.provider().onThisMachine())).toList(),
                    () -> settings.load().localModel()
                            .map(m -> (NameCheck) LocalModelNameCheck.through(runService(), m)));
        }
        return privacyGate;
    }

    /** Check prompts, read and change the privacy policy and rules, read the audit. */
    public synchronized PrivacyService privacy() {
        if (privacy == null) {
            privacy = new PrivacyService(privacyGate(), audit(), Clock.systemUTC());
        }
        return privacy;
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

    /** Reports of comparisons, batches and history selections, and the cost of ownership; built on first use. */
    public synchronized ReportService reports() {
        if (reports == null) {
            ReportService.Sources sources = new ReportService.Sources(id -> compare().open(id), batchReports(),
                    new BatchRepository(database()), new DatasetRepository(database()), runs(), audit());
            reports = new ReportService(sources, new Statistics(new Bootstrap()), prices(),
                    () -> LocalCostModel.load(config()), Clock.systemUTC(), Version.current(), HostProbe::gpus);
        }
        return reports;
    }

    /** Workloads measured by batches, for the cost of ownership. */
    public synchronized CostStudy costStudy() {
        if (costStudy == null) {
            costStudy = new CostStudy(new BatchRepository(database()), new DatasetRepository(database()), runs(), prices(),
                    () -> LocalCostModel.load(config()));
        }
        return costStudy;
    }

    /**
     * all-MiniLM-L6-v2 in floats (the privacy gate runs its int8 build), unpacked under the native folder and loaded
     * on first use.
     */
    public synchronized MiniLmEmbedder embedder() {
        if (embedder == null) {
            embedder = new MiniLmEmbedder(home.nativeLibraries());
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
            // Which engine runs a model here depends on whether the current llama.cpp can run on this machine.
            discovery = new ModelDiscovery(hub(), Catalog.bundled(), EngineSupport.bundled(localEngines().currentAvailable()),
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
        if (downloads != null) {
            downloads.close();
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
