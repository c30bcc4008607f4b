package dev.parallax.report;

import java.util.Map;

/**
 * What the privacy gate decided for the report's runs, counted; never the values it found.
 *
 * @param decided     runs with a stored decision (runs made before the gate existed, or local runs, may have none)
 * @param byAction    allow, redact, local-only, block…
 * @param byRule      the routing rule that decided
 * @param findingsByType kinds of sensitive data found, counted over all runs
 * @param redactions  values replaced by placeholders, over all runs
 * @param undecided   runs the gate could not decide on
 */
public record PrivacySummary(int runs, int decided, Map<String, Integer> byAction, Map<String, Integer> byRule,
                             Map<String, Integer> findingsByType, int redactions, int undecided) {

    public PrivacySummary {
        byAction = ordered(byAction);
        byRule = ordered(byRule);
        findingsByType = ordered(findingsByType);
    }

    private static Map<String, Integer> ordered(Map<String, Integer> m) {
        return java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(m));
    }
}
