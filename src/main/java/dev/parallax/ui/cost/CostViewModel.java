package dev.parallax.ui.cost;

import dev.parallax.cost.CloudBreakEven;
import dev.parallax.cost.OwnershipEstimate;
import dev.parallax.cost.OwnershipInputs;
import dev.parallax.cost.Price;
import dev.parallax.cost.PriceTable;
import dev.parallax.history.BatchRecord;
import dev.parallax.history.DatasetRecord;
import dev.parallax.report.CostStudy;
import dev.parallax.report.Workload;
import dev.parallax.ui.base.BackgroundTask;
import dev.parallax.ui.base.TaskExecutor;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The Cost screen: pick a measured workload (a batch, or every batch over a dataset), adjust the machine, power,
 * electricity, utilisation and workload figures, and see local and cloud $ per million tokens and the break-even
 * month. Everything that reads the database or computes runs off the UI thread.
 */
public final class CostViewModel {

    /** A workload to choose: a batch or a dataset. */
    public record SourceChoice(String label, boolean dataset, String id) {
        @Override
        public String toString() {
            return label;
        }
    }

    /** One cloud target's line in the results table. */
    public record CloudLine(String target, String perMillion, String monthly, String breakEven) {
    }

    private final Supplier<CostStudy> study;
    private final Supplier<PriceTable> prices;
    private final TaskExecutor tasks;

    private final ObservableList<SourceChoice> sources = FXCollections.observableArrayList();
    private final ObjectProperty<SourceChoice> source = new SimpleObjectProperty<>(this, "source");
    private final ObservableList<String> cloudChoices = FXCollections.observableArrayList();
    private final StringProperty extraCloud = new SimpleStringProperty(this, "extraCloud", "");
    private final StringProperty hardwareUsd = new SimpleStringProperty(this, "hardwareUsd", "");
    private final StringProperty lifetimeMonths = new SimpleStringProperty(this, "lifetimeMonths", "");
    private final StringProperty powerWatts = new SimpleStringProperty(this, "powerWatts", "");
    private final StringProperty usdPerKwh = new SimpleStringProperty(this, "usdPerKwh", "");
    private final StringProperty utilisationPercent = new SimpleStringProperty(this, "utilisationPercent", "");
    private final StringProperty promptsPerMonth = new SimpleStringProperty(this, "promptsPerMonth", "");

    private final ReadOnlyStringWrapper workloadText = new ReadOnlyStringWrapper(this, "workloadText", "");
    private final ReadOnlyStringWrapper powerSource = new ReadOnlyStringWrapper(this, "powerSource", "");
    private final ReadOnlyStringWrapper localText = new ReadOnlyStringWrapper(this, "localText", "");
    private final ObservableList<CloudLine> clouds = FXCollections.observableArrayList();
    private final ObservableList<String> assumptions = FXCollections.observableArrayList();
    private final ReadOnlyObjectWrapper<OwnershipEstimate> estimate = new ReadOnlyObjectWrapper<>(this, "estimate");
    private final ReadOnlyStringWrapper error = new ReadOnlyStringWrapper(this, "error", "");
    private final ReadOnlyBooleanWrapper busy = new ReadOnlyBooleanWrapper(this, "busy", false);

    private Workload workload;
    private OwnershipInputs defaults;
    private int generation;
    private boolean filling;

    public CostViewModel(Supplier<CostStudy> study, Supplier<PriceTable> prices, TaskExecutor tasks) {
        this.study = study;
        this.prices = prices;
        this.tasks = tasks;
        source.addListener((o, a, b) -> {
            if (b != null) {
                loadWorkload(b);
            }
        });
        for (StringProperty p : List.of(hardwareUsd, lifetimeMonths, powerWatts, usdPerKwh, utilisationPercent,
                promptsPerMonth, extraCloud)) {
            p.addListener((o, a, b) -> {
                if (!filling) {
                    recompute();
                }
            });
        }
    }

    private record Choices(List<SourceChoice> sources, List<String> clouds) {
    }

