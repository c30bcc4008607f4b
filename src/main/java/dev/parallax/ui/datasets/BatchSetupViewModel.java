package dev.parallax.ui.datasets;

import dev.parallax.bench.batch.BatchRequest;
import dev.parallax.bench.quality.Check;
import dev.parallax.core.GenerationParams;
import dev.parallax.core.Target;
import dev.parallax.engine.local.EngineChoice;
import dev.parallax.history.DatasetRecord;
import dev.parallax.models.LocalModel;
import dev.parallax.ui.base.DialogService;
import dev.parallax.ui.playground.TargetChoice;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ListChangeListener;
import javafx.collections.ObservableList;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * What a batch will run: a dataset, the targets (local models and cloud models), the checks every answer gets,
 * how many runs at once each cloud provider sees (local models always run one at a time), repeats, a budget and
 * the answer length. Run hands a {@link BatchRequest} to whoever starts batches.
 */
public final class BatchSetupViewModel {

    /** The kinds of check the quality scorer knows, with what their argument means. */
    public enum CheckKind {
        EQUALS("equals", "text (empty: the row's expected answer)", false),
        CONTAINS("contains", "text (empty: the row's expected answer)", false),
        ICONTAINS("icontains", "text, any case (empty: expected answer)", false),
        REGEX("regex", "a regular expression", true),
        JSON("json", "", false),
        JSON_SCHEMA("json-schema", "a JSON schema, e.g. {\"type\":\"object\"}", true),
        MAX_LATENCY("max-latency-ms", "milliseconds", true),
        MAX_COST("max-cost-usd", "dollars", true),
        SIMILAR("similar", "threshold 0–1 (empty: " + Check.DEFAULT_SIMILARITY + ")", false);

        private final String name;
        private final String argument;
        private final boolean needsArgument;

        CheckKind(String name, String argument, boolean needsArgument) {
            this.name = name;
            this.argument = argument;
            this.needsArgument = needsArgument;
        }

        public String argumentHint() {
            return argument;
        }

        public boolean takesArgument() {
            return !argument.isEmpty();
        }

        /** The check as the scorer reads it. */
        String spec(String arg) {
            String a = arg == null ? "" : arg.strip();
            if (a.isEmpty()) {
                if (needsArgument) {
                    throw new IllegalArgumentException(name + " needs " + argument);
                }
                return name;
            }
            return name + ":" + a;
        }

        @Override
        public String toString() {
            return name;
        }
    }

    private final DialogService dialogs;
    private final ObjectProperty<DatasetRecord> dataset = new SimpleObjectProperty<>(this, "dataset");
    private final ObservableList<TargetChoice> targets = FXCollections.observableArrayList();
    private final ObservableList<TargetChoice> chosen = FXCollections.observableArrayList();
    private final ObservableList<String> checks = FXCollections.observableArrayList();
    private final ObjectProperty<CheckKind> checkKind = new SimpleObjectProperty<>(this, "checkKind", CheckKind.CONTAINS);
    private final StringProperty checkArgument = new SimpleStringProperty(this, "checkArgument", "");
    private final ObservableList<String> cloudLanes = FXCollections.observableArrayList();
    private final Map<String, IntegerProperty> laneLimits = new LinkedHashMap<>();
    private final IntegerProperty repeat = new SimpleIntegerProperty(this, "repeat", 1);
    private final IntegerProperty maxTokens = new SimpleIntegerProperty(this, "maxTokens", 128);
    private final StringProperty budget = new SimpleStringProperty(this, "budget", "");
    private final ReadOnlyStringWrapper problem = new ReadOnlyStringWrapper(this, "problem", "");
    private final ReadOnlyStringWrapper readiness = new ReadOnlyStringWrapper(this, "readiness", "");

    private List<TargetChoice> local = List.of();
    private List<TargetChoice> cloud = List.of();
    /** Targets typed in ({@code ollama:llama3.2}): models of providers the price table does not list. */
    private final List<TargetChoice> typed = new ArrayList<>();
    private List<String> providerNames = List.of();
    private final StringProperty typedTarget = new SimpleStringProperty(this, "typedTarget", "");
    private Consumer<BatchRequest> onRun = r -> { };

