package dev.parallax.ui.settings;

import dev.parallax.config.EnvProxySelector;
import dev.parallax.core.Target;
import dev.parallax.cost.Price;
import dev.parallax.cost.PriceTable;
import dev.parallax.engine.cloud.ApiFormat;
import dev.parallax.engine.cloud.ConnectionCheck;
import dev.parallax.engine.cloud.ProviderRegistry;
import dev.parallax.secrets.KeyStore;
import dev.parallax.secrets.Secret;
import dev.parallax.ui.base.BackgroundTask;
import dev.parallax.ui.base.DialogService;
import dev.parallax.ui.base.TaskExecutor;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Settings → Providers: the providers runs can go to, where their keys come from, adding an OpenAI-compatible
 * server, changing a base URL, storing or removing a key (write-only: a key is never read back), and a
 * connection test. Every call to the registry or the key store runs off the UI thread.
 */
public final class ProvidersViewModel {

    /** What a refresh read: the rows, and the cloud targets the Playground can suggest. */
    record Snapshot(List<ProviderRow> rows, List<Target> targets, String keyStorage) {
    }

    private final Supplier<ProviderRegistry> registry;
    private final Supplier<KeyStore> keys;
    private final Supplier<PriceTable> prices;
    private final TaskExecutor tasks;
    private final DialogService dialogs;

    private final ObservableList<ProviderRow> providers = FXCollections.observableArrayList();
    private final ObservableList<Target> cloudTargets = FXCollections.observableArrayList();
    private final ObjectProperty<ProviderRow> selected = new SimpleObjectProperty<>(this, "selected");
    private final StringProperty newName = new SimpleStringProperty(this, "newName", "");
    private final StringProperty newBaseUrl = new SimpleStringProperty(this, "newBaseUrl", "");
    private final ObjectProperty<ApiFormat> newFormat = new SimpleObjectProperty<>(this, "newFormat", ApiFormat.OPENAI);
    private final StringProperty baseUrl = new SimpleStringProperty(this, "baseUrl", "");
    private final StringProperty keyInput = new SimpleStringProperty(this, "keyInput", "");
    private final ReadOnlyStringWrapper connection = new ReadOnlyStringWrapper(this, "connection", "");
    private final ReadOnlyBooleanWrapper connectionOk = new ReadOnlyBooleanWrapper(this, "connectionOk", false);
    private final ReadOnlyBooleanWrapper busy = new ReadOnlyBooleanWrapper(this, "busy", false);
    private final BooleanProperty loaded = new SimpleBooleanProperty(this, "loaded", false);
    private final ReadOnlyStringWrapper keyStorage = new ReadOnlyStringWrapper(this, "keyStorage", "");

    public ProvidersViewModel(Supplier<ProviderRegistry> registry, Supplier<KeyStore> keys, Supplier<PriceTable> prices,
                              TaskExecutor tasks, DialogService dialogs) {
        this.registry = registry;
        this.keys = keys;
        this.prices = prices;
        this.tasks = tasks;
        this.dialogs = dialogs;
        selected.addListener((o, a, row) -> {
            baseUrl.set(row == null ? "" : row.baseUrl());
            keyInput.set("");
            connection.set("");
        });
    }

    /** Reads the providers and the price table's models per ready provider. */
    public void refresh() {
        refreshThen(null);
    }

    private void refreshThen(String select) {
        tasks.execute(BackgroundTask.of("Read providers", p -> read())
                .onSuccess(s -> {
                    String keep = select != null ? select : selected.get() == null ? null : selected.get().name();
                    providers.setAll(s.rows());
                    cloudTargets.setAll(s.targets());
                    keyStorage.set(s.keyStorage());
                    selected.set(s.rows().stream().filter(r -> r.name().equals(keep)).findFirst().orElse(null));
                    loaded.set(true);
                })
                .onFailure(e -> dialogs.showError("Providers not read", e.getMessage())));
    }

