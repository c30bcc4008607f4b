package dev.parallax.privacy;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Puts the findings of several detectors together. */
final class Findings {

    private Findings() {
    }

    /**
     * Sorted by start; of two value findings (not special categories) that overlap, the longer one stays (a phone
     * number inside a card number, an IP inside a URL's secret), the more confident one on a tie.
     */
    static List<Finding> merge(List<Finding> all) {
        List<Finding> values = new ArrayList<>();
        List<Finding> sentences = new ArrayList<>();
        for (Finding f : all) {
            (f.type().isSpecialCategory() ? sentences : values).add(f);
        }
        values.sort(Comparator.comparingInt(Finding::length).reversed()
                .thenComparing(Comparator.comparingDouble(Finding::confidence).reversed()));
        List<Finding> kept = new ArrayList<>();
        for (Finding f : values) {
            if (kept.stream().noneMatch(k -> k.overlaps(f))) {
                kept.add(f);
            }
        }
        kept.addAll(sentences);
        kept.sort(Comparator.comparingInt(Finding::start).thenComparingInt(Finding::end));
        return kept;
    }
}
