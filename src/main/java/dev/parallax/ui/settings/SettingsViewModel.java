package dev.parallax.ui.settings;

import dev.parallax.app.Settings;
import dev.parallax.app.SettingsStore;
import dev.parallax.core.GenerationParams;
import dev.parallax.core.PromptMode;
import dev.parallax.ui.base.BackgroundTask;
import dev.parallax.ui.base.DialogService;
import dev.parallax.ui.base.TaskExecutor;
import dev.parallax.ui.playground.ParametersViewModel;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;

import java.nio.file.Path;
import java.util.function.BiConsumer;

/**
 * Settings: the data folder (shown), the theme (applied and saved at once) and the engine parameters a
 * new run starts from (saved on request). Everything goes to {@code config.json} through {@link SettingsStore}.
 */
public final class SettingsViewModel {

    private final SettingsStore store;
    private final Path dataFolder;
    private final TaskExecutor tasks;
    private final DialogService dialogs;
    private final ParametersViewModel defaults;
    private final ObjectProperty<Settings.Theme> theme = new SimpleObjectProperty<>(this, "theme");
    private final BooleanProperty markdown = new SimpleBooleanProperty(this, "markdown");
    private final ReadOnlyObjectWrapper<Settings> saved = new ReadOnlyObjectWrapper<>(this, "saved");
    private BiConsumer<GenerationParams, PromptMode> onDefaultsSaved = (p, m) -> { };

    public SettingsViewModel(SettingsStore store, Settings initial, Path dataFolder, TaskExecutor tasks,
                             DialogService dialogs) {
        this.store = store;
        this.dataFolder = dataFolder;
        this.tasks = tasks;
        this.dialogs = dialogs;
        this.defaults = new ParametersViewModel(initial.defaults(), initial.mode());
        theme.set(initial.theme());
        markdown.set(initial.markdown());
        saved.set(initial);
        theme.addListener((o, a, b) -> {
            if (b != null && b != saved.get().theme()) {
                save(saved.get().withTheme(b), null);
            }
        });
        markdown.addListener((o, a, b) -> {
            if (b != saved.get().markdown()) {
                save(saved.get().withMarkdown(b), null);
            }
        });
    }

    /** Saves the engine defaults; new runs in the Playground start from them. */
    public void saveDefaults() {
        GenerationParams params;
        try {
            params = defaults.toParams();
        } catch (IllegalArgumentException e) {
            dialogs.showError("Check the defaults", e.getMessage());
            return;
        }
        PromptMode mode = defaults.modeValue();
        save(saved.get().withDefaults(params, mode), () -> {
            onDefaultsSaved.accept(params, mode);
            dialogs.notify("Defaults saved", "New runs in the Playground start from these parameters.");
        });
    }

    /** Puts the built-in defaults back into the form (saved only with Save). */
    public void restoreBuiltInDefaults() {
        Settings initial = Settings.initial();
        defaults.load(initial.defaults(), initial.mode());
    }

    private void save(Settings next, Runnable then) {
        tasks.execute(BackgroundTask.of("Save settings", p -> {
                    store.save(next);
                    return next;
                })
                .onSuccess(s -> {
                    saved.set(s);
                    if (then != null) {
                        then.run();
                    }
                })
                .onFailure(e -> dialogs.showError("Settings not saved", e.getMessage())));
    }

    public void openDataFolder() {
        dialogs.openFolder(dataFolder);
    }

    public void setOnDefaultsSaved(BiConsumer<GenerationParams, PromptMode> action) {
        this.onDefaultsSaved = action;
    }

    public String dataFolder() { return dataFolder.toString(); }
    public String settingsFile() { return store.file().toString(); }
    public ParametersViewModel defaults() { return defaults; }
    public ObjectProperty<Settings.Theme> themeProperty() { return theme; }
    public BooleanProperty markdownProperty() { return markdown; }
    public ReadOnlyObjectProperty<Settings> savedProperty() { return saved.getReadOnlyProperty(); }
}