    public BatchSetupViewModel(DialogService dialogs) {
        this.dialogs = dialogs;
        dataset.addListener((o, a, b) -> updateProblem());
        chosen.addListener((ListChangeListener<TargetChoice>) c -> {
            updateProblem();
            List<String> lanes = chosen.stream().map(TargetChoice::target).filter(t -> !t.isLocal())
                    .map(BatchRequest::lane).distinct().toList();
            if (!cloudLanes.equals(lanes)) {
                cloudLanes.setAll(lanes);
            }
        });
        budget.addListener((o, a, b) -> updateProblem());
        updateProblem();
        readiness.bind(javafx.beans.binding.Bindings.createStringBinding(this::readinessText, problem, dataset, chosen,
                repeat));
    }

    /** What is missing, or how many runs the batch makes: the line under the dataset is never empty. */
    private String readinessText() {
        if (!problem.get().isEmpty() || dataset.get() == null) {
            return problem.get();
        }
        int rows = dataset.get().rowCount();
        int targets = chosen.size();
        int repeats = Math.max(1, repeat.get());
        long runs = (long) rows * targets * repeats;
        return "Ready: " + String.format(java.util.Locale.ROOT, "%,d", runs) + (runs == 1 ? " run (" : " runs (")
                + rows + (rows == 1 ? " row × " : " rows × ") + targets + (targets == 1 ? " target" : " targets")
                + (repeats > 1 ? " × " + repeats + " repeats" : "") + ").";
    }

    public void setLocalModels(List<LocalModel> models) {
        local = models.stream().map(TargetChoice::of).toList();
        rebuild();
    }

    /** Cloud targets of ready providers ({@code provider:model}). */
    public void setCloudTargets(List<Target> suggestions) {
        cloud = suggestions.stream().map(TargetChoice::ofCloud).toList();
        rebuild();
    }

    /** The providers a typed target may name (besides {@code local}). */
    public void setProviderNames(List<String> names) {
        providerNames = List.copyOf(names);
    }

    /**
     * Adds the target typed in {@link #typedTargetProperty()} ({@code provider:model}) to the list, chosen: a model
     * of a provider that lists no prices (Ollama, vLLM, llama-server, a provider of one's own) has no suggestion.
     */
    public boolean addTypedTarget() {
        String text = typedTarget.get() == null ? "" : typedTarget.get().trim();
        Target target;
        try {
            target = Target.parse(text);
            if (target.model().isEmpty()) {
                throw new IllegalArgumentException("'" + text + "' names no model: write provider:model");
            }
        } catch (IllegalArgumentException e) {
            dialogs.showError("Target not added", e.getMessage() + ".");
            return false;
        }
        if (!target.isLocal() && !providerNames.isEmpty() && !providerNames.contains(target.provider())) {
            dialogs.showError("Target not added", "There is no provider named '" + target.provider() + "'. Known: "
                    + String.join(", ", providerNames) + ". Add one in Settings → Providers.");
            return false;
        }
        TargetChoice choice = targets.stream().filter(t -> t.target().equals(target)).findFirst().orElseGet(() -> {
            TargetChoice c = target.isLocal() ? TargetChoice.ofTarget(target) : TargetChoice.ofCloud(target);
            typed.add(c);
            rebuild();
            return c;
        });
        choose(choice, true);
        typedTarget.set("");
        return true;
    }

    public StringProperty typedTargetProperty() { return typedTarget; }

    private void rebuild() {
        List<TargetChoice> all = new ArrayList<>(local);
        all.addAll(cloud);
        for (TargetChoice t : typed) {
            if (all.stream().noneMatch(a -> a.target().equals(t.target()))) {
                all.add(t);
            }
        }
        targets.setAll(all);
        chosen.removeIf(c -> all.stream().noneMatch(t -> t.target().equals(c.target())));
    }

    public boolean isChosen(TargetChoice t) {
        return chosen.stream().anyMatch(c -> c.target().equals(t.target()));
    }

