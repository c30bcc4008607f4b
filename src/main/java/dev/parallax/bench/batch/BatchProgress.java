package dev.parallax.bench.batch;

import java.math.BigDecimal;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * A batch's progress, as a screen or the command line shows it.
 *
 * @param total        items in the whole batch (rows × targets × repeats)
 * @param done         items finished, earlier sessions included
 * @param failed       of those, items whose run did not complete
 * @param running      runs going on now
 * @param etaMs        time left at this session's pace, once something finished
 * @param spentUsd     known cost so far, earlier sessions included
 * @param projectedUsd spent + average cost × items left, once an average is known
 * @param message      why the batch stopped or waits, when it does
 */
public record BatchProgress(String batchId, BatchState state, int total, int done, int failed, int running,
                            double elapsedMs, OptionalDouble etaMs, BigDecimal spentUsd, Optional<BigDecimal> projectedUsd,
                            Optional<String> message) {

    public double fraction() {
        return total == 0 ? 1 : (double) done / total;
    }
}
