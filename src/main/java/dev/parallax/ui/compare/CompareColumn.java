package dev.parallax.ui.compare;

import dev.parallax.bench.compare.Badge;
import dev.parallax.bench.compare.TargetResult;
import dev.parallax.bench.stats.Bootstrap;
import dev.parallax.bench.stats.Distribution;
import dev.parallax.bench.stats.Estimate;
import dev.parallax.bench.stats.TargetStats;
import dev.parallax.core.RunStatus;
import dev.parallax.history.RunMetrics;
import dev.parallax.ui.base.Formats;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * One target's column on the Compare screen: where it stands in the running order, its live figures while it
 * streams, the exact figures of each finished run, and at the end its statistics and badges. Changed on the UI
 * thread only (by {@link CompareViewModel}).
 */
public final class CompareColumn {

    /** Where a column stands. */
    public enum State {
        WAITING, RUNNING, DONE, FAILED, REFUSED, STOPPED;

        /** True once the column will change no more in this comparison. */
        public boolean ended() {
            return this != WAITING && this != RUNNING;
        }
    }

    private final int index;
    private final String target;
    private final boolean local;
    private final int repeat;
    private final ReadOnlyStringWrapper order = new ReadOnlyStringWrapper(this, "order", "");
    private final ReadOnlyObjectWrapper<State> state = new ReadOnlyObjectWrapper<>(this, "state", State.WAITING);
    private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper(this, "status", "Waiting");
    private final ReadOnlyStringWrapper output = new ReadOnlyStringWrapper(this, "output", "");
    private final ReadOnlyStringWrapper ttft = new ReadOnlyStringWrapper(this, "ttft", Formats.NONE);
    private final ReadOnlyStringWrapper tokensPerSecond = new ReadOnlyStringWrapper(this, "tokensPerSecond", Formats.NONE);
    private final ReadOnlyStringWrapper tokens = new ReadOnlyStringWrapper(this, "tokens", Formats.NONE);
    private final ReadOnlyStringWrapper total = new ReadOnlyStringWrapper(this, "total", Formats.NONE);
    private final ReadOnlyStringWrapper cost = new ReadOnlyStringWrapper(this, "cost", Formats.NONE);
    private final ReadOnlyStringWrapper error = new ReadOnlyStringWrapper(this, "error", "");
    private final ReadOnlyStringWrapper note = new ReadOnlyStringWrapper(this, "note", "");
    private final ReadOnlyStringWrapper startupNote = new ReadOnlyStringWrapper(this, "startupNote", "");
    private final ReadOnlyBooleanWrapper hasStats = new ReadOnlyBooleanWrapper(this, "hasStats", false);
    private final ReadOnlyObjectWrapper<StatsRow> ttftStats = new ReadOnlyObjectWrapper<>(this, "ttftStats", StatsRow.NONE);
    private final ReadOnlyObjectWrapper<StatsRow> totalStats = new ReadOnlyObjectWrapper<>(this, "totalStats", StatsRow.NONE);
    private final ReadOnlyObjectWrapper<StatsRow> rateStats = new ReadOnlyObjectWrapper<>(this, "rateStats", StatsRow.NONE);
    private final ObservableList<Badge> badges = FXCollections.observableArrayList();
    private final ObservableList<Badge> badgesView = FXCollections.unmodifiableObservableList(badges);
    private final List<RunMetrics> finished = new ArrayList<>();

    // The run streaming now, as seen through its events (rough figures, replaced by the run's own at its end).
    private int liveRepeat = -1;
    private long liveStart = -1;
    private long firstToken = -1;
    private long lastToken = -1;
    private int liveTokens;
    private boolean streaming;

    /** A statistic's median and p95, as shown. */
    public record StatsRow(String median, String p95) {
        static final StatsRow NONE = new StatsRow(Formats.NONE, Formats.NONE);

        static StatsRow of(Distribution d, Function<Double, String> format) {
            return new StatsRow(text(d.p50(), format), text(d.p95(), format));
        }

        private static String text(Estimate e, Function<Double, String> format) {
            return e.isKnown() ? format.apply(e.value()) : Formats.NONE;
        }
    }