    private Snapshot read() {
        List<ProviderRow> rows = registry.get().list().stream().map(ProviderRow::of).toList();
        List<Price> all = prices.get().list();
        List<Target> targets = new ArrayList<>();
        for (ProviderRow r : rows) {
            if (r.ready()) {
                all.stream().filter(x -> x.provider().equalsIgnoreCase(r.name()))
                        .forEach(x -> targets.add(new Target(r.name(), x.model())));
            }
        }
        Map<String, List<String>> listed = served;
        for (ProviderRow r : rows) {
            if (r.ready()) {
                listed.getOrDefault(r.name(), List.of()).stream().map(id -> new Target(r.name(), id))
                        .filter(t -> !targets.contains(t)).forEach(targets::add);
            }
        }
        return new Snapshot(rows, targets, keys.get().describe());
    }

    /** At most this many listed models of one server are suggested (a model list can be long). */
    static final int MAX_SERVED = 40;

    /**
     * Models a server on this machine said it serves when its connection was tested (Ollama, llama-server, vLLM,
     * LM Studio, one's own): suggested as targets, since the price table lists none of theirs. Replaced as a whole.
     */
    private volatile Map<String, List<String>> served = Map.of();

    private void rememberServed(ProviderRow row, ConnectionCheck c) {
        boolean local;
        try {
            local = EnvProxySelector.isLoopback(
                    URI.create(row.baseUrl()).getHost().toLowerCase(Locale.ROOT));
        } catch (RuntimeException e) {
            local = false;
        }
        if (!local || !c.ok() || c.models().isEmpty()) {
            return;
        }
        Map<String, List<String>> next = new java.util.HashMap<>(served);
        next.put(row.name(), c.models().stream().limit(MAX_SERVED).toList());
        served = Map.copyOf(next);
        List<Target> merged = new ArrayList<>(cloudTargets);
        next.get(row.name()).stream().map(id -> new Target(row.name(), id)).filter(t -> !merged.contains(t))
                .forEach(merged::add);
        if (!merged.equals(cloudTargets)) {
            cloudTargets.setAll(merged);
        }
    }

    /** Adds the provider of the form (name, base URL, format); it is selected afterwards, for its key. */
    public void add() {
        String name = newName.get().trim().toLowerCase(Locale.ROOT);
        ApiFormat format = newFormat.get();
        URI url;
        try {
            url = url(newBaseUrl.get());
        } catch (IllegalArgumentException e) {
            dialogs.showError("Check the base URL", e.getMessage());
            return;
        }
        if (name.isEmpty()) {
            dialogs.showError("Name the provider", "Targets are written NAME:MODEL; give it a short lower-case name.");
            return;
        }
        work("Add provider", () -> registry.get().add(name, format, url, Optional.empty()), () -> {
            newName.set("");
            newBaseUrl.set("");
            refreshThen(name);
        }, "Provider not added");
    }

    /** Saves the base URL field for the selected provider (a built-in one keeps it as an override). */
    public void saveBaseUrl() {
        ProviderRow row = selected.get();
        if (row == null) {
            return;
        }
        URI url;
        try {
            url = url(baseUrl.get());
        } catch (IllegalArgumentException e) {
            dialogs.showError("Check the base URL", e.getMessage());
            return;
        }
        work("Change base URL", () -> registry.get().update(row.name(), Optional.of(url), Optional.empty()),
                () -> refreshThen(row.name()), "Base URL not changed");
    }

    /** Removes a user provider, or a built-in one's base URL override; its stored key goes too for a user provider. */
    public void remove() {
        ProviderRow row = selected.get();
        if (row == null) {
            return;
        }
        String what = row.builtin() ? "Put back the built-in base URL of " + row.name() + "?"
                : "Remove " + row.name() + " and its stored key?";
        if (!dialogs.confirm("Remove provider", what, row.builtin() ? "Reset" : "Remove")) {
            return;
        }
        work("Remove provider", () -> {
            boolean removed = registry.get().remove(row.name());
            if (!row.builtin()) {
                keys.get().remove(row.name());
            }
            if (!removed && row.builtin()) {
                throw new IllegalStateException(row.name() + " is built in and uses its default base URL already");
            }
            return removed;
        }, this::refresh, "Provider not removed");
    }

