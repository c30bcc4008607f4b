package dev.parallax.ui;

import atlantafx.base.theme.PrimerDark;
import atlantafx.base.theme.PrimerLight;
import dev.parallax.app.AppServices;
import dev.parallax.app.Settings;
import dev.parallax.app.Version;
import dev.parallax.config.ConfigFileInvalidException;
import dev.parallax.history.HistoryDamagedException;
import dev.parallax.models.HostProbe;
import dev.parallax.privacy.Dismissals;
import dev.parallax.ui.audit.AuditView;
import dev.parallax.ui.audit.AuditViewModel;
import dev.parallax.ui.base.OpeningSize;
import dev.parallax.ui.base.BackgroundTask;
import dev.parallax.ui.base.DialogService;
import dev.parallax.ui.base.FxTaskExecutor;
import dev.parallax.ui.base.FxUiThread;
import dev.parallax.ui.base.TaskExecutor;
import dev.parallax.ui.base.UiThread;
import dev.parallax.ui.compare.CompareView;
import dev.parallax.ui.compare.CompareViewModel;
import dev.parallax.ui.cost.CostView;
import dev.parallax.ui.cost.CostViewModel;
import dev.parallax.ui.datasets.BatchSetupViewModel;
import dev.parallax.ui.datasets.DatasetsView;
import dev.parallax.ui.datasets.DatasetsViewModel;
import dev.parallax.ui.discover.DiscoverView;
import dev.parallax.ui.discover.DiscoverViewModel;
import dev.parallax.ui.discover.DownloadsView;
import dev.parallax.ui.discover.DownloadsViewModel;
import dev.parallax.ui.history.HistoryView;
import dev.parallax.ui.history.HistoryViewModel;
import dev.parallax.ui.models.EnginePinViewModel;
import dev.parallax.ui.models.ModelsView;
import dev.parallax.ui.models.ModelsViewModel;
import dev.parallax.ui.playground.ParametersViewModel;
import dev.parallax.ui.playground.PlaygroundView;
import dev.parallax.ui.playground.PrivacyCheckViewModel;
import dev.parallax.ui.playground.PlaygroundViewModel;
import dev.parallax.ui.report.ExportDialog;
import dev.parallax.ui.report.ExportViewModel;
import dev.parallax.ui.results.ResultsView;
import dev.parallax.ui.results.ResultsViewModel;
import dev.parallax.ui.settings.LocalEnginesViewModel;
import dev.parallax.ui.settings.PricesViewModel;
import dev.parallax.ui.settings.PrivacySettingsViewModel;
import dev.parallax.ui.settings.ProviderRow;
import dev.parallax.ui.settings.ProvidersViewModel;
import dev.parallax.ui.settings.SettingsView;
import dev.parallax.ui.settings.SettingsViewModel;
import dev.parallax.ui.shell.Page;
import dev.parallax.ui.shell.ShellView;
import dev.parallax.ui.shell.ShellViewModel;
import javafx.application.Application;
import javafx.application.Platform;
import javafx.collections.ListChangeListener;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.image.Image;
import javafx.stage.Stage;

import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The desktop window: builds each screen's view-model and view once, wires the screens to each other,
 * and owns the services' lifetime. Heavy services start after the first frame is on screen; closing
 * the window stops a running generation (saved as cancelled), closes the services, then exits.
 */
public final class MainWindow {

    static final int WIDTH = 1280;
    static final int HEIGHT = 800;
    /** How long closing waits for a cancelled run to be saved (and an import to stop) before it closes the services anyway. */
    static final long RUN_SAVE_WAIT_MS = 1500;
    /** How long closing waits for a privacy check that is loading the sentence model (native code) to finish. */
    static final long PRIVACY_CHECK_WAIT_MS = 15_000;