    CompareColumn(int index, String target, boolean local, int repeat) {
        this.index = index;
        this.target = target;
        this.local = local;
        this.repeat = repeat;
    }

    void setOrder(String text, String waiting) {
        order.set(text);
        status.set(waiting);
    }

    /** Something of repeat {@code repeatNo} arrived; a new repeat starts its text and live figures afresh. */
    void beginRepeatIfNew(int repeatNo, long nanos) {
        if (repeatNo > liveRepeat) {
            liveRepeat = repeatNo;
            liveStart = nanos;
            firstToken = -1;
            lastToken = -1;
            liveTokens = 0;
            streaming = true;
            output.set("");
            state.set(State.RUNNING);
            status.set(phase("starting…"));
        }
    }

    void started(int repeatNo, long nanos) {
        beginRepeatIfNew(repeatNo, nanos);
    }

    /** The engine has the run: a local one loads its model now; a cloud one waits for the provider's first token. */
    void modelLoading() {
        if (state.get() == State.RUNNING && firstToken < 0) {
            status.set(phase(local ? "loading model…" : "waiting for the provider…"));
        }
    }

    /** Adds one frame's worth of tokens at once. */
    void append(String text, int count, long first, long last) {
        if (firstToken < 0) {
            firstToken = first;
            ttft.set(Formats.millis((first - liveStart) / 1e6));
        }
        lastToken = last;
        liveTokens += count;
        output.set(output.get() + text);
        tokens.set(Formats.count(liveTokens));
        if (liveTokens > 1 && lastToken > firstToken) {
            tokensPerSecond.set(Formats.rate((liveTokens - 1) * 1e9 / (lastToken - firstToken)));
        }
        status.set(phase("generating…"));
    }

    void tick(long nowNanos) {
        if (streaming && state.get() == State.RUNNING && liveStart >= 0) {
            total.set(Formats.millis((nowNanos - liveStart) / 1e6));
        }
    }

    /** A run ended: its exact figures replace the live ones. */
    void runFinished(int repeatNo, RunMetrics m) {
        beginRepeatIfNew(repeatNo, System.nanoTime());
        streaming = false;
        finished.add(m);
        showRun(m);
        updateStartupNote();
        if (m.status() != RunStatus.COMPLETED) {
            error.set(label(m.status()) + (repeat > 1 ? " (run " + (repeatNo + 1) + ")" : "") + ": " + why(m));
        }
        BigDecimal known = BigDecimal.ZERO;
        boolean any = false;
        for (RunMetrics r : finished) {
            if (r.costUsd().isPresent()) {
                known = known.add(r.costUsd().get());
                any = true;
            }
        }
        cost.set(any ? usd(known) : "unknown");
        if (finished.size() < repeat) {
            status.set("Run " + finished.size() + " of " + repeat + " done");
        } else {
            endFromRuns();
            if (repeat > 1) {
                showOwnStats();
            }
        }
    }

    /**
     * A column whose repeats are all done shows its median and p95 at once, while the others still run; the same
     * quantiles as the comparison's statistics (which replace them at the end, unchanged).
     */
    private void showOwnStats() {
        List<RunMetrics> ok = finished.stream().filter(RunMetrics::succeeded).toList();
        if (ok.isEmpty()) {
            return;
        }
        double[] ttfts = ok.stream().filter(m -> m.ttftMs().isPresent()).mapToDouble(m -> m.ttftMs().getAsDouble()).sorted().toArray();
        double[] totals = ok.stream().mapToDouble(RunMetrics::totalMs).sorted().toArray();
        double[] rates = ok.stream().filter(m -> m.tokensPerSecond().isPresent())
                .mapToDouble(m -> m.tokensPerSecond().getAsDouble()).sorted().toArray();
        ttftStats.set(quantiles(ttfts, Formats::millis));
        totalStats.set(quantiles(totals, Formats::millis));
        rateStats.set(quantiles(rates, v -> Formats.rate(v)));
        if (ttfts.length > 0) {
            ttft.set(Formats.millis(Bootstrap.quantile(ttfts, 0.5)));
        }
        total.set(Formats.millis(Bootstrap.quantile(totals, 0.5)));
        if (rates.length > 0) {
            tokensPerSecond.set(Formats.rate(Bootstrap.quantile(rates, 0.5)));
        }
        hasStats.set(true);
    }

