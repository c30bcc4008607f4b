package dev.parallax.history;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parallax.core.DownloadStatus;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The downloads tables: progress per range, plans, and what a restart finds. */
class DownloadRepositoryTest {

    @Test
    void progressPlansAndInterruptedDownloadsSurviveInTheDatabase() {
        try (HistoryDatabase db = HistoryDatabase.inMemory()) {
            DownloadRepository repo = new DownloadRepository(db, Clock.systemUTC());
            Instant now = Instant.parse("2026-11-27T12:00:00Z");
            List<DownloadRecord.ByteRange> ranges = List.of(new DownloadRecord.ByteRange(0, 0, 100, 0),
                    new DownloadRecord.ByteRange(1, 100, 150, 0));
            repo.insert(new DownloadRecord("d1", now, now, "o/r", "main", Optional.empty(), "f.gguf",
                    "https://hub/o/r/resolve/main/f.gguf", Path.of("/models/o/r/f.gguf"), 150, Optional.of("ab".repeat(32)),
                    Optional.empty(), 2, DownloadStatus.RUNNING, 0, Optional.empty(), Optional.empty(), Optional.empty(),
                    ranges));
            repo.saveProgress("d1", List.of(new DownloadRecord.ByteRange(1, 100, 150, 30)), 30);
            repo.updateResolved("d1", Optional.of("c0ffee"), Optional.of("ab".repeat(32)), Optional.of("etag"), 150);
            assertEquals(1, repo.markInterrupted());
            DownloadRecord d = repo.latest("o/r", "f.gguf").orElseThrow();
            assertEquals(DownloadStatus.INTERRUPTED, d.status());
            assertTrue(d.status().isResumable());
            assertEquals(DownloadRepository.INTERRUPTED_ERROR, d.error().orElseThrow());
            assertEquals(30, d.bytesDone());
            assertEquals(List.of(0L, 30L), d.ranges().stream().map(DownloadRecord.ByteRange::done).toList());
            assertEquals(Optional.of("c0ffee"), d.commit());

            repo.replaceRanges("d1", List.of(new DownloadRecord.ByteRange(0, 0, 150, 0)));
            repo.complete("d1", "f");
            DownloadRecord done = repo.find("d1").orElseThrow();
            assertEquals(DownloadStatus.COMPLETED, done.status());
            assertEquals(150, done.bytesDone());
            assertEquals(1, done.ranges().size());
            assertEquals(Optional.of("f"), done.modelName());
            assertTrue(repo.delete("d1"));
            assertTrue(repo.recent(10).isEmpty());
        }
    }
}
