package dev.parallax.history;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;

/** The run_decisions and audit tables, and the cloud spend the router's budget rule reads. */
public final class AuditRepository {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HistoryDatabase db;

    public AuditRepository(HistoryDatabase db) {
        this.db = Objects.requireNonNull(db, "db");
    }

    /** Stores a run's routing decision and its audit line, in one transaction; the run's row must exist. */
    public void recordDecision(DecisionRecord d) {
        db.commit(List.of(decisionWrite(d)));
    }

    /**
     * A run's routing decision and its audit line, to commit with other writes; the run's row must exist by then
     * (commit it with the run's start row).
     */
    public HistoryWrite decisionWrite(DecisionRecord d) {
        String insert = "INSERT INTO run_decisions (run_id, decided_at, requested_target, chosen_target, rule, action, "
                + "label, findings_json, findings_count, redactions, gate_ms, undecided) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
        return new HistoryWrite("save the routing decision of run " + d.runId(), c -> {
            try (PreparedStatement ps = c.prepareStatement(insert)) {
                ps.setString(1, d.runId());
                ps.setObject(2, OffsetDateTime.ofInstant(d.decidedAt(), ZoneOffset.UTC));
                ps.setString(3, d.requestedTarget());
                ps.setString(4, d.chosenTarget());
                ps.setString(5, d.rule());
                ps.setString(6, d.action());
                ps.setString(7, d.label());
                ps.setString(8, json(d.findings()));
                ps.setInt(9, counted(d.findings()));
                ps.setInt(10, d.redactions());
                if (d.gateMs().isPresent()) {
                    ps.setDouble(11, d.gateMs().getAsDouble());
                } else {
                    ps.setNull(11, Types.DOUBLE);
                }
                ps.setString(12, d.undecided().orElse(null));
                ps.executeUpdate();
            }
            insertEvent(c, new AuditEvent(0, d.decidedAt(), "run", Optional.of(d.runId()), Optional.of(d.requestedTarget()),
                    Optional.of(d.chosenTarget()), Optional.of(d.rule()), Optional.of(d.action()), d.findings(),
                    d.redactions(), d.undecided()));
        });
    }

    /** Adds one line to the audit. */
    public void record(AuditEvent e) {
        try (Connection c = db.connection()) {
            insertEvent(c, e);
        } catch (SQLException ex) {
            throw failure("add to the privacy audit", ex);
        }
    }

