package dev.parallax.history;

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
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;

import dev.parallax.core.EngineTimings;
import dev.parallax.core.HostFacts;
import dev.parallax.core.ModelIdentity;
import dev.parallax.core.PromptMode;
import dev.parallax.core.RunResult;
import dev.parallax.core.RunSpec;
import dev.parallax.core.RunStatus;
import dev.parallax.core.Target;
import dev.parallax.core.Timings;
import dev.parallax.core.Usage;
import dev.parallax.core.UsageBasis;

/**
 * The runs table. A run is written twice: a row with status {@code running} when it starts, and the whole
 * result in one transaction when it ends, so a crash in between leaves an interrupted run, never a hole.
 */
public final class RunRepository {

    public static final String INTERRUPTED_ERROR = "Parallax stopped before this run ended";

    /** Scale of cost_usd: enough for the price of a single token. */
    static final int COST_SCALE = 10;

    private static final List<String> START_COLUMNS = List.of(
            "started_at", "status", "target", "provider", "model_name", "model_file", "model_sha256",
            "quantization", "architecture", "engine", "engine_build", "prompt", "system_prompt",
            "messages_json", "mode", "params_json", "host_cpu", "host_cores", "host_ram_bytes", "host_os",
            "parallax_version");

    private static final List<String> END_COLUMNS = List.of(
            "ended_at", "output_text", "error", "prompt_tokens", "completion_tokens", "usage_basis", "queue_ms",
            "model_load_ms", "ttft_ms", "total_ms", "prompt_tps", "completion_tps", "engine_prompt_tokens",
            "engine_prompt_ms", "engine_gen_tokens", "engine_gen_ms", "cost_usd", "cost_basis",
            "attempts", "retry_wait_ms", "headers_ms", "first_byte_ms", "ttft_from_send_ms", "cached_prompt_tokens",
            "stop_reason", "provider_timings_json", "cost_inputs_json");

    private static final String INSERT_START = insert(START_COLUMNS);
    private static final String INSERT_FULL = insert(concat(START_COLUMNS, END_COLUMNS));
    /**
     * What a run's end changes in its start row: not its spec (prompt, messages, parameters: several large texts,
     * the same at the end as at the start), nor the host or the time it started.
     */
    private static final List<String> CHANGED_AT_END = List.of(
            "status", "model_name", "model_file", "model_sha256", "quantization", "architecture", "engine",
            "engine_build");
    private static final String UPDATE_END = "UPDATE runs SET "
            + String.join(" = ?, ", concat(CHANGED_AT_END, END_COLUMNS)) + " = ? WHERE id = ?";
    private static final String ORDER = " ORDER BY created_at DESC, id DESC";

    private final HistoryDatabase db;

    public RunRepository(HistoryDatabase db) {
        this.db = Objects.requireNonNull(db, "db");
    }

    /**
     * Records that a run has begun, and {@code alongside} (its routing decision) in the same commit. Durable when
     * this returns.
     */
    public void recordStart(String runId, RunSpec spec, ModelIdentity model, HostFacts host, Instant startedAt,
                            HistoryWrite... alongside) {
        db.commit(with(startWrite(runId, spec, model, host, startedAt), alongside));
    }

    /** The start row of a run, with status {@code running}, to commit with other writes. */
    public HistoryWrite startWrite(String runId, RunSpec spec, ModelIdentity model, HostFacts host, Instant startedAt) {
        return new HistoryWrite("save the start of run " + runId, c -> {
            try (PreparedStatement ps = c.prepareStatement(INSERT_START)) {
                Binder b = new Binder(ps);
                b.string(runId);
                b.instant(startedAt);
                bindStart(b, spec, model, host, startedAt, RunStatus.RUNNING);
                ps.executeUpdate();
            }
        });
    }

    /** Records how a run ended, with the cost the result carries (unknown when it carries none). */
    public void recordEnd(RunResult result) {
        recordEnd(result, result.cost().map(c -> c.usd()), result.cost().map(c -> c.basis().label()));
    }

