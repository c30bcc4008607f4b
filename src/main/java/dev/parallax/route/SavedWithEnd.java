package dev.parallax.route;

import dev.parallax.core.RunResult;
import dev.parallax.history.HistoryWrite;

import java.util.List;

/**
 * What a caller saves in the same commit as a run's end row, all or none: a batch records the item a run finishes
 * with the run itself, so a crash can never leave one without the other and the next request waits for one commit,
 * not two.
 *
 * <p>With target {@code auto}, each attempt (a cloud error, then the local fallback) saves them with its own end
 * row, so a later write must replace an earlier one (a batch item is a MERGE on its key).
 */
@FunctionalInterface
public interface SavedWithEnd {

    /** @param finished the run as it is saved: measured, priced, with any redaction undone */
    List<HistoryWrite> writes(RunResult finished);

    static SavedWithEnd nothing() {
        return finished -> List.of();
    }
}
