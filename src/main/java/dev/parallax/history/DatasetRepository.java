package dev.parallax.history;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Datasets and their rows. An import streams rows in through a {@link Writer}: batched inserts, a commit every
 * {@value #COMMIT_EVERY} rows, so a big file never sits in one transaction; until it finishes, the dataset is
 * marked incomplete (row count -1) and is neither listed nor usable, and a leftover one is removed at start-up.
 */
public final class DatasetRepository {

    static final int BATCH = 1_000;
    static final int COMMIT_EVERY = 20_000;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<List<String>> STRINGS = new TypeReference<>() { };
    private static final TypeReference<Map<String, String>> STRING_MAP = new TypeReference<>() { };
    private static final TypeReference<LinkedHashMap<String, String>> ORDERED_MAP = new TypeReference<>() { };
    private static final TypeReference<List<Map<String, Object>>> OBJECTS = new TypeReference<>() { };

    private final HistoryDatabase db;

    public DatasetRepository(HistoryDatabase db) {
        this.db = Objects.requireNonNull(db, "db");
    }

    /** Starts storing a dataset; its rows follow through the writer, which must be finished or aborted. */
    public Writer begin(String id, String name, String sourceFile, String format, Instant createdAt) {
        try {
            Connection c = db.connection();
            try {
                c.setAutoCommit(false);
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO datasets (id, name, source_file, format, "
                        + "created_at, row_count, columns_json, mapping_json, skipped_json) VALUES (?, ?, ?, ?, ?, -1, '[]', '{}', '[]')")) {
                    ps.setString(1, id);
                    ps.setString(2, name);
                    ps.setString(3, sourceFile);
                    ps.setString(4, format);
                    ps.setObject(5, OffsetDateTime.ofInstant(createdAt, ZoneOffset.UTC));
                    ps.executeUpdate();
                }
                long no;
                try (PreparedStatement ps = c.prepareStatement("SELECT no FROM datasets WHERE id = ?")) {
                    ps.setString(1, id);
                    try (ResultSet rs = ps.executeQuery()) {
                        rs.next();
                        no = rs.getLong(1);
                    }
                }
                c.commit();
                return new Writer(c, id, no);
            } catch (SQLException | RuntimeException e) {
                c.close();
                throw e;
            }
        } catch (SQLException e) {
            throw failure("start storing dataset " + name, e);
        }
    }

    /** Takes a dataset's rows in order; not thread-safe. */
    public final class Writer implements AutoCloseable {
        private final Connection c;
        private final String id;
        private final long no;
        private final PreparedStatement insert;
        private int pending;
        private int sinceCommit;
        private int count;
        private boolean done;

        private Writer(Connection c, String id, long no) throws SQLException {
            this.c = c;
            this.id = id;
            this.no = no;
            this.insert = c.prepareStatement("INSERT INTO dataset_rows (row_key, line_no, prompt, system_prompt, "
                    + "expected, tags, checks, values_json) VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
        }

        public void add(DatasetRow row) {
            try {
                insert.setLong(1, rowKey(no, row.rowNo()));
                insert.setLong(2, row.line());
                insert.setString(3, row.prompt());
                setOptional(insert, 4, row.system());
                setOptional(insert, 5, row.expected());
                setOptional(insert, 6, row.tags());
                setOptional(insert, 7, row.checks());
                insert.setString(8, json(row.values()));
                insert.addBatch();
                count++;
                if (++pending == BATCH) {
                    insert.executeBatch();
                    pending = 0;
                }
                if (++sinceCommit >= COMMIT_EVERY) {
                    c.commit();
                    sinceCommit = 0;
                }
            } catch (SQLException e) {
                throw failure("store row " + (row.rowNo() + 1) + " of dataset " + id, e);
            }
        }

        public int count() {
            return count;
        }

        /**
         * Writes the remaining rows and the dataset's facts; the dataset is usable from here on.
         *
         * @param contentSha256 the source file's sha256, so the same file imported again can be recognised
         */
        public void finish(List<String> columns, Map<String, String> mapping, List<SkippedRow> skipped,
                           Optional<String> contentSha256) {
            try {
                if (pending > 0) {
                    insert.executeBatch();
                    pending = 0;
                }
                try (PreparedStatement ps = c.prepareStatement("UPDATE datasets SET row_count = ?, columns_json = ?, "
                        + "mapping_json = ?, skipped_json = ?, content_sha256 = ? WHERE id = ?")) {
                    ps.setInt(1, count);
                    ps.setString(2, json(columns));
                    ps.setString(3, json(mapping));
                    ps.setString(4, json(skipped.stream().map(s -> Map.<String, Object>of("line", s.line(), "reason", s.reason())).toList()));
                    ps.setString(5, contentSha256.orElse(null));
                    ps.setString(6, id);
                    ps.executeUpdate();
                }
                c.commit();
                done = true;
            } catch (SQLException e) {
                throw failure("finish storing dataset " + id, e);
            }
        }

        /** Closes; a dataset that was not finished is removed with its rows. */
        @Override
        public void close() {
            try {
                insert.close();
                if (!done) {
                    c.rollback();
                    c.setAutoCommit(true);
                    delete(c, id);
                }
                c.setAutoCommit(true);
            } catch (SQLException e) {
                throw failure("clean up the unfinished dataset " + id, e);
            } finally {
                try {
                    c.close();
                } catch (SQLException e) {
                    // Giving the connection back; nothing else to do.
                }
            }
        }
    }

    private static void setOptional(PreparedStatement ps, int i, Optional<String> v) throws SQLException {
        if (v.isPresent()) {
            ps.setString(i, v.get());
        } else {
            ps.setNull(i, Types.VARCHAR);
        }
    }

    /** Removes datasets whose import never finished (Parallax stopped during it). */
    public int removeIncomplete() {
        try (Connection c = db.connection(); Statement s = c.createStatement()) {
            List<String> unfinished = new ArrayList<>();
            try (ResultSet rs = s.executeQuery("SELECT id FROM datasets WHERE row_count < 0")) {
                while (rs.next()) {
                    unfinished.add(rs.getString(1));
                }
            }
            for (String id : unfinished) {
                delete(c, id);
            }
            return unfinished.size();
        } catch (SQLException e) {
            throw failure("remove unfinished dataset imports", e);
        }
    }

    /** Every complete dataset, newest first. */
    public List<DatasetRecord> list() {
        try (Connection c = db.connection();
             PreparedStatement ps = c.prepareStatement("SELECT * FROM datasets WHERE row_count >= 0 ORDER BY created_at DESC, id");
             ResultSet rs = ps.executeQuery()) {
            List<DatasetRecord> out = new ArrayList<>();
            while (rs.next()) {
                out.add(read(rs));
            }
            return out;
        } catch (SQLException e) {
            throw failure("list datasets", e);
        }
    }

    /**
     * The newest complete dataset imported from a file with this sha256, under this name and with this mapping: the
     * same import done before.
     */
    public Optional<DatasetRecord> findImport(String contentSha256, String name, Map<String, String> mapping) {
        try (Connection c = db.connection();
             PreparedStatement ps = c.prepareStatement("SELECT * FROM datasets WHERE content_sha256 = ? AND name = ?"
                     + " AND row_count >= 0 ORDER BY created_at DESC, id")) {
            ps.setString(1, contentSha256);
            ps.setString(2, name);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    DatasetRecord d = read(rs);
                    if (d.mapping().equals(mapping)) {
                        return Optional.of(d);
                    }
                }
                return Optional.empty();
            }
        } catch (SQLException e) {
            throw failure("look for an earlier import of " + name, e);
        }
    }

    /** A complete dataset by its id, or by a unique prefix of it. */
    public Optional<DatasetRecord> find(String idOrPrefix) {
        try (Connection c = db.connection();
             PreparedStatement ps = c.prepareStatement("SELECT * FROM datasets WHERE row_count >= 0 AND id LIKE ? ORDER BY id FETCH FIRST 2 ROWS ONLY")) {
            ps.setString(1, idOrPrefix.replace("%", "").replace("_", "\\_") + "%");
            try (ResultSet rs = ps.executeQuery()) {
                List<DatasetRecord> found = new ArrayList<>();
                while (rs.next()) {
                    found.add(read(rs));
                }
                if (found.size() == 1 || (!found.isEmpty() && found.get(0).id().equals(idOrPrefix))) {
                    return Optional.of(found.get(0));
                }
                return Optional.empty();
            }
        } catch (SQLException e) {
            throw failure("read dataset " + idOrPrefix, e);
        }
    }

    /** Rows in order, from {@code offset}. */
    public List<DatasetRow> rows(String datasetId, int offset, int limit) {
        try (Connection c = db.connection()) {
            Optional<Long> no = number(c, datasetId);
            if (no.isEmpty()) {
                return List.of();
            }
            try (PreparedStatement ps = c.prepareStatement("SELECT * FROM dataset_rows WHERE row_key >= ? AND row_key < ? "
                    + "ORDER BY row_key FETCH FIRST ? ROWS ONLY")) {
                ps.setLong(1, rowKey(no.get(), Math.max(0, offset)));
                ps.setLong(2, rowKey(no.get() + 1, 0));
                ps.setInt(3, limit);
                try (ResultSet rs = ps.executeQuery()) {
                    List<DatasetRow> out = new ArrayList<>();
                    while (rs.next()) {
                        out.add(new DatasetRow((int) (rs.getLong("row_key") & 0xFFFF_FFFFL), rs.getLong("line_no"),
                                rs.getString("prompt"), Optional.ofNullable(rs.getString("system_prompt")),
                                Optional.ofNullable(rs.getString("expected")), Optional.ofNullable(rs.getString("tags")),
                                Optional.ofNullable(rs.getString("checks")), parse(rs.getString("values_json"), ORDERED_MAP)));
                    }
                    return out;
                }
            }
        } catch (SQLException e) {
            throw failure("read the rows of dataset " + datasetId, e);
        }
    }

    static long rowKey(long datasetNo, int rowNo) {
        return (datasetNo << 32) | (rowNo & 0xFFFF_FFFFL);
    }

    private static Optional<Long> number(Connection c, String id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT no FROM datasets WHERE id = ?")) {
            ps.setString(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(rs.getLong(1)) : Optional.empty();
            }
        }
    }

    /** Removes a dataset and its rows; false when there was none. Batches that used it keep their runs. */
    public boolean delete(String id) {
        try (Connection c = db.connection()) {
            return delete(c, id);
        } catch (SQLException e) {
            throw failure("delete dataset " + id, e);
        }
    }

    private static boolean delete(Connection c, String id) throws SQLException {
        Optional<Long> no = number(c, id);
        if (no.isEmpty()) {
            return false;
        }
        try (PreparedStatement rows = c.prepareStatement("DELETE FROM dataset_rows WHERE row_key >= ? AND row_key < ?");
             PreparedStatement ds = c.prepareStatement("DELETE FROM datasets WHERE id = ?")) {
            rows.setLong(1, rowKey(no.get(), 0));
            rows.setLong(2, rowKey(no.get() + 1, 0));
            rows.executeUpdate();
            ds.setString(1, id);
            return ds.executeUpdate() > 0;
        }
    }

    private static DatasetRecord read(ResultSet rs) throws SQLException {
        List<SkippedRow> skipped = new ArrayList<>();
        for (Map<String, Object> s : parse(rs.getString("skipped_json"), OBJECTS)) {
            skipped.add(new SkippedRow(((Number) s.get("line")).longValue(), String.valueOf(s.get("reason"))));
        }
        return new DatasetRecord(rs.getString("id"), rs.getString("name"), rs.getString("source_file"),
                rs.getString("format"), rs.getObject("created_at", OffsetDateTime.class).toInstant(),
                rs.getInt("row_count"), parse(rs.getString("columns_json"), STRINGS),
                parse(rs.getString("mapping_json"), STRING_MAP), skipped);
    }

    static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write JSON: " + e.getMessage(), e);
        }
    }

    static <T> T parse(String json, TypeReference<T> type) {
        try {
            return JSON.readValue(json, type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored JSON cannot be read: " + e.getMessage(), e);
        }
    }

    private HistoryException failure(String what, SQLException e) {
        String where = db.home().map(h -> " in " + h).orElse("");
        return new HistoryException("Could not " + what + " (history database" + where + "): " + e.getMessage(), e);
    }
}