    /** Reads the batches, datasets and priced cloud models to choose from. */
    public void refresh() {
        tasks.execute(BackgroundTask.of("Read workloads", p -> {
                    CostStudy s = study.get();
                    List<SourceChoice> out = new ArrayList<>();
                    for (BatchRecord b : s.recentBatches(100)) {
                        out.add(new SourceChoice(String.format(Locale.ROOT, "Batch %s · %s · %s", b.id().substring(0, Math.min(8, b.id().length())),
                                String.join(", ", b.targets()), b.status()), false, b.id()));
                    }
                    for (DatasetRecord d : s.datasets()) {
                        out.add(new SourceChoice("Dataset " + d.name() + " (" + d.rowCount() + " rows, every batch)", true, d.id()));
                    }
                    List<String> cloud = new ArrayList<>();
                    cloud.add("");
                    for (Price x : prices.get().list()) {
                        cloud.add(x.provider() + ":" + x.model());
                    }
                    return new Choices(out, cloud);
                })
                .onSuccess(c -> {
                    SourceChoice keep = source.get();
                    sources.setAll(c.sources());
                    cloudChoices.setAll(c.clouds());
                    if (keep != null && c.sources().contains(keep)) {
                        source.set(keep);
                    } else if (keep == null && !c.sources().isEmpty()) {
                        source.set(c.sources().get(0));
                    }
                    if (c.sources().isEmpty()) {
                        error.set("No batch has run yet. Measure a workload first: Bench a dataset on a local and a "
                                + "cloud target (parallax bench --dataset FILE --target local:MODEL --target openai:gpt-4o-mini).");
                    }
                })
                .onFailure(e -> error.set("Could not read the batches: " + e.getMessage())));
    }

    private record Loaded(Workload workload, dev.parallax.cost.LocalCostModel settings) {
    }

    private void loadWorkload(SourceChoice choice) {
        int g = ++generation;
        busy.set(true);
        error.set("");
        tasks.execute(BackgroundTask.of("Read workload", p -> {
                    CostStudy s = study.get();
                    Workload w = choice.dataset() ? s.dataset(choice.id()) : s.batch(choice.id());
                    return new Loaded(w, s.localCost());
                })
                .onSuccess(r -> {
                    if (g != generation) {
                        return;
                    }
                    busy.set(false);
                    workload = r.workload();
                    workloadText.set(describe(workload));
                    if (workload.localTokensPerSecond().isPresent() && workload.runs() > 0) {
                        defaults = workload.inputs(r.settings());
                        fill(defaults);
                    } else {
                        defaults = null;
                    }
                    recompute();
                })
                .onFailure(e -> {
                    if (g == generation) {
                        error.set(e.getMessage());
                    }
                })
                .onFinished(() -> {
                    if (g == generation) {
                        busy.set(false);
                    }
                }));
    }

    private static String describe(Workload w) {
        return String.format(Locale.ROOT, "%s: %d completed runs, %.0f tokens in and %.0f out per prompt; %s%s",
                w.source(), w.runs(), w.inputTokensPerPrompt(), w.outputTokensPerPrompt(),
                w.localTarget().map(t -> t + String.format(Locale.ROOT, " at %.1f tokens/s", w.localTokensPerSecond().orElse(0)))
                        .orElse("no local target with a measured rate"),
                w.clouds().isEmpty() ? "; no priced cloud target" : "; against " + String.join(", ", w.clouds().keySet()));
    }

    private void fill(OwnershipInputs in) {
        filling = true;
        try {
            hardwareUsd.set(plain(in.hardwareUsd()));
            lifetimeMonths.set(Integer.toString(in.lifetimeMonths()));
            powerWatts.set(plain(in.powerWatts()));
            usdPerKwh.set(plain(in.usdPerKwh()));
            utilisationPercent.set(plain(Math.round(in.utilisation() * 1000) / 10.0));
            promptsPerMonth.set(plain(in.promptsPerMonth()));
            powerSource.set(in.powerSource());
        } finally {
            filling = false;
        }
    }

    private static String plain(double v) {
        return v == Math.rint(v) ? String.format(Locale.ROOT, "%.0f", v) : String.format(Locale.ROOT, "%s", v);
    }

    /** Recomputes from the fields, off the UI thread; a field that does not parse says so instead. */
    public void recompute() {
        if (workload == null) {
            return;
        }
        Workload w = workload;
        Optional<String> missingLocal = w.runs() == 0 || w.localTokensPerSecond().isEmpty() ? w.missing() : Optional.empty();
        if (missingLocal.isPresent() || defaults == null) {
            clear("Cannot estimate: " + missingLocal.orElse("no local rate") + ".");
            return;
        }
        OwnershipInputs in;
        try {
            in = inputs();
        } catch (IllegalArgumentException e) {
            clear(e.getMessage());
            return;
        }
        String extra = extraCloud.get() == null ? "" : extraCloud.get().trim();
        int g = ++generation;
        busy.set(true);
        OwnershipInputs inputs = in;
        tasks.execute(BackgroundTask.of("Cost of ownership", p -> {
                    Workload with = w;
                    if (!extra.isEmpty()) {
                        dev.parallax.core.Target t = dev.parallax.core.Target.parse(extra);
                        Price price = prices.get().find(t.provider(), t.model()).orElseThrow(() ->
                                new IllegalArgumentException("no price for " + extra));
                        with = with.withCloud(t.toString(), price);
                    }
                    if (with.clouds().isEmpty()) {
                        throw new IllegalArgumentException("no priced cloud target in this workload: pick one to compare with");
                    }
                    return with.estimate(inputs);
                })
                .onSuccess(e -> {
                    if (g == generation) {
                        show(e);
                    }
                })
                .onFailure(e -> {
                    if (g == generation) {
                        clear(e.getMessage());
                    }
                })
                .onFinished(() -> {
                    if (g == generation) {
                        busy.set(false);
                    }
                }));
    }