    private final AppServices services;
    private final Stage stage;
    private final DialogService dialogs;
    private final WindowExit exit;
    private final TaskExecutor tasks = new FxTaskExecutor();
    /** Why the desktop settings could not be read at start, told once the window is up. */
    private final Optional<String> settingsProblem;
    private final UiThread ui = new FxUiThread();
    private final ShellViewModel shell;
    private final PlaygroundViewModel playground;
    private final CompareViewModel compare;
    private final ModelsViewModel models;
    private final HistoryViewModel history;
    private final CostViewModel cost;
    private final DiscoverViewModel discover;
    private final DownloadsViewModel downloads;
    private final SettingsViewModel settings;
    private final ProvidersViewModel providers;
    private final PricesViewModel prices;
    private final PrivacyCheckViewModel privacyCheck;
    private final EnginePinViewModel enginePin;
    private final LocalEnginesViewModel localEngines;
    private final DatasetsViewModel datasets;
    private final BatchSetupViewModel batchSetup;
    private final ResultsViewModel results;
    private final PrivacySettingsViewModel privacySettings;
    private final AuditViewModel audit;
    private final ShellView shellView;
    private final Image logo;
    private volatile boolean closing;
    private boolean privacyModelRequested;
    private boolean discoverStarted;
    private Thread shutdown;

    /**
     * @param dialogs built for the stage (tests pass a fake)
     * @param exit    told when closing begins and when the services are closed: ends the process in the app
     */
    public MainWindow(AppServices services, Settings initial, Optional<String> settingsProblem, Stage stage,
                      Function<Stage, DialogService> dialogs, WindowExit exit) {
        this.services = services;
        this.stage = stage;
        this.dialogs = dialogs.apply(stage);
        this.exit = exit;
        applyTheme(initial.theme());

        shell = new ShellViewModel(services::localEngine, tasks, ui);
        ParametersViewModel runParams = new ParametersViewModel(initial.defaults(), initial.mode());
        Dismissals playgroundSession = Dismissals.newSession();
        playground = new PlaygroundViewModel(services::runService, tasks, ui, this.dialogs, runParams, playgroundSession);
        playground.markdownProperty().set(initial.markdown());
        compare = new CompareViewModel(services::compare, tasks, ui, this.dialogs,
                new ParametersViewModel(initial.defaults(), initial.mode()));
        models = new ModelsViewModel(services::models,
                () -> new ModelsViewModel.HostMemory(HostProbe.availableMemoryBytes(), services.host().ramBytes()),
                tasks, this.dialogs);
        models.fitContextProperty().set(initial.defaults().contextSize() > 0 ? initial.defaults().contextSize() : 2048);
        enginePin = new EnginePinViewModel(services::enginePreferences, tasks, this.dialogs);
        localEngines = new LocalEnginesViewModel(services::enginePreferences, services::localEngines, tasks, this.dialogs);
        history = new HistoryViewModel(services::runs, tasks, this.dialogs);
        cost = new CostViewModel(services::costStudy, services::prices, tasks);
        discover = new DiscoverViewModel(services::discovery, services::downloads, () -> services.hub().settings(),
                tasks, this.dialogs);
        discover.contextProperty().set(models.fitContextProperty().get());
        downloads = new DownloadsViewModel(services::downloads, tasks, ui, this.dialogs);
        settings = new SettingsViewModel(services.settings(), initial, services.home().root(), tasks, this.dialogs);
        providers = new ProvidersViewModel(services::providers, services::keyStore, services::prices, tasks, this.dialogs);
        privacyCheck = new PrivacyCheckViewModel(services::privacy, tasks, playgroundSession);
        privacySettings = new PrivacySettingsViewModel(services::privacy, () -> localModelNames(services), tasks, this.dialogs);
        audit = new AuditViewModel(services::privacy, tasks, this.dialogs);
        prices = new PricesViewModel(services::prices, tasks, this.dialogs, java.time.Clock.systemDefaultZone());
        datasets = new DatasetsViewModel(services::datasets, tasks, this.dialogs);
        batchSetup = new BatchSetupViewModel(this.dialogs);
        results = new ResultsViewModel(services::batches, services::batchReports, services::datasets, tasks, ui, this.dialogs);
        wire();

        logo = new Image(MainWindow.class.getResource("icons/parallax.png").toExternalForm());
        Map<Page, Supplier<Node>> pages = new EnumMap<>(Page.class);
        PlaygroundView.FirstSteps firstSteps = new PlaygroundView.FirstSteps(() -> shell.show(Page.DISCOVER), () -> {
            shell.show(Page.MODELS);
            models.chooseAndImport();
        }, () -> shell.show(Page.SETTINGS));
        pages.put(Page.PLAYGROUND, () -> new PlaygroundView(playground, privacyCheck, this.dialogs::openLink, firstSteps).root());
        pages.put(Page.COMPARE, () -> new CompareView(compare, this.dialogs::openLink).root());
        pages.put(Page.MODELS, () -> new ModelsView(models, enginePin, () -> shell.show(Page.DISCOVER)).root());
        pages.put(Page.DISCOVER, () -> new DiscoverView(discover, new DownloadsView(downloads)).root());
        pages.put(Page.DATASETS, () -> new DatasetsView(datasets, batchSetup).root());
        pages.put(Page.RESULTS, () -> new ResultsView(results).root());
        pages.put(Page.HISTORY, () -> new HistoryView(history).root());
        pages.put(Page.AUDIT, () -> new AuditView(audit).root());
        pages.put(Page.COST, () -> new CostView(cost).root());
        pages.put(Page.SETTINGS, () -> new SettingsView(settings, providers, prices, localEngines, privacySettings).root());
        shellView = new ShellView(shell, pages, logo, Version.current());
        shellView.bindProgress(models.importingProperty(), models.importProgressProperty());
        shellView.bindProgress(datasets.importingProperty(), datasets.importProgressProperty());
        shellView.setOnFilesDropped(this::filesDropped);
        shellView.addStatusLink("status-downloads", downloads.cueProperty(), "Open Downloads (under Discover): Resume"
                + " continues each where it stopped", org.kordamp.ikonli.feather.Feather.DOWNLOAD, () -> shell.show(Page.DISCOVER));

        Scene scene = new Scene(shellView.root(), WIDTH, HEIGHT);
        scene.getStylesheets().add(MainWindow.class.getResource("parallax.css").toExternalForm());
        stage.setScene(scene);
        stage.setTitle("Parallax");
        stage.getIcons().add(logo);
        stage.setMinWidth(960);
        stage.setMinHeight(600);
        stage.setOnCloseRequest(e -> {
            e.consume();
            close();
        });
        this.settingsProblem = settingsProblem;
    }

