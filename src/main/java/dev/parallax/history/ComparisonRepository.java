package dev.parallax.history;

import com.fasterxml.jackson.core.type.TypeReference;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/** Comparisons, saved as one entity with links to their runs, and reopened with the runs' figures. */
public final class ComparisonRepository {

    private static final TypeReference<List<String>> STRINGS = new TypeReference<>() { };

    private final HistoryDatabase db;

    public ComparisonRepository(HistoryDatabase db) {
        this.db = Objects.requireNonNull(db, "db");
    }

    /** Saves a comparison and its links in one transaction. */
    public void save(ComparisonRecord r) {
        try (Connection c = db.connection()) {
            c.setAutoCommit(false);
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO comparisons (id, created_at, prompt, system_prompt, "
                    + "targets_json, repeat_count, sequential, params_json) VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
                 PreparedStatement link = c.prepareStatement("INSERT INTO comparison_runs (comparison_id, run_id, "
                         + "target_index, repeat_no) VALUES (?, ?, ?, ?)")) {
                ps.setString(1, r.id());
                ps.setObject(2, OffsetDateTime.ofInstant(r.createdAt(), ZoneOffset.UTC));
                ps.setString(3, r.prompt());
                ps.setString(4, r.system().orElse(null));
                ps.setString(5, DatasetRepository.json(r.targets()));
                ps.setInt(6, r.repeat());
                ps.setBoolean(7, r.sequential());
                ps.setString(8, JsonColumns.params(r.params()));
                ps.executeUpdate();
                for (ComparisonRecord.Link l : r.runs()) {
                    link.setString(1, r.id());
                    link.setString(2, l.runId());
                    link.setInt(3, l.targetIndex());
                    link.setInt(4, l.repeatNo());
                    link.addBatch();
                }
                link.executeBatch();
                c.commit();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw failure("save comparison " + r.id(), e);
        }
    }

    public Optional<ComparisonRecord> find(String idOrPrefix) {
        try (Connection c = db.connection(); PreparedStatement ps = c.prepareStatement(
                "SELECT * FROM comparisons WHERE id LIKE ? ORDER BY id FETCH FIRST 2 ROWS ONLY")) {
            ps.setString(1, idOrPrefix.replace("%", "").replace("_", "\\_") + "%");
            List<ComparisonRecord> found = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    found.add(read(c, rs));
                }
            }
            if (found.size() == 1 || (!found.isEmpty() && found.get(0).id().equals(idOrPrefix))) {
                return Optional.of(found.get(0));
            }
            return Optional.empty();
        } catch (SQLException e) {
            throw failure("read comparison " + idOrPrefix, e);
        }
    }

    /** The newest comparisons first. */
    public List<ComparisonRecord> list(int limit) {
        try (Connection c = db.connection(); PreparedStatement ps = c.prepareStatement(
                "SELECT * FROM comparisons ORDER BY created_at DESC, id FETCH FIRST ? ROWS ONLY")) {
            ps.setInt(1, limit);
            List<ComparisonRecord> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(read(c, rs));
                }
            }
            return out;
        } catch (SQLException e) {
            throw failure("list comparisons", e);
        }
    }

    /** The figures of a comparison's runs, by run id, in target and repeat order. */
    public Map<String, RunMetrics> runs(String comparisonId) {
        try (Connection c = db.connection(); PreparedStatement ps = c.prepareStatement("SELECT " + RunMetrics.COLUMNS
                + " FROM comparison_runs l JOIN runs r ON r.id = l.run_id WHERE l.comparison_id = ? "
                + "ORDER BY l.target_index, l.repeat_no")) {
            ps.setString(1, comparisonId);
            Map<String, RunMetrics> out = new LinkedHashMap<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    RunMetrics m = RunMetrics.read(rs);
                    out.put(m.runId(), m);
                }
            }
            return out;
        } catch (SQLException e) {
            throw failure("read the runs of comparison " + comparisonId, e);
        }
    }

    private static ComparisonRecord read(Connection c, ResultSet rs) throws SQLException {
        String id = rs.getString("id");
        List<ComparisonRecord.Link> links = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT run_id, target_index, repeat_no FROM comparison_runs "
                + "WHERE comparison_id = ? ORDER BY target_index, repeat_no")) {
            ps.setString(1, id);
            try (ResultSet l = ps.executeQuery()) {
                while (l.next()) {
                    links.add(new ComparisonRecord.Link(l.getString(1), l.getInt(2), l.getInt(3)));
                }
            }
        }
        return new ComparisonRecord(id, rs.getObject("created_at", OffsetDateTime.class).toInstant(), rs.getString("prompt"),
                Optional.ofNullable(rs.getString("system_prompt")), DatasetRepository.parse(rs.getString("targets_json"), STRINGS),
                rs.getInt("repeat_count"), rs.getBoolean("sequential"), JsonColumns.params(rs.getString("params_json")), links);
    }

    private HistoryException failure(String what, SQLException e) {
        String where = db.home().map(h -> " in " + h).orElse("");
        return new HistoryException("Could not " + what + " (history database" + where + "): " + e.getMessage(), e);
    }
}