    private OwnershipInputs inputs() {
        OwnershipInputs in = defaults;
        in = in.withHardwareUsd(number(hardwareUsd, "Hardware price"));
        double months = number(lifetimeMonths, "Lifetime");
        if (months != Math.rint(months)) {
            throw new IllegalArgumentException("Lifetime: a whole number of months, not " + lifetimeMonths.get());
        }
        in = in.withLifetimeMonths((int) months);
        double watts = number(powerWatts, "Power draw");
        in = in.withPower(watts, Math.abs(watts - defaults.powerWatts()) < 1e-9 ? defaults.powerSource() : "entered");
        in = in.withUsdPerKwh(number(usdPerKwh, "Electricity"));
        in = in.withUtilisation(number(utilisationPercent, "Utilisation") / 100.0);
        in = in.withPromptsPerMonth(number(promptsPerMonth, "Prompts a month"));
        powerSource.set(in.powerSource());
        return in;
    }

    private static double number(StringProperty p, String what) {
        String s = p.get() == null ? "" : p.get().trim().replace(",", "").replace("$", "").replace("%", "");
        try {
            return Double.parseDouble(s);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(what + ": enter a number, not '" + p.get() + "'");
        }
    }

    private void show(OwnershipEstimate e) {
        error.set("");
        estimate.set(e);
        localText.set(String.format(Locale.ROOT, "$%.4f per 1M tokens (energy $%.4f); %.1f h and $%.2f of electricity "
                + "a month%s", e.localUsdPerMillionTokens(), e.localEnergyUsdPerMillionTokens(), e.localHoursPerMonth(),
                e.localEnergyUsdPerMonth(), e.capacityExceeded() ? " — more hours than one machine has at this utilisation" : ""));
        List<CloudLine> lines = new ArrayList<>();
        for (CloudBreakEven c : e.clouds()) {
            lines.add(new CloudLine(c.target(), String.format(Locale.ROOT, "$%.4f", c.usdPerMillionTokens()),
                    String.format(Locale.ROOT, "$%,.2f", c.monthlyUsd()), c.breakEvenText(e.inputs().lifetimeMonths())));
        }
        clouds.setAll(lines);
        assumptions.setAll(e.assumptions());
    }

    private void clear(String message) {
        error.set(message);
        estimate.set(null);
        localText.set("");
        clouds.clear();
        assumptions.clear();
    }

    public ObservableList<SourceChoice> sources() {
        return sources;
    }

    public ObjectProperty<SourceChoice> sourceProperty() {
        return source;
    }

    public ObservableList<String> cloudChoices() {
        return cloudChoices;
    }

    public StringProperty extraCloudProperty() {
        return extraCloud;
    }

    public StringProperty hardwareUsdProperty() {
        return hardwareUsd;
    }

    public StringProperty lifetimeMonthsProperty() {
        return lifetimeMonths;
    }

    public StringProperty powerWattsProperty() {
        return powerWatts;
    }

    public StringProperty usdPerKwhProperty() {
        return usdPerKwh;
    }

    public StringProperty utilisationPercentProperty() {
        return utilisationPercent;
    }

    public StringProperty promptsPerMonthProperty() {
        return promptsPerMonth;
    }

    public ReadOnlyStringProperty workloadTextProperty() {
        return workloadText.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty powerSourceProperty() {
        return powerSource.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty localTextProperty() {
        return localText.getReadOnlyProperty();
    }

    public ObservableList<CloudLine> clouds() {
        return clouds;
    }

    public ObservableList<String> assumptions() {
        return assumptions;
    }

    public ReadOnlyObjectProperty<OwnershipEstimate> estimateProperty() {
        return estimate.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty errorProperty() {
        return error.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty busyProperty() {
        return busy.getReadOnlyProperty();
    }
}
