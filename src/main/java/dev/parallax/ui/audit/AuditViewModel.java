package dev.parallax.ui.audit;

import dev.parallax.history.AuditEvent;
import dev.parallax.route.PrivacyService;
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

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.function.Supplier;

/**
 * The Audit screen: the privacy gate's decisions (and refusals, and changes of the policy and rules), newest first,
 * filtered by decision and provider, with the selected line in full. The audit stores types and spans of what was
 * found, never the values, so nothing here can show one.
 */
public final class AuditViewModel {

    public static final String ALL_DECISIONS = "All decisions";
    public static final String ALL_PROVIDERS = "All providers";
    public static final String SETTINGS_CHANGES = "settings changes";
    /** How many of the latest lines are read. */
    static final int LIMIT = 1000;

    private final Supplier<PrivacyService> privacy;
    private final TaskExecutor tasks;
    private final DialogService dialogs;
    private final List<AuditRow> all = new ArrayList<>();
    private final ObservableList<AuditRow> rows = FXCollections.observableArrayList();
    private final ObservableList<String> decisionChoices = FXCollections.observableArrayList(ALL_DECISIONS,
            "allow", "redact", "local-only", "refused", SETTINGS_CHANGES);
    private final ObservableList<String> providerChoices = FXCollections.observableArrayList(ALL_PROVIDERS);
    private final StringProperty decision = new SimpleStringProperty(this, "decision", ALL_DECISIONS);
    private final StringProperty provider = new SimpleStringProperty(this, "provider", ALL_PROVIDERS);
    private final ObjectProperty<AuditRow> selected = new SimpleObjectProperty<>(this, "selected");
    private final ReadOnlyStringWrapper details = new ReadOnlyStringWrapper(this, "details", "");
    private final ReadOnlyStringWrapper summary = new ReadOnlyStringWrapper(this, "summary", "");

    public AuditViewModel(Supplier<PrivacyService> privacy, TaskExecutor tasks, DialogService dialogs) {
        this.privacy = privacy;
        this.tasks = tasks;
        this.dialogs = dialogs;
        decision.addListener((o, a, b) -> apply());
        provider.addListener((o, a, b) -> apply());
        selected.addListener((o, a, row) -> details.set(row == null ? "" : row.details()));
    }

    /** Reads the latest audit lines. */
    public void refresh() {
        tasks.execute(BackgroundTask.of("Read the privacy audit", p -> privacy.get().audit(Optional.empty(), LIMIT))
                .onSuccess(this::show)
                .onFailure(e -> dialogs.showError("Audit not read", e.getMessage())));
    }

    private void show(List<AuditEvent> events) {
        all.clear();
        events.forEach(e -> all.add(new AuditRow(e)));
        TreeSet<String> providers = new TreeSet<>();
        all.stream().map(AuditRow::provider).filter(p -> !p.isEmpty()).forEach(providers::add);
        String keep = provider.get();
        List<String> choices = new ArrayList<>(List.of(ALL_PROVIDERS));
        choices.addAll(providers);
        providerChoices.setAll(choices);
        provider.set(choices.contains(keep) ? keep : ALL_PROVIDERS);
        apply();
    }

    private void apply() {
        AuditRow was = selected.get();
        List<AuditRow> shown = all.stream().filter(this::matches).toList();
        rows.setAll(shown);
        selected.set(was != null && shown.contains(was) ? was : null);
        long runs = shown.stream().filter(r -> !r.isSettingsChange()).count();
        summary.set(shown.size() + " of " + all.size() + " line" + (all.size() == 1 ? "" : "s")
                + (all.size() >= LIMIT ? " (the latest " + LIMIT + ")" : "") + " · " + runs + " decision"
                + (runs == 1 ? "" : "s"));
    }

    private boolean matches(AuditRow r) {
        String d = decision.get();
        boolean decisionOk = d == null || d.equals(ALL_DECISIONS)
                || (d.equals(SETTINGS_CHANGES) ? r.isSettingsChange() : !r.isSettingsChange() && r.decision().equals(d));
        String p = provider.get();
        boolean providerOk = p == null || p.equals(ALL_PROVIDERS) || r.provider().equals(p);
        return decisionOk && providerOk;
    }

    public ObservableList<AuditRow> rows() { return rows; }
    public ObservableList<String> decisionChoices() { return decisionChoices; }
    public ObservableList<String> providerChoices() { return providerChoices; }
    public StringProperty decisionProperty() { return decision; }
    public StringProperty providerProperty() { return provider; }
    public ObjectProperty<AuditRow> selectedProperty() { return selected; }
    public ReadOnlyStringProperty detailsProperty() { return details.getReadOnlyProperty(); }
    public ReadOnlyStringProperty summaryProperty() { return summary.getReadOnlyProperty(); }
}
