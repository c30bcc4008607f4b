package dev.parallax.ui.settings;

import dev.parallax.cost.Price;
import dev.parallax.cost.PriceTable;
import dev.parallax.ui.base.BackgroundTask;
import dev.parallax.ui.base.DialogService;
import dev.parallax.ui.base.TaskExecutor;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.Supplier;

/**
 * Settings → Prices: the dated price table cloud costs are computed with, and the user's overrides on top
 * (a price per million tokens for one provider and model, kept in {@code config.json}).
 */
public final class PricesViewModel {

    private record Snapshot(List<Price> prices, String asOf) {
    }

    private final Supplier<PriceTable> table;
    private final TaskExecutor tasks;
    private final DialogService dialogs;
    private final Clock clock;
    private final ObservableList<Price> prices = FXCollections.observableArrayList();
    private final ReadOnlyStringWrapper asOf = new ReadOnlyStringWrapper(this, "asOf", "");
    private final ObjectProperty<Price> selected = new SimpleObjectProperty<>(this, "selected");
    private final StringProperty provider = new SimpleStringProperty(this, "provider", "");
    private final StringProperty model = new SimpleStringProperty(this, "model", "");
    private final StringProperty input = new SimpleStringProperty(this, "input", "");
    private final StringProperty output = new SimpleStringProperty(this, "output", "");
    private final StringProperty cached = new SimpleStringProperty(this, "cached", "");
    private Runnable onChanged = () -> { };

    public PricesViewModel(Supplier<PriceTable> table, TaskExecutor tasks, DialogService dialogs, Clock clock) {
        this.table = table;
        this.tasks = tasks;
        this.dialogs = dialogs;
        this.clock = clock;
        selected.addListener((o, a, p) -> {
            if (p != null) {
                provider.set(p.provider());
                model.set(p.model());
                input.set(p.input().toPlainString());
                output.set(p.output().toPlainString());
                cached.set(p.cachedInput().map(BigDecimal::toPlainString).orElse(""));
            }
        });
    }

    public void refresh() {
        tasks.execute(BackgroundTask.of("Read prices", p -> {
                    PriceTable t = table.get();
                    return new Snapshot(t.list(), t.asOf());
                })
                .onSuccess(s -> {
                    prices.setAll(s.prices());
                    asOf.set(s.asOf());
                })
                .onFailure(e -> dialogs.showError("Prices not read", e.getMessage())));
    }

    /** Saves the form as the user's price for its provider and model; costs of later runs use it. */
    public void saveOverride() {
        Price price;
        try {
            price = new Price(provider.get().trim().toLowerCase(java.util.Locale.ROOT), model.get().trim(), List.of(),
                    perMillion("Input", input.get()), perMillion("Output", output.get()),
                    cached.get().isBlank() ? Optional.empty() : Optional.of(perMillion("Cached input", cached.get())),
                    selected.get() != null && selected.get().provider().equals(provider.get().trim())
                            && selected.get().model().equals(model.get().trim())
                            ? selected.get().contextWindow() : OptionalInt.empty(),
                    "user", LocalDate.now(clock).toString(), true);
        } catch (IllegalArgumentException e) {
            dialogs.showError("Check the price", capitalize(e.getMessage()));
            return;
        }
        tasks.execute(BackgroundTask.of("Save price", p -> {
                    table.get().override(price);
                    return price;
                })
                .onSuccess(p -> {
                    refresh();
                    onChanged.run();
                })
                .onFailure(e -> dialogs.showError("Price not saved", e.getMessage())));
    }

    /** Removes the selected override: the bundled price, if any, applies again. */
    public void removeOverride() {
        Price p = selected.get();
        if (p == null || !p.overridden()) {
            return;
        }
        tasks.execute(BackgroundTask.of("Remove price", t -> table.get().removeOverride(p.provider(), p.model()))
                .onSuccess(removed -> {
                    refresh();
                    onChanged.run();
                })
                .onFailure(e -> dialogs.showError("Price not removed", e.getMessage())));
    }

    static BigDecimal perMillion(String what, String text) {
        try {
            BigDecimal v = new BigDecimal(text.trim());
            if (v.signum() < 0) {
                throw new IllegalArgumentException(what + " price cannot be negative.");
            }
            return v;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(what + " price must be a number of US dollars per million tokens, not '"
                    + text.trim() + "'.");
        }
    }

    private static String capitalize(String s) {
        return s == null || s.isEmpty() ? "" : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }

    /** Told after an override was saved or removed (the Playground's suggestions follow the table). */
    public void setOnChanged(Runnable action) {
        this.onChanged = action;
    }

    public ObservableList<Price> prices() { return prices; }
    public ReadOnlyStringProperty asOfProperty() { return asOf.getReadOnlyProperty(); }
    public ObjectProperty<Price> selectedProperty() { return selected; }
    public StringProperty providerProperty() { return provider; }
    public StringProperty modelProperty() { return model; }
    public StringProperty inputProperty() { return input; }
    public StringProperty outputProperty() { return output; }
    public StringProperty cachedProperty() { return cached; }
}
