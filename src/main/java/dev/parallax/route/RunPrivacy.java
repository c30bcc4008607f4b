package dev.parallax.route;

import dev.parallax.core.ChatMessage;
import dev.parallax.core.RunSpec;
import dev.parallax.core.Target;
import dev.parallax.history.AuditEvent;
import dev.parallax.history.AuditRepository;
import dev.parallax.history.DecisionRecord;
import dev.parallax.history.HistoryWrite;
import dev.parallax.history.StoredFinding;
import dev.parallax.privacy.Decision;
import dev.parallax.privacy.Destination;
import dev.parallax.privacy.EntityType;
import dev.parallax.privacy.Finding;
import dev.parallax.privacy.PrivacyAction;
import dev.parallax.privacy.PrivacyConfig;
import dev.parallax.privacy.PrivacyGate;
import dev.parallax.privacy.PrivacyPolicy;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * The privacy side of the run path: asks the gate about a run's messages, applies the policy, and writes every
 * decision (and every refusal) to the audit, without the values found.
 */
public final class RunPrivacy {

    /** What the gate and the policy said about one run, with the findings of each message for redaction. */
    record Verdict(RoutingDecision decision, List<List<Finding>> perMessage, Optional<PrivacyConfig> config) {
    }

    private final Optional<PrivacyGate> gate;
    private final Optional<AuditRepository> audit;
    private final Clock clock;

    public RunPrivacy(PrivacyGate gate, AuditRepository audit, Clock clock) {
        this(Optional.of(gate), Optional.of(audit), clock);
    }

    private RunPrivacy(Optional<PrivacyGate> gate, Optional<AuditRepository> audit, Clock clock) {
        this.gate = gate;
        this.audit = audit;
        this.clock = clock;
    }

    /** No gate: every run goes where it was sent. Only for services built without one (tests of other parts). */
    public static RunPrivacy unchecked() {
        return new RunPrivacy(Optional.empty(), Optional.empty(), Clock.systemUTC());
    }

    Optional<AuditRepository> audit() {
        return audit;
    }

    /** The gate's findings for each message of {@code spec}, and the settings it read (empty when unreadable). */
    Verdict scan(RunSpec spec, RunOptions options) {
        if (gate.isEmpty()) {
            return new Verdict(new RoutingDecision(spec.target(), spec.target(), "unchecked", PrivacyAction.ALLOW,
                    options.label(), List.of(), 0, OptionalDouble.empty(), Optional.empty(), List.of()), List.of(),
                    Optional.empty());
        }
        PrivacyGate.Scan scan = gate.get().scan(spec.messages().stream().map(ChatMessage::content).toList(),
                options.dismissals());
        RoutingDecision d = new RoutingDecision(spec.target(), spec.target(), "", PrivacyAction.ALLOW, options.label(),
                scan.all(), 0, OptionalDouble.of(scan.gateMs()), scan.undecided(), scan.dismissed());
        return new Verdict(d, scan.perText(), scan.config());
    }

    /** The policy's decision for a cloud target. */
    Verdict decide(RunSpec spec, boolean onThisMachine, RunOptions options) {
        Verdict v = scan(spec, options);
        if (gate.isEmpty()) {
            return v;
        }
        RoutingDecision s = v.decision();
        PrivacyPolicy policy = v.config().map(PrivacyConfig::policy).orElse(PrivacyPolicy.defaults());
        Decision d = PrivacyGate.dismissedRule(policy.decide(new Destination(spec.target().provider(), onThisMachine),
                s.findings(), s.undecided(), options.label(), options.policyOverride()), s.dismissed());
        List<List<Finding>> relevant = v.perMessage().stream().map(policy::relevant).toList();
        return new Verdict(new RoutingDecision(s.requested(), s.chosen(), d.rule(), d.action(), s.label(), s.findings(),
                0, s.gateMs(), s.undecided(), s.dismissed()), relevant, v.config());
    }

    /**
     * The local model a run that must stay here goes to.
     *
     * @throws RunRejectedException when none is set; the refusal is audited
     */
    Target localTarget(RoutingDecision decision) throws RunRejectedException {
        Optional<String> model = Optional.empty();
        if (gate.isPresent()) {
            try {
                model = gate.get().settings().load().localModel();
            } catch (RuntimeException e) {
                model = Optional.empty();
            }
        }
        if (model.isPresent()) {
            return Target.local(model.get());
        }
        String message = refusal(decision) + " No local model is set to run it instead: set one with "
                + "'parallax privacy set --local-model NAME' (or run it on a local:MODEL target).";
        refused(decision, message);
        throw new RunRejectedException(message);
    }

    /** Why a run may not leave, in words, without any value found. */
    static String refusal(RoutingDecision d) {
        String provider = d.requested().provider();
        return switch (d.rule()) {
            case "gate_undecided" -> "The privacy gate could not check this prompt (" + d.undecided().orElse("unknown reason")
                    + "), so it was not sent to " + provider + ".";
            case "label_local_only" -> "This run is labelled local-only, so it was not sent to " + provider + ".";
            default -> "This prompt contains " + describe(d.findings()) + " (found on this machine); the privacy policy for "
                    + provider + " is local-only, so it was not sent.";
        };
    }

    /** "2 e-mail addresses and a payment card". */
    static String describe(List<Finding> findings) {
        Map<EntityType, Integer> counts = new LinkedHashMap<>();
        findings.forEach(f -> counts.merge(f.type(), 1, Integer::sum));
        List<String> parts = new ArrayList<>();
        counts.forEach((t, n) -> parts.add(n + " × " + t.label()));
        return parts.isEmpty() ? "nothing sensitive" : String.join(", ", parts);
    }

    void refused(RoutingDecision d, String message) {
        audit.ifPresent(a -> a.record(new AuditEvent(0, clock.instant(), "refused", Optional.empty(),
                Optional.of(d.requested().toString()), Optional.empty(), Optional.of(d.rule()), Optional.of(d.action().label()),
                stored(d), 0, Optional.of(message))));
    }

    /** Writes the decision of a started run. */
    /** The write that records a run's routing decision in the audit (none when no audit is kept). */
    Optional<HistoryWrite> decisionWrite(String runId, RoutingDecision d, Instant at) {
        return audit.map(a -> a.decisionWrite(new DecisionRecord(runId, at, d.requested().toString(),
                d.chosen().toString(), d.rule(), d.action().label(), d.label().label(), stored(d), d.redactions(),
                d.gateMs(), d.undecided())));
    }

    /** The findings that counted, then those the user dismissed (marked as such); spans only, never values. */
    static List<StoredFinding> stored(RoutingDecision d) {
        List<StoredFinding> out = new ArrayList<>(stored(d.findings()));
        d.dismissed().forEach(f -> out.add(new StoredFinding(f.type().label(), f.start(), f.end(), f.confidence(),
                f.detector(), true)));
        return out;
    }

    static List<StoredFinding> stored(List<Finding> findings) {
        return findings.stream().map(f -> new StoredFinding(f.type().label(), f.start(), f.end(), f.confidence(),
                f.detector())).toList();
    }
}
