package dev.parallax.history;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GroupCommitTest {

    @TempDir
    Path home;

    @Test
    void concurrentWritesAreAllCommittedAndAFailingOneFailsAlone() throws Exception {
        try (HistoryDatabase db = HistoryDatabase.open(home)) {
            try (var c = db.connection(); Statement s = c.createStatement()) {
                s.execute("CREATE TABLE t (k INTEGER PRIMARY KEY)");
            }
            ExecutorService pool = Executors.newFixedThreadPool(16);
            List<Future<?>> writes = new ArrayList<>();
            for (int i = 0; i < 400; i++) {
                int k = i % 200 == 7 && i >= 200 ? 7 : i;
                writes.add(pool.submit(() -> db.writes().write(c -> {
                    try (PreparedStatement ps = c.prepareStatement("INSERT INTO t VALUES (?)")) {
                        ps.setInt(1, k);
                        return ps.executeUpdate();
                    }
                })));
            }
            int failed = 0;
            for (Future<?> f : writes) {
                try {
                    f.get();
                } catch (java.util.concurrent.ExecutionException e) {
                    failed++;
                    assertTrue(e.getCause() instanceof SQLException, e.getCause().toString());
                }
            }
            pool.shutdown();
            assertEquals(1, failed, "the duplicate key fails, alone");
            try (var c = db.connection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM t")) {
                rs.next();
                assertEquals(399, rs.getInt(1));
            }
        }
    }

    @Test
    void writesAfterCloseAreRefused() throws Exception {
        HistoryDatabase db = HistoryDatabase.open(home);
        GroupCommit writes = db.writes();
        db.close();
        assertThrows(SQLException.class, () -> writes.write(c -> 1));
    }
}
