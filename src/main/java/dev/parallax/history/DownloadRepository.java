package dev.parallax.history;

import dev.parallax.core.DownloadStatus;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** The downloads and download_ranges tables. Every write is one transaction, durable when it returns. */
public final class DownloadRepository {

    public static final String INTERRUPTED_ERROR = "Parallax stopped during this download; it continues where it stopped";

    private final HistoryDatabase db;
    private final Clock clock;

    public DownloadRepository(HistoryDatabase db, Clock clock) {
        this.db = Objects.requireNonNull(db, "db");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    public void insert(DownloadRecord d) {
        String sql = "INSERT INTO downloads (id, created_at, updated_at, repo, revision, commit_sha, file_path, url,"
                + " target_path, size_bytes, sha256_expected, etag, connections, status, bytes_done, error, model_name,"
                + " group_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
        try (Connection c = db.connection()) {
            inTransaction(c, () -> {
                try (PreparedStatement ps = c.prepareStatement(sql)) {
                    int i = 1;
                    ps.setString(i++, d.id());
                    ps.setObject(i++, time(d.createdAt()));
                    ps.setObject(i++, time(d.updatedAt()));
                    ps.setString(i++, d.repo());
                    ps.setString(i++, d.revision());
                    ps.setString(i++, d.commit().orElse(null));
                    ps.setString(i++, d.filePath());
                    ps.setString(i++, d.url());
                    ps.setString(i++, d.target().toString());
                    ps.setLong(i++, d.size());
                    ps.setString(i++, d.sha256().orElse(null));
                    ps.setString(i++, d.etag().orElse(null));
                    ps.setInt(i++, d.connections());
                    ps.setString(i++, d.status().label());
                    ps.setLong(i++, d.bytesDone());
                    ps.setString(i++, d.error().orElse(null));
                    ps.setString(i++, d.modelName().orElse(null));
                    ps.setString(i, d.groupId().orElse(null));
                    ps.executeUpdate();
                }
                insertRanges(c, d.id(), d.ranges());
            });
        } catch (SQLException e) {
            throw failure("save download " + d.id(), e);
        }
    }

    /** A new status, with an error message for failed and interrupted ones (cleared otherwise). */
    public void updateStatus(String id, DownloadStatus status, Optional<String> error) {
        update(id, "UPDATE downloads SET status = ?, error = ?, updated_at = ? WHERE id = ?", ps -> {
            ps.setString(1, status.label());
            ps.setString(2, error.orElse(null));
            ps.setObject(3, time(clock.instant()));
            ps.setString(4, id);
        });
    }

    /** What the file resolved to: the pinned commit, its hash, validator and size. */
    public void updateResolved(String id, Optional<String> commit, Optional<String> sha256, Optional<String> etag, long size) {
        update(id, "UPDATE downloads SET commit_sha = ?, sha256_expected = ?, etag = ?, size_bytes = ?, updated_at = ?"
                + " WHERE id = ?", ps -> {
            ps.setString(1, commit.orElse(null));
            ps.setString(2, sha256.orElse(null));
            ps.setString(3, etag.orElse(null));
            ps.setLong(4, size);
            ps.setObject(5, time(clock.instant()));
            ps.setString(6, id);
        });
    }

    /** The bytes done of some ranges (those that moved), and the total, in one transaction. */
    public void saveProgress(String id, Collection<DownloadRecord.ByteRange> changed, long bytesDone) {
        try (Connection c = db.connection()) {
            inTransaction(c, () -> {
                try (PreparedStatement ps = c.prepareStatement(
                        "UPDATE download_ranges SET done_bytes = ? WHERE download_id = ? AND idx = ?")) {
                    for (DownloadRecord.ByteRange r : changed) {
                        ps.setLong(1, r.done());
                        ps.setString(2, id);
                        ps.setInt(3, r.index());
                        ps.addBatch();
                    }
                    ps.executeBatch();
                }
                try (PreparedStatement ps = c.prepareStatement(
                        "UPDATE downloads SET bytes_done = ?, updated_at = ? WHERE id = ?")) {
                    ps.setLong(1, bytesDone);
                    ps.setObject(2, time(clock.instant()));
                    ps.setString(3, id);
                    ps.executeUpdate();
                }
            });
        } catch (SQLException e) {
            throw failure("save the progress of download " + id, e);
        }
    }

    /** A new plan of ranges (a fresh start, or one stream instead of several). */
    public void replaceRanges(String id, List<DownloadRecord.ByteRange> ranges) {
        long done = ranges.stream().mapToLong(DownloadRecord.ByteRange::done).sum();
        try (Connection c = db.connection()) {
            inTransaction(c, () -> {
                try (PreparedStatement ps = c.prepareStatement("DELETE FROM download_ranges WHERE download_id = ?")) {
                    ps.setString(1, id);
                    ps.executeUpdate();
                }
                insertRanges(c, id, ranges);
                try (PreparedStatement ps = c.prepareStatement(
                        "UPDATE downloads SET bytes_done = ?, updated_at = ? WHERE id = ?")) {
                    ps.setLong(1, done);
                    ps.setObject(2, time(clock.instant()));
                    ps.setString(3, id);
                    ps.executeUpdate();
                }
            });
        } catch (SQLException e) {
            throw failure("plan download " + id, e);
        }
    }

    public void complete(String id, String modelName) {
        update(id, "UPDATE downloads SET status = ?, error = NULL, model_name = ?, bytes_done = size_bytes, updated_at = ?"
                + " WHERE id = ?", ps -> {
            ps.setString(1, DownloadStatus.COMPLETED.label());
            ps.setString(2, modelName);
            ps.setObject(3, time(clock.instant()));
            ps.setString(4, id);
        });
    }

    /** At start-up: downloads that were moving when Parallax stopped become interrupted. Returns how many. */
    public int markInterrupted() {
        try (Connection c = db.connection(); PreparedStatement ps = c.prepareStatement(
                "UPDATE downloads SET status = ?, error = ?, updated_at = ? WHERE status IN (?, ?, ?)")) {
            ps.setString(1, DownloadStatus.INTERRUPTED.label());
            ps.setString(2, INTERRUPTED_ERROR);
            ps.setObject(3, time(clock.instant()));
            ps.setString(4, DownloadStatus.RUNNING.label());
            ps.setString(5, DownloadStatus.VERIFYING.label());
            ps.setString(6, DownloadStatus.QUEUED.label());
            return ps.executeUpdate();
        } catch (SQLException e) {
            throw failure("mark unfinished downloads as interrupted", e);
        }
    }

    public Optional<DownloadRecord> find(String id) {
        List<DownloadRecord> found = query("SELECT * FROM downloads WHERE id = ?", List.of(id));
        return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0));
    }

    /** The newest download of this file of this repository, whatever its status. */
    public Optional<DownloadRecord> latest(String repo, String filePath) {
        List<DownloadRecord> found = query("SELECT * FROM downloads WHERE repo = ? AND file_path = ?"
                + " ORDER BY created_at DESC, id DESC FETCH FIRST 1 ROWS ONLY", List.of(repo, filePath));
        return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0));
    }

    /** The newest downloads first. */
    public List<DownloadRecord> recent(int limit) {
        return query("SELECT * FROM downloads ORDER BY created_at DESC, id DESC FETCH FIRST " + Math.max(0, limit)
                + " ROWS ONLY", List.of());
    }

    public List<DownloadRecord> inGroup(String groupId) {
        return query("SELECT * FROM downloads WHERE group_id = ? ORDER BY file_path", List.of(groupId));
    }

    public boolean delete(String id) {
        try (Connection c = db.connection(); PreparedStatement ps = c.prepareStatement("DELETE FROM downloads WHERE id = ?")) {
            ps.setString(1, id);
            return ps.executeUpdate() > 0;
        } catch (SQLException e) {
            throw failure("delete download " + id, e);
        }
    }

    private List<DownloadRecord> query(String sql, List<String> args) {
        try (Connection c = db.connection(); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < args.size(); i++) {
                ps.setString(i + 1, args.get(i));
            }
            List<DownloadRecord> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(read(rs, ranges(c, rs.getString("id"))));
                }
            }
            return out;
        } catch (SQLException e) {
            throw failure("read downloads", e);
        }
    }

    private static List<DownloadRecord.ByteRange> ranges(Connection c, String id) throws SQLException {
        List<DownloadRecord.ByteRange> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT idx, start_byte, end_byte, done_bytes FROM download_ranges"
                + " WHERE download_id = ? ORDER BY idx")) {
            ps.setString(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new DownloadRecord.ByteRange(rs.getInt(1), rs.getLong(2), rs.getLong(3), rs.getLong(4)));
                }
            }
        }
        return out;
    }

    private static DownloadRecord read(ResultSet rs, List<DownloadRecord.ByteRange> ranges) throws SQLException {
        return new DownloadRecord(rs.getString("id"), instant(rs, "created_at"), instant(rs, "updated_at"),
                rs.getString("repo"), rs.getString("revision"), Optional.ofNullable(rs.getString("commit_sha")),
                rs.getString("file_path"), rs.getString("url"), Path.of(rs.getString("target_path")),
                rs.getLong("size_bytes"), Optional.ofNullable(rs.getString("sha256_expected")),
                Optional.ofNullable(rs.getString("etag")), rs.getInt("connections"),
                DownloadStatus.of(rs.getString("status")), rs.getLong("bytes_done"),
                Optional.ofNullable(rs.getString("error")), Optional.ofNullable(rs.getString("model_name")),
                Optional.ofNullable(rs.getString("group_id")), ranges);
    }

    private static void insertRanges(Connection c, String id, List<DownloadRecord.ByteRange> ranges) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO download_ranges (download_id, idx, start_byte, end_byte, done_bytes) VALUES (?, ?, ?, ?, ?)")) {
            for (DownloadRecord.ByteRange r : ranges) {
                ps.setString(1, id);
                ps.setInt(2, r.index());
                ps.setLong(3, r.start());
                ps.setLong(4, r.end());
                ps.setLong(5, r.done());
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    private interface Binder {
        void bind(PreparedStatement ps) throws SQLException;
    }

    private interface Work {
        void run() throws SQLException;
    }

    private void update(String id, String sql, Binder binder) {
        try (Connection c = db.connection(); PreparedStatement ps = c.prepareStatement(sql)) {
            binder.bind(ps);
            ps.executeUpdate();
        } catch (SQLException e) {
            throw failure("update download " + id, e);
        }
    }

    private static void inTransaction(Connection c, Work work) throws SQLException {
        c.setAutoCommit(false);
        try {
            work.run();
            c.commit();
        } catch (SQLException | RuntimeException e) {
            c.rollback();
            throw e;
        } finally {
            c.setAutoCommit(true);
        }
    }

    private static java.time.OffsetDateTime time(Instant instant) {
        return instant.atOffset(java.time.ZoneOffset.UTC);
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        java.time.OffsetDateTime t = rs.getObject(column, java.time.OffsetDateTime.class);
        return t == null ? Instant.EPOCH : t.toInstant();
    }

    private static HistoryException failure(String what, SQLException e) {
        return new HistoryException("Could not " + what + " in the history database: " + e.getMessage(), e);
    }

}
