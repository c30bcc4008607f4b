package dev.parallax.ui.results;

import dev.parallax.bench.quality.CheckResult;
import dev.parallax.history.RunMetrics;

import java.util.List;
import java.util.Optional;

/**
 * One dataset row of a batch's results grid: the prompt, the expected answer, and per target (in the batch's order)
 * its answers (one per repeat), or empty while that target has not answered the row.
 *
 * @param slowestMs    the longest total time among the row's answers (0 without answers)
 * @param disagreement whether the targets' answers to this row were flagged as meaning different things
 */
public record ResultRow(int rowNo, long line, String prompt, Optional<String> expected, List<Optional<Cell>> cells,
                        double slowestMs, boolean disagreement) {

    public ResultRow {
        cells = List.copyOf(cells);
    }

    /** True when any answer failed (its run did not complete, or a check failed). */
    public boolean failed() {
        return cells.stream().flatMap(Optional::stream).anyMatch(c -> c.passed().orElse(true) == Boolean.FALSE);
    }

    public boolean answered() {
        return cells.stream().anyMatch(Optional::isPresent);
    }

    /** One target's answers to the row (the first shown in the grid, all in the side-by-side panel). */
    public record Cell(String target, List<Answer> answers) {

        public Cell {
            answers = List.copyOf(answers);
        }

        public Answer first() {
            return answers.get(0);
        }

        /** Failed when any repeat failed; passed when every repeat that was checked passed. */
        public Optional<Boolean> passed() {
            boolean anyChecked = false;
            for (Answer a : answers) {
                if (a.passed().isPresent()) {
                    anyChecked = true;
                    if (!a.passed().get()) {
                        return Optional.of(false);
                    }
                }
            }
            return anyChecked ? Optional.of(true) : Optional.empty();
        }
    }

    /** One run's answer: its figures and its checks. */
    public record Answer(int repeatNo, RunMetrics run, List<CheckResult> checks, Optional<Boolean> passed) {

        public Answer {
            checks = List.copyOf(checks);
        }
    }
}