    /** GGUF files go to Models; dataset files (and anything dropped on Datasets) to Datasets; the rest get Models' message. */
    void filesDropped(java.util.List<java.nio.file.Path> files) {
        boolean onDatasets = shell.pageProperty().get() == Page.DATASETS;
        java.util.List<java.nio.file.Path> data = files.stream().filter(f -> !ModelsViewModel.isGgufFile(f)
                && (onDatasets || DatasetsViewModel.isDatasetFile(f))).toList();
        java.util.List<java.nio.file.Path> rest = files.stream().filter(f -> !data.contains(f)).toList();
        if (!data.isEmpty()) {
            shell.show(Page.DATASETS);
            datasets.openFiles(data);
        }
        if (rest.stream().anyMatch(ModelsViewModel::isGgufFile)) {
            shell.show(Page.MODELS);
        }
        if (!rest.isEmpty()) {
            models.importFiles(rest);
        }
    }

    private void wire() {
        models.models().addListener((ListChangeListener<Object>) c -> playground.setModels(models.models()));
        playground.noLocalModelsProperty().bind(models.storeEmptyProperty());
        models.models().addListener((ListChangeListener<Object>) c -> compare.setModels(models.models()));
        providers.cloudTargets().addListener((ListChangeListener<Object>) c -> compare.setCloudTargets(providers.cloudTargets()));
        compare.lastComparisonProperty().addListener((o, a, c) -> {
            if (c != null) {
                history.refresh();
            }
        });
        downloads.setOnInstalled(done -> models.refresh());
        playground.lastResultProperty().addListener((o, a, result) -> {
            if (result != null) {
                history.refresh();
            }
        });
        history.setOnOpenInPlayground(run -> {
            playground.load(run);
            shell.show(Page.PLAYGROUND);
        });
        history.setOnRunAgain(run -> {
            shell.show(Page.PLAYGROUND);
            playground.runAgain(run);
        });
        history.setOnExport(ids -> openExport(ExportViewModel.Source.runs(ids)));
        results.setOnExport(batchId -> openExport(ExportViewModel.Source.batch(batchId)));
        compare.setOnExport(comparisonId -> openExport(ExportViewModel.Source.comparison(comparisonId)));
        providers.cloudTargets().addListener((ListChangeListener<Object>) c -> {
            playground.setCloudTargets(providers.cloudTargets());
            privacySettings.refresh();
        });
        models.models().addListener((ListChangeListener<Object>) c -> batchSetup.setLocalModels(models.models()));
        providers.cloudTargets().addListener((ListChangeListener<Object>) c -> batchSetup.setCloudTargets(providers.cloudTargets()));
        providers.providers().addListener((ListChangeListener<Object>) c -> batchSetup.setProviderNames(
                providers.providers().stream().map(ProviderRow::name).toList()));
        batchSetup.datasetProperty().bind(datasets.selectedProperty());
        batchSetup.setOnRun(request -> {
            results.start(request);
            shell.show(Page.RESULTS);
        });
        prices.setOnChanged(providers::refresh);
        settings.setOnDefaultsSaved((params, mode) -> {
            playground.parameters().load(params, mode);
            compare.parameters().load(params, mode);
        });
        settings.themeProperty().addListener((o, a, theme) -> applyTheme(theme));
        playground.markdownProperty().bindBidirectional(settings.markdownProperty());
        shell.pageProperty().addListener((o, a, page) -> {
            if (page == Page.HISTORY) {
                history.refresh();
            } else if (page == Page.COST) {
                cost.refresh();
            } else if (page == Page.RESULTS) {
                results.refreshBatches();
            } else if (page == Page.DATASETS) {
                datasets.refresh();
            }
            if (page == Page.COMPARE) {
                compare.refreshPast();
            }
            if ((page == Page.COMPARE || page == Page.DATASETS) && !privacyModelRequested) {
                // Prompts set up here may go to the cloud: the gate's sentence model loads while the user sets the
                // comparison or batch up, not when the first prompt waits for it (it decides nothing by itself).
                privacyModelRequested = true;
                tasks.execute(BackgroundTask.of("Privacy gate", p -> {
                    services.privacyGate().prepareInBackground();
                    return null;
                }));
            }
            if (page == Page.AUDIT) {
                audit.refresh();
            }
            if (page == Page.DISCOVER && !discoverStarted) {
                // The catalog is read when first wanted; the download queue starts with the window (startServices).
                discoverStarted = true;
                discover.showCatalog();
            }
        });
    }

