package dev.parallax.ui.playground;

import dev.parallax.core.Target;
import dev.parallax.privacy.Assessment;
import dev.parallax.privacy.Decision;
import dev.parallax.privacy.Dismissals;
import dev.parallax.privacy.Finding;
import dev.parallax.route.PrivacyService;
import dev.parallax.ui.base.BackgroundTask;
import dev.parallax.ui.base.TaskExecutor;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;

import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.Locale;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * The Playground's privacy chip: what the gate finds in the prompt before it is sent, and what will happen for the
 * chosen target (allow, redact, local-only). Each check runs off the UI thread; a result for an older text is dropped.
 * The view debounces typing and calls {@link #check}. A finding can be marked "not sensitive": its exact value is then
 * ignored for the rest of the session (the gate keeps only a salted hash), here and in the runs the session starts.
 */
public final class PrivacyCheckViewModel {

    /** How the chip reads. */
    public enum Level { NONE, CLEAR, FOUND, BLOCKED }

    /**
     * The text that was checked and what the gate found in it (for the highlighted view).
     *
     * @param dismissed findings whose values the user marked not sensitive in this session
     */
    public record Checked(String text, List<Finding> findings, List<Finding> dismissed) {
        public Checked {
            findings = List.copyOf(findings);
            dismissed = List.copyOf(dismissed);
        }
    }

    private final Supplier<PrivacyService> privacy;
    private final TaskExecutor tasks;
    private final Dismissals dismissals;
    private final ReadOnlyStringWrapper summary = new ReadOnlyStringWrapper(this, "summary", "");
    private final ReadOnlyObjectWrapper<Level> level = new ReadOnlyObjectWrapper<>(this, "level", Level.NONE);
    private final ReadOnlyObjectWrapper<Checked> checked = new ReadOnlyObjectWrapper<>(this, "checked");
    private long generation;
    private Target lastTarget;
    private final Set<CompletableFuture<Void>> inFlight = ConcurrentHashMap.newKeySet();

    /**
     * For closing the window: done when no check is running. A check may be loading the sentence model in
     * native code, and a process that exits under it crashes. Callable from any thread.
     */
    public CompletableFuture<Void> checksEndedForShutdown() {
        return CompletableFuture.allOf(inFlight.toArray(CompletableFuture[]::new));
    }

    public PrivacyCheckViewModel(Supplier<PrivacyService> privacy, TaskExecutor tasks) {
        this(privacy, tasks, Dismissals.newSession());
    }

    /** @param dismissals this session's "not sensitive" values, shared with the runs the session starts */
    public PrivacyCheckViewModel(Supplier<PrivacyService> privacy, TaskExecutor tasks, Dismissals dismissals) {
        this.privacy = privacy;
        this.tasks = tasks;
        this.dismissals = dismissals;
    }

    /**
     * Marks the value of {@code finding} in the last checked text as not sensitive for this session, and checks the
     * text again: that value no longer counts, anywhere it appears, until the session ends.
     */
    public void dismiss(Finding finding) {
        Checked c = checked.get();
        if (c == null || !c.findings().contains(finding)) {
            return;
        }
        dismissals.dismiss(c.text().substring(finding.start(), finding.end()));
        check(c.text(), lastTarget);
    }

    /** Makes every dismissed value count again, and checks the text again. */
    public void restoreDismissed() {
        dismissals.clear();
        Checked c = checked.get();
        if (c != null) {
            check(c.text(), lastTarget);
        }
    }

    /** How many values are dismissed in this session. */
    public int dismissedCount() {
        return dismissals.size();
    }

    /** Checks {@code prompt} for {@code target}; a blank prompt clears the chip. */
    public void check(String prompt, Target target) {
        long g = ++generation;
        lastTarget = target;
        if (prompt == null || prompt.isBlank()) {
            level.set(Level.NONE);
            summary.set("");
            checked.set(null);
            return;
        }
        CompletableFuture<Void> ended = new CompletableFuture<>();
        inFlight.add(ended);
        ended.whenComplete((v, e) -> inFlight.remove(ended));
        tasks.execute(BackgroundTask.of("Privacy check", p -> {
                    try {
                        return privacy.get().check(prompt, dismissals);
                    } finally {
                        ended.complete(null);
                    }
                })
                .onSuccess(a -> {
                    if (g == generation) {
                        show(prompt, target, a);
                    }
                })
                .onFailure(e -> {
                    if (g == generation) {
                        level.set(Level.BLOCKED);
                        summary.set("Privacy check failed: " + e.getMessage());
                        checked.set(null);
                    }
                }));
    }

    private void show(String prompt, Target target, Assessment a) {
        checked.set(new Checked(prompt, a.findings(), a.dismissed()));
        String what = (a.findings().isEmpty() ? "nothing found" : describe(a.findings()))
                + (a.dismissed().isEmpty() ? "" : " (" + a.dismissed().size() + " dismissed)");
        if (a.undecided().isPresent()) {
            level.set(Level.BLOCKED);
            summary.set("Privacy: undecided (" + a.undecided().get() + ") · nothing may leave");
            return;
        }
        String outcome;
        if (target == null || target.isLocal()) {
            outcome = "stays on this machine";
        } else {
            Decision d = a.decisions().get(target.provider());
            outcome = d == null ? "checked when the run starts" : switch (d.action()) {
                case ALLOW -> "sent as is to " + target.provider();
                case REDACT -> "sent redacted to " + target.provider();
                case LOCAL_ONLY -> "kept local (not sent to " + target.provider() + ")";
            };
        }
        level.set(a.findings().isEmpty() ? Level.CLEAR : Level.FOUND);
        summary.set("Privacy: " + what + " · " + outcome);
    }

    /** "2 findings: email, phone" — types in a stable order, counted. */
    static String describe(List<Finding> findings) {
        TreeMap<String, Integer> byType = new TreeMap<>();
        findings.forEach(f -> byType.merge(f.type().label(), 1, Integer::sum));
        StringBuilder types = new StringBuilder();
        byType.forEach((t, n) -> types.append(types.isEmpty() ? "" : ", ").append(t.replace('_', ' '))
                .append(n > 1 ? " ×" + n : ""));
        return findings.size() + (findings.size() == 1 ? " finding: " : " findings: ") + types.toString().toLowerCase(Locale.ROOT);
    }

    public ReadOnlyStringProperty summaryProperty() { return summary.getReadOnlyProperty(); }
    public ReadOnlyObjectProperty<Level> levelProperty() { return level.getReadOnlyProperty(); }
    public ReadOnlyObjectProperty<Checked> checkedProperty() { return checked.getReadOnlyProperty(); }
}
