package dev.parallax.history;

/**
 * One finished (row, target, repeat) of a batch and its run's figures.
 *
 * @param targetIndex position of the target in the batch's target list
 */
public record BatchItem(int rowNo, int targetIndex, int repeatNo, RunMetrics run) {
}