    public void choose(TargetChoice t, boolean on) {
        if (on && !isChosen(t)) {
            chosen.add(t);
        } else if (!on) {
            chosen.removeIf(c -> c.target().equals(t.target()));
        }
    }

    /** Adds the check the kind and argument controls describe; a check that cannot be read is reported. */
    public boolean addCheck() {
        String spec;
        try {
            spec = checkKind.get().spec(checkArgument.get());
            Check.parse(spec);
        } catch (IllegalArgumentException e) {
            dialogs.showError("Check not added", e.getMessage());
            return false;
        }
        if (!checks.contains(spec)) {
            checks.add(spec);
        }
        checkArgument.set("");
        return true;
    }

    public void removeCheck(String spec) {
        checks.remove(spec);
    }

    private void updateProblem() {
        if (dataset.get() == null) {
            problem.set("Pick a dataset (import one first).");
        } else if (chosen.isEmpty()) {
            problem.set("Pick at least one target.");
        } else {
            try {
                budgetUsd();
                problem.set("");
            } catch (IllegalArgumentException e) {
                problem.set(e.getMessage());
            }
        }
    }

    private Optional<BigDecimal> budgetUsd() {
        String b = budget.get() == null ? "" : budget.get().strip().replace("$", "");
        if (b.isEmpty()) {
            return Optional.empty();
        }
        try {
            BigDecimal v = new BigDecimal(b);
            if (v.signum() <= 0) {
                throw new IllegalArgumentException("A budget must be more than $0.");
            }
            return Optional.of(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("The budget “" + b + "” is not an amount in dollars, e.g. 0.50.");
        }
    }

    /**
     * The batch these settings describe.
     *
     * @throws IllegalArgumentException saying what to fix
     */
    public BatchRequest request() {
        if (!problem.get().isEmpty()) {
            throw new IllegalArgumentException(problem.get());
        }
        List<Target> ts = chosen.stream().map(TargetChoice::target).toList();
        Map<String, Integer> limits = new LinkedHashMap<>();
        ts.stream().filter(t -> !t.isLocal()).forEach(t -> limits.put(BatchRequest.lane(t), laneLimit(BatchRequest.lane(t)).get()));
        return new BatchRequest(dataset.get().id(), ts, repeat.get(), limits, budgetUsd(),
                GenerationParams.defaults().withMaxTokens(maxTokens.get()), List.copyOf(checks), EngineChoice.AUTO);
    }

    /** Starts the batch (through the handler), or says what is missing. */
    public void run() {
        BatchRequest r;
        try {
            r = request();
        } catch (IllegalArgumentException e) {
            dialogs.showError("Batch not started", e.getMessage());
            return;
        }
        onRun.accept(r);
    }

    public void setOnRun(Consumer<BatchRequest> action) {
        this.onRun = action;
    }

    public ObjectProperty<DatasetRecord> datasetProperty() { return dataset; }
    public ObservableList<TargetChoice> targets() { return targets; }
    public ObservableList<TargetChoice> chosen() { return chosen; }
    public ObservableList<String> checks() { return checks; }
    public ObjectProperty<CheckKind> checkKindProperty() { return checkKind; }
    public StringProperty checkArgumentProperty() { return checkArgument; }
    /** The cloud providers of the chosen targets: each has its own number of runs at once. */
    public ObservableList<String> cloudLanes() { return cloudLanes; }

    /** How many runs a cloud provider sees at once (default {@value BatchRequest#DEFAULT_CLOUD_LIMIT}). */
    public IntegerProperty laneLimit(String lane) {
        return laneLimits.computeIfAbsent(lane, l -> new SimpleIntegerProperty(this, "limit-" + l,
                BatchRequest.DEFAULT_CLOUD_LIMIT));
    }
    public IntegerProperty repeatProperty() { return repeat; }
    public IntegerProperty maxTokensProperty() { return maxTokens; }
    public StringProperty budgetProperty() { return budget; }
    public ReadOnlyStringProperty problemProperty() { return problem.getReadOnlyProperty(); }
    /** The problem, or how many runs the batch makes when there is none. */
    public ReadOnlyStringProperty readinessProperty() { return readiness.getReadOnlyProperty(); }
}