    private static StatsRow quantiles(double[] sorted, Function<Double, String> format) {
        return sorted.length == 0 ? StatsRow.NONE
                : new StatsRow(format.apply(Bootstrap.quantile(sorted, 0.5)), format.apply(Bootstrap.quantile(sorted, 0.95)));
    }

    void refused(String reason) {
        state.set(State.REFUSED);
        status.set("Not run");
        error.set(capitalize(reason));
    }

    /** The comparison ended: a column still waiting or streaming was stopped. */
    void endIfOpen() {
        if (!state.get().ended()) {
            if (finished.isEmpty() && liveRepeat < 0) {
                state.set(State.STOPPED);
                status.set("Not run (stopped)");
            } else {
                endFromRuns();
                if (state.get() == State.RUNNING) {
                    state.set(State.STOPPED);
                    status.set("Stopped");
                }
            }
        }
    }

    /** The final figures: each run's own, the statistics over the repeats, and the badges won. */
    void applyResult(TargetResult r) {
        if (r.runs().isEmpty()) {
            r.refused().ifPresent(this::refused);
        } else {
            finished.clear();
            finished.addAll(r.runs());
            updateStartupNote();
            output.set(r.answer());
            RunMetrics shown = r.runs().stream().filter(RunMetrics::succeeded).findFirst().orElse(r.runs().get(0));
            showRun(shown);
            TargetStats s = r.stats();
            cost.set(s.costUsd().map(CompareColumn::usd).map(c -> s.costUnknownRuns() > 0 ? c + " + unknown" : c)
                    .orElse("unknown"));
            r.runs().stream().filter(m -> !m.succeeded()).reduce((a, b) -> b).ifPresent(m -> error.set(
                    label(m.status()) + ": " + why(m)));
            endFromRuns();
            if (repeat > 1 || r.runs().size() > 1) {
                // With repeats the headline figures are the medians (the table below adds p95).
                median(s.ttftMs(), ttft, Formats::millis);
                median(s.totalMs(), total, Formats::millis);
                median(s.tokensPerSecond(), tokensPerSecond, v -> Formats.rate(v));
                hasStats.set(true);
                ttftStats.set(StatsRow.of(s.ttftMs(), Formats::millis));
                totalStats.set(StatsRow.of(s.totalMs(), Formats::millis));
                rateStats.set(StatsRow.of(s.tokensPerSecond(), v -> Formats.rate(v)));
            }
        }
        badges.setAll(r.badges().stream().sorted().toList());
    }

    /** Runs whose time to first token includes starting the engine or loading the model get a line saying so. */
    static final double STARTUP_NOTE_MS = 100;

    private void updateStartupNote() {
        List<RunMetrics> cold = finished.stream().filter(m -> m.startupMs() >= STARTUP_NOTE_MS).toList();
        if (cold.isEmpty()) {
            startupNote.set("");
        } else if (finished.size() == 1) {
            startupNote.set("TTFT includes " + Formats.millis(cold.get(0).startupMs())
                    + " of starting the engine and loading the model");
        } else {
            startupNote.set(cold.size() + " of " + finished.size() + " runs include up to "
                    + Formats.millis(cold.stream().mapToDouble(RunMetrics::startupMs).max().orElse(0))
                    + " of starting the engine and loading the model");
        }
    }

    private static void median(Distribution d, ReadOnlyStringWrapper into, Function<Double, String> format) {
        if (d.p50().isKnown()) {
            into.set(format.apply(d.p50().value()));
        }
    }

    /** A cloud target's run that the privacy policy kept on this machine ran on a local model: say so. */
    private void noteReroute(RunMetrics m) {
        if (!local && m.target().startsWith("local:")) {
            note.set("The privacy policy kept this prompt on this machine: it ran on " + m.target() + ".");
        }
    }

    private void showRun(RunMetrics m) {
        noteReroute(m);
        ttft.set(Formats.millis(m.ttftMs()));
        tokensPerSecond.set(Formats.rate(m.tokensPerSecond()));
        tokens.set(Formats.count(m.completionTokens()));
        total.set(Formats.millis(m.totalMs()));
        output.set(m.output());
    }

