package dev.parallax.history;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HistoryDatabaseTest {

    @TempDir
    Path home;

    @Test
    void migrationsApplyOnAFreshHome() throws Exception {
        try (HistoryDatabase db = HistoryDatabase.open(home); Connection c = db.connection(); Statement s = c.createStatement()) {
            assertTrue(Files.exists(home.resolve("parallax.mv.db")));
            try (ResultSet rs = s.executeQuery(
                    "SELECT \"version\", \"success\" FROM \"flyway_schema_history\" WHERE \"version\" IS NOT NULL")) {
                assertTrue(rs.next());
                assertEquals("1", rs.getString(1));
                assertTrue(rs.getBoolean(2));
            }
            Set<String> columns = names(s, "SELECT COLUMN_NAME FROM INFORMATION_SCHEMA.COLUMNS WHERE TABLE_NAME = 'RUNS'");
            for (String expected : new String[] {"ID", "CREATED_AT", "STARTED_AT", "ENDED_AT", "STATUS", "TARGET",
                    "PROVIDER", "MODEL_NAME", "MODEL_FILE", "MODEL_SHA256", "QUANTIZATION", "ARCHITECTURE", "ENGINE",
                    "ENGINE_BUILD", "PROMPT", "SYSTEM_PROMPT", "MESSAGES_JSON", "MODE", "PARAMS_JSON", "OUTPUT_TEXT",
                    "ERROR", "PROMPT_TOKENS", "COMPLETION_TOKENS", "USAGE_BASIS", "QUEUE_MS", "MODEL_LOAD_MS", "TTFT_MS",
                    "TOTAL_MS", "PROMPT_TPS", "COMPLETION_TPS", "ENGINE_PROMPT_TOKENS", "ENGINE_PROMPT_MS",
                    "ENGINE_GEN_TOKENS", "ENGINE_GEN_MS", "HOST_CPU", "HOST_CORES", "HOST_RAM_BYTES", "HOST_OS",
                    "PARALLAX_VERSION", "COST_USD", "COST_BASIS"}) {
                assertTrue(columns.contains(expected), "runs has no column " + expected);
            }
            Set<String> indexes = names(s, "SELECT INDEX_NAME FROM INFORMATION_SCHEMA.INDEXES WHERE TABLE_NAME = 'RUNS'");
            assertTrue(indexes.containsAll(Set.of("RUNS_CREATED_IDX", "RUNS_STATUS_IDX", "RUNS_TARGET_IDX")), indexes.toString());
        }
    }

    @Test
    void anUnreadableDatabaseIsLeftAloneUntilMovedAsideThenANewHistoryStarts() throws Exception {
        Path file = home.resolve("parallax.mv.db");
        byte[] garbage = new byte[100_000];
        new java.util.Random(7).nextBytes(garbage);
        for (byte[] content : new byte[][] {garbage, "not a database\n".getBytes(java.nio.charset.StandardCharsets.UTF_8)}) {
            Files.write(file, content);
            HistoryDamagedException e = assertThrows(HistoryDamagedException.class, () -> HistoryDatabase.open(home));
            assertEquals(file.toAbsolutePath().normalize(), e.file());
            assertTrue(e.getMessage().startsWith("The history database " + e.file() + " cannot be read: "), e.getMessage());
            assertTrue(e.getMessage().contains("Parallax has not changed it"), e.getMessage());
            assertFalse(e.getMessage().contains("[900"), "no H2 error codes: " + e.getMessage());
            assertTrue(java.util.Arrays.equals(content, Files.readAllBytes(file)), "the file is as it was");
        }

        java.time.Clock at = java.time.Clock.fixed(java.time.Instant.parse("2026-11-28T10:15:30Z"), java.time.ZoneOffset.UTC);
        Path aside = HistoryDatabase.moveAside(home, at);
        assertTrue(aside.getFileName().toString().startsWith("parallax.mv.db.damaged-2026112"), aside.toString());
        assertEquals("not a database\n", Files.readString(aside), "kept for recovery");
        try (HistoryDatabase db = HistoryDatabase.open(home)) {
            assertTrue(new RunRepository(db).find("r1").isEmpty(), "a new, empty history");
        }
    }

    @Test
    void reopeningAMigratedHomeKeepsItsRows() {
        try (HistoryDatabase db = HistoryDatabase.open(home)) {
            new RunRepository(db).recordEnd(SampleRuns.emptyResult("r1", java.time.Instant.parse("2025-01-01T00:00:00Z")));
        }
        try (HistoryDatabase db = HistoryDatabase.open(home)) {
            assertTrue(new RunRepository(db).find("r1").isPresent());
        }
    }

    /** A new migration must raise the version an up-to-date database is recognised by, or Flyway would never see it. */
    @Test
    void theSchemaVersionIsTheNewestMigrationShipped() throws Exception {
        int newest;
        try (var files = Files.list(Path.of("src/main/resources/db/migration"))) {
            newest = files.map(f -> f.getFileName().toString())
                    .filter(n -> n.matches("V\\d+__.*\\.sql"))
                    .mapToInt(n -> Integer.parseInt(n.substring(1, n.indexOf("__"))))
                    .max().orElseThrow();
        }
        assertEquals(newest, HistoryDatabase.SCHEMA_VERSION);
    }

    /** H2 writes failed statements to parallax.trace.db: a new home must not start with an error in it. */
    @Test
    void aNewHomeOpensWithoutAnErrorInH2sTraceFile() {
        try (HistoryDatabase db = HistoryDatabase.open(home)) {
            assertTrue(Files.exists(home.resolve("parallax.mv.db")));
        }
        try (HistoryDatabase again = HistoryDatabase.open(home)) {
            assertTrue(Files.exists(home.resolve("parallax.mv.db")));
        }
        assertFalse(Files.exists(home.resolve("parallax.trace.db")), "H2 traced an error while opening a new home");
    }

    @Test
    void anUpToDateDatabaseIsRecognisedAndAnOlderOneIsNot() throws Exception {
        try (HistoryDatabase db = HistoryDatabase.open(home); Connection c = db.connection()) {
            assertTrue(HistoryDatabase.isCurrent(c, Optional.of(home)), "every migration was just applied");
            try (Statement s = c.createStatement()) {
                s.execute("UPDATE \"flyway_schema_history\" SET \"success\" = FALSE WHERE \"version\" = '"
                        + HistoryDatabase.SCHEMA_VERSION + "'");
                assertFalse(HistoryDatabase.isCurrent(c, Optional.of(home)), "a failed migration goes to Flyway");
                s.execute("DELETE FROM \"flyway_schema_history\" WHERE \"version\" = '" + HistoryDatabase.SCHEMA_VERSION + "'");
                assertFalse(HistoryDatabase.isCurrent(c, Optional.of(home)), "a missing migration goes to Flyway");
            }
        }
        try (HistoryDatabase fresh = HistoryDatabase.inMemory(); Connection c = fresh.connection(); Statement s = c.createStatement()) {
            s.execute("DROP TABLE \"flyway_schema_history\"");
            assertFalse(HistoryDatabase.isCurrent(c, Optional.empty()), "no history table: Flyway creates it");
        }
    }

    @Test
    void aDatabaseFromANewerParallaxIsRefusedWithAReasonAndLeftAsItIs() throws Exception {
        try (HistoryDatabase db = HistoryDatabase.open(home)) {
            new RunRepository(db).recordEnd(SampleRuns.emptyResult("r1", java.time.Instant.parse("2025-01-01T00:00:00Z")));
            try (Connection c = db.connection(); Statement s = c.createStatement()) {
                s.execute("INSERT INTO \"flyway_schema_history\" (\"installed_rank\", \"version\", \"description\", \"type\","
                        + " \"script\", \"installed_by\", \"execution_time\", \"success\") VALUES (99, '"
                        + (HistoryDatabase.SCHEMA_VERSION + 1) + "', 'later', 'SQL', 'V99__later.sql', 'parallax', 1, TRUE)");
            }
        }
        HistoryException refused = assertThrows(HistoryException.class, () -> HistoryDatabase.open(home));
        assertTrue(refused.getMessage().contains("newer Parallax"), refused.getMessage());
        assertTrue(refused.getMessage().contains("--home"), refused.getMessage());
    }

    @Test
    void inMemoryDatabasesArePrivateAndMigrated() {
        try (HistoryDatabase a = HistoryDatabase.inMemory(); HistoryDatabase b = HistoryDatabase.inMemory()) {
            new RunRepository(a).recordEnd(SampleRuns.emptyResult("r1", java.time.Instant.now()));
            assertEquals(1, new RunRepository(a).count(HistoryQuery.all()));
            assertEquals(0, new RunRepository(b).count(HistoryQuery.all()));
            assertTrue(a.home().isEmpty());
        }
    }

    @Test
    void aSecondProcessOnTheSameHomeIsToldClearly() throws Exception {
        try (HistoryDatabase held = HistoryDatabase.open(home)) {
            assertTrue(held.home().isPresent());
            ChildJvm.Outcome child = ChildJvm.run(SecondInstanceMain.class, home.toString());
            assertEquals(SecondInstanceMain.LOCKED, child.exitCode(), child.output());
            String expected = "MESSAGE=Parallax is already open on " + home.toAbsolutePath().normalize()
                    + " (another window or command is using its database). Close it first, or use --home to pick"
                    + " another data folder.";
            assertTrue(child.output().contains(expected), child.output());
            assertFalse(child.output().contains("org.h2"), "no H2 stack trace reaches the user: " + child.output());
        }
        ChildJvm.Outcome after = ChildJvm.run(SecondInstanceMain.class, home.toString());
        assertEquals(0, after.exitCode(), "once closed, the home opens elsewhere: " + after.output());
    }

    @Test
    void aClosedDatabaseGivesNoConnections() {
        HistoryDatabase db = HistoryDatabase.inMemory();
        db.close();
        db.close();
        assertThrows(SQLException.class, db::connection);
    }

    @Test
    void aHomeTheDatabaseCannotNameIsRefusedWithAReason() {
        HistoryException e = assertThrows(HistoryException.class, () -> HistoryDatabase.open(home.resolve("a;b")));
        assertTrue(e.getMessage().contains("--home"), e.getMessage());
    }

    private static Set<String> names(Statement s, String sql) throws SQLException {
        Set<String> names = new HashSet<>();
        try (ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                names.add(rs.getString(1));
            }
        }
        return names;
    }
}
