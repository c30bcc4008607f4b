package dev.parallax.engine.local;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Where a worker's JVM writes its crash report ({@code -XX:ErrorFile}): next to the engine log, as
 * {@code worker-crash-<pid>.log}, rather than in whatever folder Parallax was started from. Only the newest few are
 * kept; each is 50–200 KB.
 */
final class WorkerCrashReports {

    static final String PREFIX = "worker-crash-";
    static final int KEEP = 5;

    private WorkerCrashReports() {
    }

    /** The JVM option that sends a worker's crash report to {@code folder} ({@code %p}: the worker's pid). */
    static String jvmOption(Path folder) {
        return "-XX:ErrorFile=" + folder.toAbsolutePath().resolve(PREFIX + "%p.log");
    }

    /** Deletes all but the newest {@code keep} crash reports in {@code folder}; a missing folder has none. */
    static void keepNewest(Path folder, int keep) throws IOException {
        if (!Files.isDirectory(folder)) {
            return;
        }
        List<Path> reports = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(folder, PREFIX + "*.log")) {
            files.forEach(reports::add);
        }
        if (reports.size() <= keep) {
            return;
        }
        reports.sort(Comparator.comparing(WorkerCrashReports::modified).reversed());
        for (Path old : reports.subList(keep, reports.size())) {
            Files.deleteIfExists(old);
        }
    }

    private static FileTime modified(Path file) {
        try {
            return Files.getLastModifiedTime(file);
        } catch (IOException e) {
            return FileTime.fromMillis(0);
        }
    }
}
