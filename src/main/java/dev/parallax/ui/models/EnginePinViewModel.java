package dev.parallax.ui.models;

import dev.parallax.engine.local.EngineChoice;
import dev.parallax.route.EnginePreferences;
import dev.parallax.ui.base.BackgroundTask;
import dev.parallax.ui.base.DialogService;
import dev.parallax.ui.base.TaskExecutor;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;

import java.util.function.Supplier;

/**
 * The engine a model runs on under {@code auto} (Models screen → details): shows the saved pin of the
 * selected model and saves the user's change. Reading and writing {@code config.json} happen off the UI thread.
 */
public final class EnginePinViewModel {

    private final Supplier<EnginePreferences> preferences;
    private final TaskExecutor tasks;
    private final DialogService dialogs;
    private final ObjectProperty<EngineChoice> choice = new SimpleObjectProperty<>(this, "choice", EngineChoice.AUTO);
    private final BooleanProperty ready = new SimpleBooleanProperty(this, "ready", false);
    private final ReadOnlyStringWrapper model = new ReadOnlyStringWrapper(this, "model", "");
    private boolean showing;

    public EnginePinViewModel(Supplier<EnginePreferences> preferences, TaskExecutor tasks, DialogService dialogs) {
        this.preferences = preferences;
        this.tasks = tasks;
        this.dialogs = dialogs;
        choice.addListener((o, before, now) -> {
            if (!showing && now != null && ready.get()) {
                save(model.get(), before, now);
            }
        });
    }

    /** Shows the pin of this model (null: none selected). */
    public void show(String modelName) {
        ready.set(false);
        model.set(modelName == null ? "" : modelName);
        if (modelName == null) {
            return;
        }
        tasks.execute(BackgroundTask.of("Read engine choice", p -> preferences.get().forModel(modelName).orElse(EngineChoice.AUTO))
                .onSuccess(saved -> {
                    if (!modelName.equals(model.get())) {
                        return;
                    }
                    showing = true;
                    choice.set(saved);
                    showing = false;
                    ready.set(true);
                })
                .onFailure(e -> dialogs.notifyWarning("Engine choice not read", e.getMessage())));
    }

    private void save(String modelName, EngineChoice before, EngineChoice now) {
        tasks.execute(BackgroundTask.of("Save engine choice", p -> {
                    preferences.get().setForModel(modelName, now);
                    return now;
                })
                .onFailure(e -> {
                    dialogs.showError("Engine choice not saved", e.getMessage());
                    if (modelName.equals(model.get())) {
                        showing = true;
                        choice.set(before);
                        showing = false;
                    }
                }));
    }

    public ObjectProperty<EngineChoice> choiceProperty() { return choice; }

    /** False while the saved choice is being read: the control is disabled meanwhile. */
    public BooleanProperty readyProperty() { return ready; }

    public ReadOnlyStringProperty modelProperty() { return model.getReadOnlyProperty(); }
}