    /** Opens the export window for a report source; other screens' export buttons come through here too. */
    public void openExport(ExportViewModel.Source source) {
        new ExportDialog(new ExportViewModel(services::reports, tasks, dialogs, source)).open(stage);
    }

    /** The names of the models in the local store, for the local-only fallback. */
    private static java.util.List<String> localModelNames(AppServices services) {
        try {
            return services.models().list().stream().map(m -> m.name()).toList();
        } catch (dev.parallax.models.ModelStoreException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    private static void applyTheme(Settings.Theme theme) {
        Application.setUserAgentStylesheet(theme == Settings.Theme.DARK
                ? new PrimerDark().getUserAgentStylesheet() : new PrimerLight().getUserAgentStylesheet());
    }

    public void show() {
        stage.show();
        OpeningSize.hold(stage, WIDTH, HEIGHT);
    }

    /** The heavy services (model scan, database, engine status), started after the first frame. */
    public void startServices() {
        // The settings file and the history first, off the UI thread: every page reads them, and one that cannot be
        // read gets one question here rather than an error from each page.
        tasks.execute(BackgroundTask.of("Read the settings", p -> services.config().problem())
                .onSuccess(problem -> problem.ifPresentOrElse(this::settingsInvalid, () -> {
                    settingsProblem.ifPresent(why -> dialogs.notifyWarning("Settings not read", why));
                    openHistory();
                }))
                .onFailure(e -> openHistory()));
    }

    /** {@code config.json} is no JSON object: start from the defaults (the file kept beside) or close. */
    private void settingsInvalid(ConfigFileInvalidException invalid) {
        String question = "The settings file " + invalid.file() + " " + invalid.why() + ". Parallax has not changed it."
                + "\n\nStart with default settings? The file is kept next to it as " + invalid.file().getFileName()
                + ".invalid-<date>, with your providers, price overrides, privacy policy and engine defaults in it, to "
                + "fix and put back or to copy from. Cancel closes Parallax, so that you can fix the file.";
        if (!dialogs.confirm("The settings cannot be read", question, "Start with default settings")) {
            close();
            return;
        }
        tasks.execute(BackgroundTask.of("Set the settings file aside",
                        p -> services.config().moveAside(java.time.Clock.systemDefaultZone()))
                .onSuccess(aside -> openHistory())
                .onFailure(e -> {
                    dialogs.showError("The settings file could not be set aside", e.getMessage());
                    openHistory();
                }));
    }

    private void openHistory() {
        tasks.execute(BackgroundTask.of("Open the history", p -> services.runs())
                .onSuccess(runs -> startPages())
                .onFailure(this::historyFailed));
    }

    /**
     * The history database could not be opened. A damaged one: start a new history (the old file is kept) or close;
     * anything else is said by the pages that need it, as before.
     */
    private void historyFailed(Exception e) {
        if (!(e instanceof HistoryDamagedException damaged)) {
            startPages();
            return;
        }
        String question = "The history database " + damaged.file() + " cannot be read: " + damaged.why() + ". Parallax has not changed it.\n\nStart a new, empty history? The old file is kept next to it as "
                + damaged.file().getFileName() + ".damaged-<date>, for H2's recovery tool or a backup to restore. "
                + "Cancel closes Parallax and leaves everything as it is.";
        if (!dialogs.confirm("The history cannot be read", question, "Start a new history")) {
            close();
            return;
        }
        tasks.execute(BackgroundTask.of("Start a new history", p -> {
                    services.moveDamagedHistoryAside();
                    return services.runs();
                })
                .onSuccess(runs -> startPages())
                .onFailure(again -> {
                    dialogs.showError("The history cannot be read", again.getMessage());
                    startPages();
                }));
    }

    private void startPages() {
        models.refresh();
        history.refresh();
        providers.refresh();
        prices.refresh();
        localEngines.refresh();
        privacySettings.refresh();
        // Downloads cut off when Parallax last stopped are marked interrupted and shown in the status bar.
        downloads.start();
        shell.startEngineStatus();
        Platform.runLater(shellView::buildAllPages);
    }

    /**
     * Closes the window: stops a generation (its result is saved as cancelled), closes the services off
     * the UI thread, then hides the stage and calls the exit action. Safe to call twice.
     */
    public synchronized void close() {
        if (closing) {
            return;
        }
        closing = true;
        exit.closing();
        shell.close();
        downloads.stop();
        var runEnded = playground.stopForShutdown();
        var compareEnded = compare.stopForShutdown();
        var importEnded = models.cancelImportForShutdown();
        var datasetImportEnded = datasets.cancelImportForShutdown();
        var batchEnded = results.cancelForShutdown();
        var checksEnded = privacyCheck.checksEndedForShutdown();
        shutdown = new Thread(() -> {
            try {
                CompletableFuture.allOf(runEnded, compareEnded, importEnded, datasetImportEnded, batchEnded)
                        .get(RUN_SAVE_WAIT_MS, TimeUnit.MILLISECONDS);
            } catch (TimeoutException | ExecutionException e) {
                // Closed below either way: an unsaved run reads "interrupted" next time, a partial copy ".incomplete".
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            try {
                // A privacy check may be loading the sentence model in native code: a process that exits under
                // ONNX Runtime's initialisation crashes (SIGSEGV). The load takes seconds at most; wait for it.
                checksEnded.get(PRIVACY_CHECK_WAIT_MS, TimeUnit.MILLISECONDS);
            } catch (TimeoutException | ExecutionException e) {
                // A check that failed has ended; one still loading after this long is stuck, and closing goes on.
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            services.close();
            tasks.close();
            Platform.runLater(() -> {
                stage.hide();
                exit.closed();
            });
        }, "parallax-shutdown");
        shutdown.start();
    }

    /** Waits for {@link #close()}'s background part to end (tests). */
    void awaitClosed(long millis) throws InterruptedException {
        Thread t = shutdown;
        if (t != null) {
            t.join(millis);
        }
    }

    public Stage stage() { return stage; }
    PlaygroundViewModel playground() { return playground; }
    CompareViewModel compare() { return compare; }
    ModelsViewModel models() { return models; }
    HistoryViewModel history() { return history; }
    CostViewModel cost() { return cost; }
    DiscoverViewModel discover() { return discover; }
    DownloadsViewModel downloads() { return downloads; }
    ShellViewModel shell() { return shell; }
    SettingsViewModel settings() { return settings; }
    ProvidersViewModel providers() { return providers; }
    PricesViewModel prices() { return prices; }
    PrivacyCheckViewModel privacyCheck() { return privacyCheck; }
    DatasetsViewModel datasets() { return datasets; }
    BatchSetupViewModel batchSetup() { return batchSetup; }
    ResultsViewModel results() { return results; }
    PrivacySettingsViewModel privacySettings() { return privacySettings; }
    AuditViewModel audit() { return audit; }
}