    /**
     * Records everything about an ended run, and {@code alongside} (the batch item it finishes), in one transaction.
     * Without a start row (its start was never recorded) the row is created whole. With one, the spec stays the one
     * the start row has: a run's spec does not change while it runs.
     */
    public void recordEnd(RunResult result, Optional<BigDecimal> costUsd, Optional<String> costBasis,
                          HistoryWrite... alongside) {
        db.commit(with(endWrite(result, costUsd, costBasis), alongside));
    }

    /** The whole row of an ended run, to commit with other writes. */
    public HistoryWrite endWrite(RunResult result, Optional<BigDecimal> costUsd, Optional<String> costBasis) {
        if (!result.status().isFinal()) {
            throw new IllegalArgumentException("run " + result.runId() + " has not ended: its status is "
                    + result.status().label());
        }
        return new HistoryWrite("save the result of run " + result.runId(), c -> {
            int updated;
            try (PreparedStatement ps = c.prepareStatement(UPDATE_END)) {
                Binder b = new Binder(ps);
                bindChangedAtEnd(b, result);
                bindEnd(b, result, costUsd, costBasis);
                b.string(result.runId());
                updated = ps.executeUpdate();
            }
            if (updated == 0) {
                try (PreparedStatement ps = c.prepareStatement(INSERT_FULL)) {
                    bindInsertFull(new Binder(ps), result, costUsd, costBasis);
                    ps.executeUpdate();
                }
            }
        });
    }

    private static List<HistoryWrite> with(HistoryWrite first, HistoryWrite... more) {
        List<HistoryWrite> all = new ArrayList<>(1 + more.length);
        all.add(first);
        all.addAll(List.of(more));
        return all;
    }

    /** Inserts finished runs (an import) in one transaction, all or none; their cost is unknown. */
    public void insertAll(Collection<RunResult> results) {
        try (Connection c = db.connection()) {
            inTransaction(c, () -> {
                try (PreparedStatement ps = c.prepareStatement(INSERT_FULL)) {
                    int pending = 0;
                    for (RunResult r : results) {
                        bindInsertFull(new Binder(ps), r, Optional.empty(), Optional.empty());
                        ps.addBatch();
                        if (++pending == 1000) {
                            ps.executeBatch();
                            pending = 0;
                        }
                    }
                    if (pending > 0) {
                        ps.executeBatch();
                    }
                }
            });
        } catch (SQLException e) {
            throw failure("import " + results.size() + " runs", e);
        }
    }

    /**
     * At start-up, before any run begins: every run still marked running was cut off when Parallax last
     * stopped, so it becomes interrupted. Returns how many.
     */
    public int markInterrupted() {
        try (Connection c = db.connection();
             PreparedStatement ps = c.prepareStatement("UPDATE runs SET status = ?, error = ? WHERE status = ?")) {
            ps.setString(1, RunStatus.INTERRUPTED.label());
            ps.setString(2, INTERRUPTED_ERROR);
            ps.setString(3, RunStatus.RUNNING.label());
            return ps.executeUpdate();
        } catch (SQLException e) {
            throw failure("mark unfinished runs as interrupted", e);
        }
    }

