package dev.parallax.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parallax.history.AuditEvent;
import dev.parallax.history.StoredFinding;
import dev.parallax.privacy.Assessment;
import dev.parallax.privacy.Decision;
import dev.parallax.privacy.Finding;
import dev.parallax.route.RoutingDecision;

import java.util.List;

/** JSON of privacy checks, routing decisions and audit lines. Keys are a public contract: add, never rename or drop. */
final class PrivacyJson {

    private PrivacyJson() {
    }

    /** {@code parallax check --json}: findings, decisions per provider, whether the gate could decide. */
    static ObjectNode assessment(Assessment a) {
        ObjectNode o = RunJson.JSON.createObjectNode();
        findings(o.putArray("findings"), a.findings());
        ObjectNode decisions = o.putObject("decisions");
        for (Decision d : a.decisions().values()) {
            ObjectNode p = decisions.putObject(d.provider());
            p.put("action", d.action().label());
            p.put("rule", d.rule());
        }
        if (a.undecided().isPresent()) {
            o.put("undecided", a.undecided().get());
        } else {
            o.putNull("undecided");
        }
        o.put("name_check", a.nameCheck());
        o.put("gate_ms", RunJson.round(a.gateMs()));
        return o;
    }

    static void findings(ArrayNode array, List<Finding> findings) {
        for (Finding f : findings) {
            ObjectNode o = array.addObject();
            o.put("type", f.type().label());
            o.put("start", f.start());
            o.put("end", f.end());
            o.put("confidence", f.confidence());
            o.put("detector", f.detector());
        }
    }

    static void stored(ArrayNode array, List<StoredFinding> findings) {
        for (StoredFinding f : findings) {
            ObjectNode o = array.addObject();
            o.put("type", f.type());
            o.put("start", f.start());
            o.put("end", f.end());
            o.put("confidence", f.confidence());
            o.put("detector", f.detector());
            if (f.dismissed()) {
                o.put("dismissed", true);
            }
        }
    }

    /** {@code run --json}'s "routing" object. */
    static ObjectNode routing(RoutingDecision r) {
        ObjectNode o = RunJson.JSON.createObjectNode();
        o.put("rule", r.rule());
        o.put("requested_target", r.requested().toString());
        o.put("chosen_target", r.chosen().toString());
        o.put("action", r.action().label());
        o.put("label", r.label().label());
        o.put("findings_count", r.findings().size());
        o.put("dismissed_count", r.dismissed().size());
        o.put("redactions", r.redactions());
        if (r.gateMs().isPresent()) {
            o.put("gate_ms", RunJson.round(r.gateMs().getAsDouble()));
        } else {
            o.putNull("gate_ms");
        }
        if (r.undecided().isPresent()) {
            o.put("undecided", r.undecided().get());
        } else {
            o.putNull("undecided");
        }
        findings(o.putArray("findings"), r.findings());
        return o;
    }

    static ObjectNode audit(AuditEvent e) {
        ObjectNode o = RunJson.JSON.createObjectNode();
        o.put("id", e.id());
        o.put("at", e.at().toString());
        o.put("event", e.event());
        o.put("run_id", e.runId().orElse(null));
        o.put("requested_target", e.requestedTarget().orElse(null));
        o.put("chosen_target", e.chosenTarget().orElse(null));
        o.put("rule", e.rule().orElse(null));
        o.put("action", e.action().orElse(null));
        o.put("findings_count", e.counted().size());
        o.put("dismissed_count", e.dismissedCount());
        o.put("redactions", e.redactions());
        o.put("detail", e.detail().orElse(null));
        stored(o.putArray("findings"), e.findings());
        return o;
    }
}