    /** Stores the typed key for the selected provider; the field is cleared whatever happens. */
    public void storeKey() {
        ProviderRow row = selected.get();
        String typed = keyInput.get().trim();
        keyInput.set("");
        if (row == null) {
            return;
        }
        if (typed.isEmpty()) {
            dialogs.showError("No key typed", "Paste the API key of " + row.name() + " into the key field first.");
            return;
        }
        Secret key = Secret.of(typed);
        work("Store key", () -> {
            keys.get().set(row.name(), key);
            return true;
        }, () -> refreshThen(row.name()), "Key not stored");
    }

    public void removeKey() {
        ProviderRow row = selected.get();
        if (row == null) {
            return;
        }
        work("Remove key", () -> keys.get().remove(row.name()), () -> refreshThen(row.name()), "Key not removed");
    }

    /** Asks the selected provider for its model list, off the UI thread: latency, or what went wrong. */
    public void testConnection() {
        ProviderRow row = selected.get();
        if (row == null) {
            return;
        }
        connection.set("Testing " + row.name() + "…");
        connectionOk.set(false);
        busy.set(true);
        tasks.execute(BackgroundTask.of("Test connection", p -> registry.get().testConnection(row.name()))
                .onSuccess(c -> {
                    connectionOk.set(c.ok());
                    connection.set(describe(c));
                    rememberServed(row, c);
                })
                .onFailure(e -> connection.set(e.getMessage()))
                .onFinished(() -> busy.set(false)));
    }

    static String describe(ConnectionCheck c) {
        if (!c.ok()) {
            return c.message();
        }
        return String.format(Locale.ROOT, "Connected in %.0f ms", c.latencyMs())
                + (c.modelCount().isPresent() ? " · " + c.modelCount().getAsInt() + " models" : "");
    }

    private <T> void work(String title, java.util.concurrent.Callable<T> body, Runnable then, String failure) {
        busy.set(true);
        tasks.execute(BackgroundTask.<T>of(title, p -> body.call())
                .onSuccess(v -> then.run())
                .onFailure(e -> dialogs.showError(failure, capitalize(e.getMessage())))
                .onFinished(() -> busy.set(false)));
    }

    static URI url(String text) {
        String t = text == null ? "" : text.trim();
        if (t.isEmpty()) {
            throw new IllegalArgumentException("Write the server's base URL, as in http://127.0.0.1:1234/v1.");
        }
        try {
            URI u = new URI(t);
            if (u.getScheme() == null || u.getHost() == null
                    || !(u.getScheme().equalsIgnoreCase("http") || u.getScheme().equalsIgnoreCase("https"))) {
                throw new IllegalArgumentException("'" + t + "' is not an http:// or https:// URL.");
            }
            return u;
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("'" + t + "' is not a URL: " + e.getReason() + ".");
        }
    }

    private static String capitalize(String s) {
        return s == null || s.isEmpty() ? "" : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }

    public ObservableList<ProviderRow> providers() { return providers; }
    public ObservableList<Target> cloudTargets() { return cloudTargets; }
    public ObjectProperty<ProviderRow> selectedProperty() { return selected; }
    public StringProperty newNameProperty() { return newName; }
    public StringProperty newBaseUrlProperty() { return newBaseUrl; }
    public ObjectProperty<ApiFormat> newFormatProperty() { return newFormat; }
    public StringProperty baseUrlProperty() { return baseUrl; }
    public StringProperty keyInputProperty() { return keyInput; }
    public ReadOnlyStringProperty connectionProperty() { return connection.getReadOnlyProperty(); }
    public ReadOnlyBooleanProperty connectionOkProperty() { return connectionOk.getReadOnlyProperty(); }
    public ReadOnlyBooleanProperty busyProperty() { return busy.getReadOnlyProperty(); }
    public BooleanProperty loadedProperty() { return loaded; }
    public ReadOnlyStringProperty keyStorageProperty() { return keyStorage.getReadOnlyProperty(); }
}