    private static void insertEvent(Connection c, AuditEvent e) throws SQLException {
        String sql = "INSERT INTO audit (at, event, run_id, requested_target, chosen_target, rule, action, findings_json, "
                + "findings_count, redactions, detail) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setObject(1, OffsetDateTime.ofInstant(e.at(), ZoneOffset.UTC));
            ps.setString(2, e.event());
            ps.setString(3, e.runId().orElse(null));
            ps.setString(4, e.requestedTarget().orElse(null));
            ps.setString(5, e.chosenTarget().orElse(null));
            ps.setString(6, e.rule().orElse(null));
            ps.setString(7, e.action().orElse(null));
            ps.setString(8, e.findings().isEmpty() ? null : json(e.findings()));
            ps.setInt(9, counted(e.findings()));
            ps.setInt(10, e.redactions());
            ps.setString(11, e.detail().orElse(null));
            ps.executeUpdate();
        }
    }

    public Optional<DecisionRecord> decision(String runId) {
        try (Connection c = db.connection();
             PreparedStatement ps = c.prepareStatement("SELECT * FROM run_decisions WHERE run_id = ?")) {
            ps.setString(1, runId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(decision(rs)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw failure("read the routing decision of run " + runId, e);
        }
    }

    /** The routing decisions stored for these runs, by run id (runs without one are absent). */
    public java.util.Map<String, DecisionRecord> decisions(java.util.Collection<String> runIds) {
        java.util.Map<String, DecisionRecord> out = new java.util.LinkedHashMap<>();
        if (runIds.isEmpty()) {
            return out;
        }
        try (Connection c = db.connection();
             PreparedStatement ps = c.prepareStatement("SELECT d.* FROM TABLE(wanted VARCHAR = ?) w JOIN run_decisions d ON d.run_id = w.wanted")) {
            ps.setObject(1, runIds.toArray(new String[0]));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    DecisionRecord d = decision(rs);
                    out.put(d.runId(), d);
                }
            }
            return out;
        } catch (SQLException e) {
            throw failure("read the routing decisions of " + runIds.size() + " run(s)", e);
        }
    }

    /** The latest audit lines, newest first, optionally of one event kind. */
    public List<AuditEvent> events(Optional<String> event, int limit) {
        String sql = "SELECT * FROM audit" + (event.isPresent() ? " WHERE event = ?" : "")
                + " ORDER BY at DESC, id DESC FETCH FIRST ? ROWS ONLY";
        try (Connection c = db.connection(); PreparedStatement ps = c.prepareStatement(sql)) {
            int i = 1;
            if (event.isPresent()) {
                ps.setString(i++, event.get());
            }
            ps.setInt(i, limit);
            List<AuditEvent> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new AuditEvent(rs.getLong("id"), instant(rs, "at"), rs.getString("event"),
                            Optional.ofNullable(rs.getString("run_id")), Optional.ofNullable(rs.getString("requested_target")),
                            Optional.ofNullable(rs.getString("chosen_target")), Optional.ofNullable(rs.getString("rule")),
                            Optional.ofNullable(rs.getString("action")), findings(rs.getString("findings_json")),
                            rs.getInt("redactions"), Optional.ofNullable(rs.getString("detail"))));
                }
            }
            return out;
        } catch (SQLException e) {
            throw failure("read the privacy audit", e);
        }
    }

    /** What runs on providers other than {@code local} have cost since {@code from} (unknown costs count as zero). */
    public BigDecimal cloudSpendSince(Instant from) {
        try (Connection c = db.connection(); PreparedStatement ps = c.prepareStatement(
                "SELECT COALESCE(SUM(cost_usd), 0) FROM runs WHERE provider <> 'local' AND created_at >= ?")) {
            ps.setObject(1, OffsetDateTime.ofInstant(from, ZoneOffset.UTC));
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getBigDecimal(1).stripTrailingZeros();
            }
        } catch (SQLException e) {
            throw failure("add up this month's cloud spend", e);
        }
    }

    private static DecisionRecord decision(ResultSet rs) throws SQLException {
        double gate = rs.getDouble("gate_ms");
        OptionalDouble gateMs = rs.wasNull() ? OptionalDouble.empty() : OptionalDouble.of(gate);
        return new DecisionRecord(rs.getString("run_id"), instant(rs, "decided_at"),
                rs.getString("requested_target"), rs.getString("chosen_target"), rs.getString("rule"),
                rs.getString("action"), rs.getString("label"), findings(rs.getString("findings_json")),
                rs.getInt("redactions"), gateMs, Optional.ofNullable(rs.getString("undecided")));
    }

    /** Findings that counted: the ones the user dismissed are stored, marked, but not counted. */
    private static int counted(List<StoredFinding> findings) {
        return (int) findings.stream().filter(f -> !f.dismissed()).count();
    }

    static String json(List<StoredFinding> findings) {
        ArrayNode a = JSON.createArrayNode();
        for (StoredFinding f : findings) {
            ObjectNode o = a.addObject();
            o.put("type", f.type());
            o.put("start", f.start());
            o.put("end", f.end());
            o.put("confidence", f.confidence());
            o.put("detector", f.detector());
            if (f.dismissed()) {
                o.put("dismissed", true);
            }
        }
        return a.toString();
    }

    static List<StoredFinding> findings(String json) {
        if (json == null) {
            return List.of();
        }
        try {
            List<StoredFinding> out = new ArrayList<>();
            for (JsonNode n : JSON.readTree(json)) {
                out.add(new StoredFinding(n.path("type").asText(), n.path("start").asInt(), n.path("end").asInt(),
                        n.path("confidence").asDouble(), n.path("detector").asText(), n.path("dismissed").asBoolean(false)));
            }
            return out;
        } catch (JsonProcessingException e) {
            throw new HistoryException("a stored list of findings is not valid JSON: " + e.getOriginalMessage(), e);
        }
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        return rs.getObject(column, OffsetDateTime.class).toInstant();
    }

    private HistoryException failure(String what, SQLException e) {
        String where = db.home().map(h -> " in " + h).orElse("");
        return new HistoryException("Could not " + what + " (history database" + where + "): " + e.getMessage(), e);
    }
}