    public Optional<RunRecord> find(String runId) {
        try (Connection c = db.connection();
             PreparedStatement ps = c.prepareStatement("SELECT * FROM runs WHERE id = ?")) {
            ps.setString(1, runId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(read(rs)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw failure("read run " + runId, e);
        }
    }

    /**
     * The runs whose id starts with {@code prefix} (an id, or its first characters as a table shows them), at most
     * {@code limit} of them: one when the prefix names a run, more when it is ambiguous.
     */
    public List<RunRecord> findByPrefix(String prefix, int limit) {
        try (Connection c = db.connection();
             PreparedStatement ps = c.prepareStatement("SELECT * FROM runs WHERE id LIKE ? ESCAPE '\\' ORDER BY id LIMIT ?")) {
            ps.setString(1, prefix.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%");
            ps.setInt(2, limit);
            try (ResultSet rs = ps.executeQuery()) {
                List<RunRecord> out = new ArrayList<>();
                while (rs.next()) {
                    out.add(read(rs));
                }
                return out;
            }
        } catch (SQLException e) {
            throw failure("find runs starting with " + prefix, e);
        }
    }

    /** The runs with these ids that exist, in the order of {@code runIds}. */
    public List<RunRecord> findAll(List<String> runIds) {
        if (runIds.isEmpty()) {
            return List.of();
        }
        try (Connection c = db.connection();
             PreparedStatement ps = c.prepareStatement("SELECT r.* FROM TABLE(wanted VARCHAR = ?) w JOIN runs r ON r.id = w.wanted")) {
            ps.setObject(1, runIds.toArray(new String[0]));
            java.util.Map<String, RunRecord> byId = new java.util.HashMap<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    RunRecord r = read(rs);
                    byId.put(r.id(), r);
                }
            }
            List<RunRecord> out = new ArrayList<>();
            for (String id : runIds) {
                RunRecord r = byId.remove(id);
                if (r != null) {
                    out.add(r);
                }
            }
            return out;
        } catch (SQLException e) {
            throw failure("read " + runIds.size() + " run(s)", e);
        }
    }

    /** The machine, engine and cost inputs of these runs (what a report's summary needs), without their texts. */
    public List<RunFacts> facts(Collection<String> runIds) {
        if (runIds.isEmpty()) {
            return List.of();
        }
        try (Connection c = db.connection(); PreparedStatement ps = c.prepareStatement("SELECT r.id, r.started_at, r.provider, "
                + "r.engine, r.engine_build, r.host_cpu, r.host_cores, r.host_ram_bytes, r.host_os, r.parallax_version, "
                + "r.cost_inputs_json FROM TABLE(wanted VARCHAR = ?) w JOIN runs r ON r.id = w.wanted")) {
            ps.setObject(1, runIds.toArray(new String[0]));
            List<RunFacts> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new RunFacts(rs.getString("id"), instant(rs, "started_at").orElseThrow(),
                            rs.getString("provider"), nz(rs.getString("engine")), nz(rs.getString("engine_build")),
                            new HostFacts(rs.getString("host_cpu"), rs.getInt("host_cores"), rs.getLong("host_ram_bytes"),
                                    rs.getString("host_os"), rs.getString("parallax_version")),
                            JsonColumns.strings(rs.getString("cost_inputs_json"))));
                }
            }
            return out;
        } catch (SQLException e) {
            throw failure("read the facts of " + runIds.size() + " run(s)", e);
        }
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }

    /** The newest runs, newest first. */
    public List<RunRecord> recent(int limit) {
        return page(HistoryQuery.all(), 0, limit);
    }

    /** Runs matching {@code query}, newest first, skipping {@code offset} of them. */
    public List<RunRecord> page(HistoryQuery query, int offset, int limit) {
        if (offset < 0 || limit < 0) {
            throw new IllegalArgumentException("offset and limit must be 0 or more, not " + offset + " and " + limit);
        }
        Where where = Where.of(query);
        // Skip the offset in a query of ids only, then read whole rows for the page alone: on a filtered page
        // deep in 100k runs this measured about 4x faster than SELECT * ... OFFSET (HistoryPagingPerformanceTest).
        String sql = "SELECT r.* FROM runs r JOIN (SELECT id FROM runs" + where.sql + ORDER
                + " OFFSET ? ROWS FETCH NEXT ? ROWS ONLY) p ON r.id = p.id ORDER BY r.created_at DESC, r.id DESC";
        try (Connection c = db.connection(); PreparedStatement ps = c.prepareStatement(sql)) {
            int i = where.bind(ps);
            ps.setInt(i++, offset);
            ps.setInt(i, limit);
            List<RunRecord> records = new ArrayList<>(Math.min(limit, 1000));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    records.add(read(rs));
                }
            }
            return records;
        } catch (SQLException e) {
            throw failure("read the run history", e);
        }
    }

    public long count(HistoryQuery query) {
        Where where = Where.of(query);
        try (Connection c = db.connection();
             PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM runs" + where.sql)) {
            where.bind(ps);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        } catch (SQLException e) {
            throw failure("count the run history", e);
        }
    }

    /** Every target that has runs, sorted: the choices of a history filter. */
    public List<String> targets() {
        try (Connection c = db.connection();
             PreparedStatement ps = c.prepareStatement("SELECT DISTINCT target FROM runs ORDER BY target")) {
            List<String> targets = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    targets.add(rs.getString(1));
                }
            }
            return targets;
        } catch (SQLException e) {
            throw failure("list the targets in the run history", e);
        }
    }

    /** Deletes a run; false when there was none with this id. */
    public boolean delete(String runId) {
        try (Connection c = db.connection(); PreparedStatement ps = c.prepareStatement("DELETE FROM runs WHERE id = ?")) {
            ps.setString(1, runId);
            return ps.executeUpdate() > 0;
        } catch (SQLException e) {
            throw failure("delete run " + runId, e);
        }
    }

    private static void bindStart(Binder b, RunSpec spec, ModelIdentity model, HostFacts host, Instant startedAt,
                                  RunStatus status) throws SQLException {
        Target target = spec.target();
        b.instant(startedAt);
        b.string(status.label());
        b.string(target.toString());
        b.string(target.provider());
        bindModel(b, model);
        b.string(spec.prompt());
        b.orNull(spec.systemPrompt());
        b.string(JsonColumns.messages(spec.messages()));
        b.string(spec.mode().name().toLowerCase(java.util.Locale.ROOT));
        b.string(JsonColumns.params(spec.params()));
        b.string(host.cpuModel());
        b.integer(host.cores());
        b.longValue(host.ramBytes());
        b.string(host.os());
        b.string(host.parallaxVersion());
    }

    private static void bindInsertFull(Binder b, RunResult r, Optional<BigDecimal> costUsd, Optional<String> costBasis)
            throws SQLException {
        b.string(r.runId());
        b.instant(r.startedAt());
        bindFull(b, r, costUsd, costBasis);
    }

    private static void bindFull(Binder b, RunResult r, Optional<BigDecimal> costUsd, Optional<String> costBasis)
            throws SQLException {
        bindStart(b, r.spec(), r.model(), r.host(), r.startedAt(), r.status());
        bindEnd(b, r, costUsd, costBasis);
    }

    /** In the order of {@link #CHANGED_AT_END}. */
    private static void bindChangedAtEnd(Binder b, RunResult r) throws SQLException {
        b.string(r.status().label());
        bindModel(b, r.model());
    }

    /** model_name … engine_build, in the order both column lists have them. */
    private static void bindModel(Binder b, ModelIdentity model) throws SQLException {
        b.orNull(model.name());
        b.orNull(model.file());
        b.orNull(model.sha256());
        b.orNull(model.quantization());
        b.orNull(model.architecture());
        b.orNull(model.engine());
        b.orNull(model.engineBuild());
    }

    /** In the order of {@link #END_COLUMNS}. */
    private static void bindEnd(Binder b, RunResult r, Optional<BigDecimal> costUsd, Optional<String> costBasis)
            throws SQLException {
        Timings t = r.timings();
        b.instant(r.endedAt());
        b.string(r.text());
        b.string(r.error().orElse(null));
        b.integer(r.usage().promptTokens());
        b.integer(r.usage().completionTokens());
        b.string(r.usage().basis().label());
        b.doubleValue(t.queueMs());
        b.optional(t.modelLoadMs());
        b.optional(t.ttftMs());
        b.doubleValue(t.totalMs());
        b.optional(t.promptTokensPerSecond());
        b.optional(t.completionTokensPerSecond());
        Optional<EngineTimings> e = t.engine();
        b.integer(e.map(EngineTimings::promptTokens).orElse(null));
        b.doubleOrNull(e.map(EngineTimings::promptMs).orElse(null));
        b.integer(e.map(EngineTimings::generatedTokens).orElse(null));
        b.doubleOrNull(e.map(EngineTimings::generationMs).orElse(null));
        b.decimal(costUsd.map(v -> v.setScale(COST_SCALE, RoundingMode.HALF_EVEN)).orElse(null));
        b.string(costBasis.orElse(null));
        b.integer(t.attempts());
        b.doubleValue(t.retryWaitMs());
        b.optional(t.headersMs());
        b.optional(t.firstByteMs());
        b.optional(t.ttftFromSendMs());
        b.integer(r.usage().cachedPromptTokens());
        b.string(r.stopReason().orElse(null));
        b.string(r.providerTimings().isEmpty() ? null : JsonColumns.numbers(r.providerTimings()));
        // The inputs belong to the cost that is stored: none when the cost is unknown.
        b.string(costUsd.isPresent() && r.cost().isPresent() && !r.cost().get().inputs().isEmpty()
                ? JsonColumns.strings(r.cost().get().inputs()) : null);
    }

    private static RunRecord read(ResultSet rs) throws SQLException {
        // Rebuilt from the provider column: Target.parse cannot tell a colon inside the provider.
        String provider = rs.getString("provider");
        Target target = new Target(provider, rs.getString("target").substring(provider.length() + 1));
        PromptMode mode = PromptMode.valueOf(rs.getString("mode").toUpperCase(java.util.Locale.ROOT));
        RunSpec spec = new RunSpec(target, JsonColumns.messages(rs.getString("messages_json")), mode,
                JsonColumns.params(rs.getString("params_json")));
        ModelIdentity model = new ModelIdentity(rs.getString("model_name"), rs.getString("model_file"),
                rs.getString("model_sha256"), rs.getString("quantization"), rs.getString("architecture"),
                rs.getString("engine"), rs.getString("engine_build"));
        HostFacts host = new HostFacts(rs.getString("host_cpu"), rs.getInt("host_cores"), rs.getLong("host_ram_bytes"),
                rs.getString("host_os"), rs.getString("parallax_version"));

        String basis = rs.getString("usage_basis");
        Usage usage = basis == null ? Usage.none()
                : new Usage(rs.getInt("prompt_tokens"), rs.getInt("completion_tokens"),
                        UsageBasis.valueOf(basis.toUpperCase(java.util.Locale.ROOT)), rs.getInt("cached_prompt_tokens"));

        Optional<EngineTimings> engine = Optional.empty();
        int enginePromptTokens = rs.getInt("engine_prompt_tokens");
        if (!rs.wasNull()) {
            engine = Optional.of(new EngineTimings(enginePromptTokens, rs.getDouble("engine_prompt_ms"),
                    rs.getInt("engine_gen_tokens"), rs.getDouble("engine_gen_ms")));
        }
        Timings timings = new Timings(rs.getDouble("queue_ms"), optionalDouble(rs, "model_load_ms"),
                optionalDouble(rs, "ttft_ms"), rs.getDouble("total_ms"), optionalDouble(rs, "prompt_tps"),
                optionalDouble(rs, "completion_tps"), engine, Math.max(1, rs.getInt("attempts")),
                rs.getDouble("retry_wait_ms"), optionalDouble(rs, "headers_ms"), optionalDouble(rs, "first_byte_ms"),
                optionalDouble(rs, "ttft_from_send_ms"));

        String output = rs.getString("output_text");
        BigDecimal cost = rs.getBigDecimal("cost_usd");
        return new RunRecord(
                rs.getString("id"),
                instant(rs, "created_at").orElseThrow(),
                instant(rs, "started_at").orElseThrow(),
                instant(rs, "ended_at"),
                RunStatus.fromLabel(rs.getString("status")),
                spec,
                model,
                output == null ? "" : output,
                Optional.ofNullable(rs.getString("error")),
                usage,
                timings,
                host,
                Optional.ofNullable(cost).map(BigDecimal::stripTrailingZeros),
                Optional.ofNullable(rs.getString("cost_basis")),
                Optional.ofNullable(rs.getString("stop_reason")),
                JsonColumns.numbers(rs.getString("provider_timings_json")),
                JsonColumns.strings(rs.getString("cost_inputs_json")));
    }

    private static Optional<Instant> instant(ResultSet rs, String column) throws SQLException {
        return Optional.ofNullable(rs.getObject(column, OffsetDateTime.class)).map(OffsetDateTime::toInstant);
    }

    private static OptionalDouble optionalDouble(ResultSet rs, String column) throws SQLException {
        double v = rs.getDouble(column);
        return rs.wasNull() ? OptionalDouble.empty() : OptionalDouble.of(v);
    }

    private interface SqlWork {
        void run() throws SQLException;
    }

    private static void inTransaction(Connection c, SqlWork work) throws SQLException {
        c.setAutoCommit(false);
        try {
            work.run();
            c.commit();
        } catch (SQLException | RuntimeException e) {
            try {
                c.rollback();
            } catch (SQLException rollback) {
                e.addSuppressed(rollback);
            }
            throw e;
        } finally {
            c.setAutoCommit(true);
        }
    }

    private HistoryException failure(String what, SQLException e) {
        String where = db.home().map(h -> " in " + h).orElse("");
        return new HistoryException("Could not " + what + " (history database" + where + "): " + e.getMessage(), e);
    }

    private static String insert(List<String> columns) {
        return "INSERT INTO runs (id, created_at, " + String.join(", ", columns) + ") VALUES (?, ?"
                + ", ?".repeat(columns.size()) + ")";
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        return List.copyOf(all);
    }

    /** The WHERE clause of a query and its parameters, bound in order. */
    private record Where(String sql, List<Object> params) {

        static Where of(HistoryQuery q) {
            List<String> terms = new ArrayList<>();
            List<Object> params = new ArrayList<>();
            q.text().ifPresent(text -> {
                String pattern = "%" + escapeLike(text) + "%";
                terms.add("(prompt ILIKE ? ESCAPE '\\' OR output_text ILIKE ? ESCAPE '\\' OR target ILIKE ? ESCAPE '\\')");
                params.add(pattern);
                params.add(pattern);
                params.add(pattern);
            });
            q.target().ifPresent(t -> {
                terms.add("target = ?");
                params.add(t);
            });
            q.status().ifPresent(s -> {
                terms.add("status = ?");
                params.add(s.label());
            });
            q.from().ifPresent(f -> {
                terms.add("created_at >= ?");
                params.add(OffsetDateTime.ofInstant(f, ZoneOffset.UTC));
            });
            q.until().ifPresent(u -> {
                terms.add("created_at < ?");
                params.add(OffsetDateTime.ofInstant(u, ZoneOffset.UTC));
            });
            return new Where(terms.isEmpty() ? "" : " WHERE " + String.join(" AND ", terms), params);
        }

        /** Binds the parameters from index 1 and returns the next free index. */
        int bind(PreparedStatement ps) throws SQLException {
            int i = 1;
            for (Object p : params) {
                ps.setObject(i++, p);
            }
            return i;
        }

        private static String escapeLike(String text) {
            return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
        }
    }

    /** Sets parameters in order, turning empty values into SQL NULL. */
    private static final class Binder {
        private final PreparedStatement ps;
        private int index = 1;

        Binder(PreparedStatement ps) {
            this.ps = ps;
        }

        void string(String v) throws SQLException {
            if (v == null) {
                ps.setNull(index++, Types.VARCHAR);
            } else {
                ps.setString(index++, v);
            }
        }

        void orNull(String v) throws SQLException {
            string(v == null || v.isEmpty() ? null : v);
        }

        void instant(Instant v) throws SQLException {
            ps.setObject(index++, OffsetDateTime.ofInstant(v, ZoneOffset.UTC));
        }

        void integer(Integer v) throws SQLException {
            if (v == null) {
                ps.setNull(index++, Types.INTEGER);
            } else {
                ps.setInt(index++, v);
            }
        }

        void longValue(long v) throws SQLException {
            ps.setLong(index++, v);
        }

        void doubleValue(double v) throws SQLException {
            ps.setDouble(index++, v);
        }

        void doubleOrNull(Double v) throws SQLException {
            if (v == null) {
                ps.setNull(index++, Types.DOUBLE);
            } else {
                ps.setDouble(index++, v);
            }
        }

        void optional(OptionalDouble v) throws SQLException {
            doubleOrNull(v.isPresent() ? v.getAsDouble() : null);
        }

        void decimal(BigDecimal v) throws SQLException {
            if (v == null) {
                ps.setNull(index++, Types.DECIMAL);
            } else {
                ps.setBigDecimal(index++, v);
            }
        }
    }
}