    private void endFromRuns() {
        long ok = finished.stream().filter(RunMetrics::succeeded).count();
        boolean stopped = finished.stream().anyMatch(m -> m.status() == RunStatus.CANCELLED);
        if (finished.isEmpty()) {
            return;
        }
        if (ok == finished.size() && finished.size() >= repeat) {
            state.set(State.DONE);
            status.set(repeat > 1 ? "Completed " + ok + " of " + repeat : "Completed");
        } else if (ok > 0) {
            state.set(State.DONE);
            status.set("Completed " + ok + " of " + repeat);
        } else if (stopped) {
            state.set(State.STOPPED);
            status.set("Stopped");
        } else {
            state.set(State.FAILED);
            status.set(repeat > 1 ? "Failed " + finished.size() + " of " + repeat : label(finished.get(0).status()));
        }
    }

    private String phase(String what) {
        return repeat > 1 ? "Run " + (liveRepeat + 1) + " of " + repeat + " · " + what : capitalize(what);
    }

    /** The same amount reads the same however many zeros its sum carries. */
    private static String usd(BigDecimal amount) {
        return Formats.usd(amount.stripTrailingZeros());
    }

    private static String label(RunStatus s) {
        return capitalize(s.label());
    }

    /** The run's own reason, unless it only repeats its status ("cancelled"): "Cancelled: Cancelled" says nothing. */
    private static String why(RunMetrics m) {
        return capitalize(m.error().filter(e -> !e.isBlank() && !e.strip().equalsIgnoreCase(m.status().label()))
                .orElse(defaultReason(m.status())));
    }

    private static String defaultReason(RunStatus s) {
        return switch (s) {
            case CANCELLED -> "stopped before the answer was complete";
            case TRUNCATED -> "the stream ended early";
            default -> "the engine gave no reason";
        };
    }

    static String capitalize(String s) {
        return s == null || s.isEmpty() ? "" : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }

    public int index() { return index; }
    public String target() { return target; }
    public boolean isLocal() { return local; }
    public int repeat() { return repeat; }
    public List<RunMetrics> finishedRuns() { return List.copyOf(finished); }
    public Optional<String> errorMessage() { return error.get().isEmpty() ? Optional.empty() : Optional.of(error.get()); }
    public ReadOnlyStringProperty orderProperty() { return order.getReadOnlyProperty(); }
    public ReadOnlyObjectProperty<State> stateProperty() { return state.getReadOnlyProperty(); }
    public ReadOnlyStringProperty statusProperty() { return status.getReadOnlyProperty(); }
    public ReadOnlyStringProperty outputProperty() { return output.getReadOnlyProperty(); }
    public ReadOnlyStringProperty ttftProperty() { return ttft.getReadOnlyProperty(); }
    public ReadOnlyStringProperty tokensPerSecondProperty() { return tokensPerSecond.getReadOnlyProperty(); }
    public ReadOnlyStringProperty tokensProperty() { return tokens.getReadOnlyProperty(); }
    public ReadOnlyStringProperty totalProperty() { return total.getReadOnlyProperty(); }
    public ReadOnlyStringProperty costProperty() { return cost.getReadOnlyProperty(); }
    public ReadOnlyStringProperty errorProperty() { return error.getReadOnlyProperty(); }
    /** Something to know about how the runs went (a cloud prompt kept local); empty when nothing. */
    public ReadOnlyStringProperty noteProperty() { return note.getReadOnlyProperty(); }
    /** Empty, or how much of the time to first token went to starting the engine and loading the model. */
    public ReadOnlyStringProperty startupNoteProperty() { return startupNote.getReadOnlyProperty(); }
    public ReadOnlyBooleanProperty hasStatsProperty() { return hasStats.getReadOnlyProperty(); }
    public ReadOnlyObjectProperty<StatsRow> ttftStatsProperty() { return ttftStats.getReadOnlyProperty(); }
    public ReadOnlyObjectProperty<StatsRow> totalStatsProperty() { return totalStats.getReadOnlyProperty(); }
    public ReadOnlyObjectProperty<StatsRow> rateStatsProperty() { return rateStats.getReadOnlyProperty(); }
    public ObservableList<Badge> badges() { return badgesView; }
}
