package dev.parallax.ui.audit;

import dev.parallax.history.AuditEvent;
import dev.parallax.history.StoredFinding;
import dev.parallax.ui.base.Formats;

import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/** One line of the Audit screen: an audit event as the table shows it. No value found is ever part of it. */
public record AuditRow(AuditEvent event) {

    public String time() {
        return Formats.time(event.at());
    }

    /** allow, redact, local-only for runs; "refused", or the kind of settings change otherwise. */
    public String decision() {
        return switch (event.event()) {
            case "run" -> event.action().orElse("");
            case "refused" -> "refused";
            default -> event.event().replace('_', ' ');
        };
    }

    public String requested() {
        return event.requestedTarget().orElse("");
    }

    public String chosen() {
        return event.chosenTarget().orElse("");
    }

    /** The provider the prompt was meant for ("openai" of "openai:gpt-4o-mini"); empty for settings changes. */
    public String provider() {
        String r = requested();
        int colon = r.indexOf(':');
        return colon < 0 ? r : r.substring(0, colon);
    }

    public String rule() {
        return event.rule().orElse("");
    }

    /** "email ×2, phone": the types of the findings that counted. */
    public String findings() {
        return types(true);
    }

    public int findingsCount() {
        return event.counted().size();
    }

    public int redactions() {
        return event.redactions();
    }

    public int dismissed() {
        return event.dismissedCount();
    }

    public boolean isSettingsChange() {
        return !event.event().equals("run") && !event.event().equals("refused");
    }

    /** The selected line in full, in words: spans and detectors, never a value. */
    public String details() {
        StringBuilder s = new StringBuilder();
        s.append("When        ").append(event.at()).append('\n');
        s.append("Event       ").append(event.event()).append('\n');
        event.runId().ifPresent(id -> s.append("Run         ").append(id).append('\n'));
        event.requestedTarget().ifPresent(t -> s.append("Asked for   ").append(t).append('\n'));
        event.chosenTarget().ifPresent(t -> s.append("Ran on      ").append(t).append('\n'));
        event.rule().ifPresent(r -> s.append("Rule        ").append(r).append('\n'));
        event.action().ifPresent(a -> s.append("Policy      ").append(a).append('\n'));
        if (!isSettingsChange()) {
            s.append("Redactions  ").append(event.redactions()).append('\n');
        }
        event.detail().ifPresent(d -> s.append(event.event().equals("run") ? "Undecided   " : "Detail      ").append(d).append('\n'));
        if (!event.findings().isEmpty()) {
            s.append("\nFindings (type, characters, detector, confidence; values are never stored)\n");
            for (StoredFinding f : event.findings()) {
                s.append(String.format(Locale.ROOT, "  %-20s %5d–%-5d %-22s %3.0f%%%s%n", f.type(), f.start(), f.end(),
                        f.detector(), f.confidence() * 100, f.dismissed() ? "  dismissed by the user" : ""));
            }
        }
        return s.toString();
    }

    private String types(boolean counted) {
        Map<String, Integer> byType = new TreeMap<>();
        (counted ? event.counted() : event.findings()).forEach(f -> byType.merge(f.type(), 1, Integer::sum));
        StringBuilder s = new StringBuilder();
        byType.forEach((t, n) -> s.append(s.isEmpty() ? "" : ", ").append(t.replace('_', ' ')).append(n > 1 ? " ×" + n : ""));
        return s.toString();
    }
}
