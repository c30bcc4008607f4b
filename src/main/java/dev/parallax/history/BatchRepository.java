package dev.parallax.history;

import com.fasterxml.jackson.core.type.TypeReference;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Batches and their finished items. An item is written once its run has been saved, so after a crash every
 * item in the table has a complete run and every missing one is run again on resume.
 */
public final class BatchRepository {

    private static final TypeReference<List<String>> STRINGS = new TypeReference<>() { };
    private static final TypeReference<Map<String, Integer>> LIMITS = new TypeReference<>() { };

    private final HistoryDatabase db;

    public BatchRepository(HistoryDatabase db) {
        this.db = Objects.requireNonNull(db, "db");
    }

    public void create(BatchRecord b) {
        try (Connection c = db.connection(); PreparedStatement ps = c.prepareStatement("INSERT INTO batches (id, dataset_id, "
                + "created_at, updated_at, status, stop_reason, targets_json, repeat_count, limits_json, budget_usd, "
                + "params_json, assertions_json, engine_choice) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            ps.setString(1, b.id());
            ps.setString(2, b.datasetId());
            ps.setObject(3, OffsetDateTime.ofInstant(b.createdAt(), ZoneOffset.UTC));
            ps.setObject(4, OffsetDateTime.ofInstant(b.updatedAt(), ZoneOffset.UTC));
            ps.setString(5, b.status());
            ps.setString(6, b.stopReason().orElse(null));
            ps.setString(7, DatasetRepository.json(b.targets()));
            ps.setInt(8, b.repeat());
            ps.setString(9, DatasetRepository.json(b.limits()));
            decimal(ps, 10, b.budgetUsd());
            ps.setString(11, JsonColumns.params(b.params()));
            ps.setString(12, DatasetRepository.json(b.checks()));
            ps.setString(13, b.engineChoice());
            ps.executeUpdate();
        } catch (SQLException e) {
            throw failure("save batch " + b.id(), e);
        }
    }

    /** Changes where a batch stands (and its budget, when given). Durable when this returns. */
    public void updateStatus(String id, String status, Optional<String> stopReason, Optional<BigDecimal> budgetUsd,
                             Instant at) {
        String sql = "UPDATE batches SET status = ?, stop_reason = ?, updated_at = ?"
                + (budgetUsd.isPresent() ? ", budget_usd = ?" : "") + " WHERE id = ?";
        try (Connection c = db.connection(); PreparedStatement ps = c.prepareStatement(sql)) {
            int i = 1;
            ps.setString(i++, status);
            ps.setString(i++, stopReason.orElse(null));
            ps.setObject(i++, OffsetDateTime.ofInstant(at, ZoneOffset.UTC));
            if (budgetUsd.isPresent()) {
                decimal(ps, i++, budgetUsd);
            }
            ps.setString(i, id);
            ps.executeUpdate();
        } catch (SQLException e) {
            throw failure("update batch " + id, e);
        }
    }

    /** An item whose run ended, for one (row, target, repeat). */
    public record ItemEnd(String batchId, int rowNo, int targetIndex, int repeatNo, String runId, String status,
                          Optional<BigDecimal> costUsd, Instant endedAt) {
    }

    /** Records finished items in one transaction (a later record of the same item replaces an earlier one). */
    public void recordItems(Collection<ItemEnd> items) {
        if (items.isEmpty()) {
            return;
        }
        db.commit(List.of(itemsWrite(items)));
    }

    /** Finished items, to commit with other writes (the end rows of their runs). */
    public HistoryWrite itemsWrite(Collection<ItemEnd> items) {
        List<ItemEnd> copy = List.copyOf(items);
        String what = copy.size() == 1 ? "record item " + copy.get(0).rowNo() + " of batch " + copy.get(0).batchId()
                : "record " + copy.size() + " finished item(s) of batch " + (copy.isEmpty() ? "?" : copy.get(0).batchId());
        return new HistoryWrite(what, c -> {
            try (PreparedStatement ps = c.prepareStatement("MERGE INTO batch_items (batch_id, row_no, target_index, "
                    + "repeat_no, run_id, status, cost_usd, ended_at) KEY (batch_id, row_no, target_index, repeat_no) "
                    + "VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
                for (ItemEnd i : copy) {
                    ps.setString(1, i.batchId());
                    ps.setInt(2, i.rowNo());
                    ps.setInt(3, i.targetIndex());
                    ps.setInt(4, i.repeatNo());
                    ps.setString(5, i.runId());
                    ps.setString(6, i.status());
                    decimal(ps, 7, i.costUsd());
                    ps.setObject(8, OffsetDateTime.ofInstant(i.endedAt(), ZoneOffset.UTC));
                    ps.addBatch();
                }
                ps.executeBatch();
            }
        });
    }

    /** Every finished item with its run's figures, in row, target, repeat order. */
    public List<BatchItem> items(String batchId) {
        try (Connection c = db.connection(); PreparedStatement ps = c.prepareStatement("SELECT i.row_no, i.target_index, "
                + "i.repeat_no, " + RunMetrics.COLUMNS + " FROM batch_items i JOIN runs r ON r.id = i.run_id "
                + "WHERE i.batch_id = ? ORDER BY i.row_no, i.target_index, i.repeat_no")) {
            ps.setString(1, batchId);
            try (ResultSet rs = ps.executeQuery()) {
                List<BatchItem> out = new ArrayList<>();
                while (rs.next()) {
                    out.add(new BatchItem(rs.getInt("row_no"), rs.getInt("target_index"), rs.getInt("repeat_no"),
                            RunMetrics.read(rs)));
                }
                return out;
            }
        } catch (SQLException e) {
            throw failure("read the items of batch " + batchId, e);
        }
    }

    /** A batch by id or unique id prefix. */
    public Optional<BatchRecord> find(String idOrPrefix) {
        try (Connection c = db.connection(); PreparedStatement ps = c.prepareStatement(
                "SELECT * FROM batches WHERE id LIKE ? ORDER BY id FETCH FIRST 2 ROWS ONLY")) {
            ps.setString(1, idOrPrefix.replace("%", "").replace("_", "\\_") + "%");
            try (ResultSet rs = ps.executeQuery()) {
                List<BatchRecord> found = new ArrayList<>();
                while (rs.next()) {
                    found.add(read(rs));
                }
                if (found.size() == 1 || (!found.isEmpty() && found.get(0).id().equals(idOrPrefix))) {
                    return Optional.of(found.get(0));
                }
                return Optional.empty();
            }
        } catch (SQLException e) {
            throw failure("read batch " + idOrPrefix, e);
        }
    }

    /** The newest batches first. */
    public List<BatchRecord> list(int limit) {
        try (Connection c = db.connection(); PreparedStatement ps = c.prepareStatement(
                "SELECT * FROM batches ORDER BY created_at DESC, id FETCH FIRST ? ROWS ONLY")) {
            ps.setInt(1, limit);
            try (ResultSet rs = ps.executeQuery()) {
                List<BatchRecord> out = new ArrayList<>();
                while (rs.next()) {
                    out.add(read(rs));
                }
                return out;
            }
        } catch (SQLException e) {
            throw failure("list batches", e);
        }
    }

    /** How many items each batch has finished, by batch id. */
    public Map<String, Integer> finishedCounts() {
        try (Connection c = db.connection(); PreparedStatement ps = c.prepareStatement(
                "SELECT batch_id, COUNT(*) FROM batch_items GROUP BY batch_id");
             ResultSet rs = ps.executeQuery()) {
            Map<String, Integer> out = new java.util.HashMap<>();
            while (rs.next()) {
                out.put(rs.getString(1), rs.getInt(2));
            }
            return out;
        } catch (SQLException e) {
            throw failure("count batch items", e);
        }
    }

    /** At start-up: batches still marked running were cut off when Parallax last stopped. Returns how many. */
    public int markInterrupted(Instant at) {
        try (Connection c = db.connection(); PreparedStatement ps = c.prepareStatement(
                "UPDATE batches SET status = 'interrupted', stop_reason = ?, updated_at = ? WHERE status = 'running'")) {
            ps.setString(1, "Parallax stopped while the batch was running; resume it to run what is left");
            ps.setObject(2, OffsetDateTime.ofInstant(at, ZoneOffset.UTC));
            return ps.executeUpdate();
        } catch (SQLException e) {
            throw failure("mark unfinished batches as interrupted", e);
        }
    }

    private static BatchRecord read(ResultSet rs) throws SQLException {
        BigDecimal budget = rs.getBigDecimal("budget_usd");
        return new BatchRecord(rs.getString("id"), rs.getString("dataset_id"),
                rs.getObject("created_at", OffsetDateTime.class).toInstant(),
                rs.getObject("updated_at", OffsetDateTime.class).toInstant(), rs.getString("status"),
                Optional.ofNullable(rs.getString("stop_reason")),
                DatasetRepository.parse(rs.getString("targets_json"), STRINGS), rs.getInt("repeat_count"),
                DatasetRepository.parse(rs.getString("limits_json"), LIMITS),
                Optional.ofNullable(budget).map(BigDecimal::stripTrailingZeros), JsonColumns.params(rs.getString("params_json")),
                DatasetRepository.parse(rs.getString("assertions_json"), STRINGS), rs.getString("engine_choice"));
    }

    private static void decimal(PreparedStatement ps, int i, Optional<BigDecimal> v) throws SQLException {
        if (v.isPresent()) {
            ps.setBigDecimal(i, v.get().setScale(RunRepository.COST_SCALE, RoundingMode.HALF_EVEN));
        } else {
            ps.setNull(i, Types.DECIMAL);
        }
    }

    private HistoryException failure(String what, SQLException e) {
        String where = db.home().map(h -> " in " + h).orElse("");
        return new HistoryException("Could not " + what + " (history database" + where + "): " + e.getMessage(), e);
    }
}
