package dev.parallax.report;

import dev.parallax.bench.stats.TargetComparison;
import dev.parallax.cost.OwnershipEstimate;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything a report says, in one place, so that every format says the same: what was compared and where, the
 * statistics per target, the verdicts, each run, the privacy decisions, the prices used, the cost of ownership and
 * how it was all measured. Built by {@link ReportService}; written by the exporters.
 *
 * @param kind               comparison, batch or runs (a history selection)
 * @param sourceId           the comparison's or batch's id, or "selection"
 * @param comparisons        pairwise comparisons with their verdict sentences
 * @param ownership          the cost of ownership against the cloud targets, when the report has what it needs
 * @param ownershipMissing   why there is no cost of ownership, when there is none
 */
public record ReportModel(Kind kind, String sourceId, String title, Instant generatedAt, ReportSummary summary,
                          List<TargetSection> targets, List<TargetComparison> comparisons, List<ReportRow> rows,
                          PrivacySummary privacy, PriceSnapshot prices, Optional<OwnershipEstimate> ownership,
                          Optional<String> ownershipMissing, List<MethodNote> methodology) {

    /** Version of the JSON export's shape (docs/report-schema.md); raised when a field changes meaning or goes. */
    public static final int SCHEMA_VERSION = 1;

    public enum Kind {
        COMPARISON, BATCH, RUNS;

        public String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** A paragraph of the methodology section. */
    public record MethodNote(String title, String text) {
    }

    public ReportModel {
        Objects.requireNonNull(kind, "kind");
        targets = List.copyOf(targets);
        comparisons = List.copyOf(comparisons);
        rows = List.copyOf(rows);
        methodology = List.copyOf(methodology);
    }

    /** The verdict sentences, in order. */
    public List<String> verdicts() {
        return comparisons.stream().map(TargetComparison::verdict).toList();
    }
}
