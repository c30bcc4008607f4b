package dev.parallax.engine.local;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;

/**
 * A class-data archive for a worker's JVM (Java 19+): the classes a worker loaded, parsed and verified once, mapped by
 * every later worker instead of loaded from the jars. The current engine's worker started in 273–373 ms with it,
 * 428–563 ms without (decision 0015), and a cold {@code parallax run} waits for that start before its first token.
 *
 * <p>One worker at a time may write it: the JVM writes the archive when it exits, after deleting the old one, and two
 * writers at once could leave a file mixed from both. The parent that launches a worker holds a file lock next to the
 * archive until that worker has ended; its worker runs with {@code -XX:+AutoCreateSharedArchive}, which maps a valid
 * archive and writes a new one at exit when there is none or it no longer fits the runtime or the class path. Every
 * other worker meanwhile only maps the archive, if there is one. A missing, stale or half-written archive is ignored
 * by the JVM: the worker then loads its classes as it would without.
 *
 * <p>The JVM does not replace an archive whose jars changed (an upgrade of Parallax): it reports "shared class paths
 * mismatch" and neither maps nor writes it (Java 25 still), so every later worker would start without one. The writer
 * therefore compares what the archive was made from (each jar's path, size and time, and the Java runtime) with a note
 * kept beside it, and deletes an archive made from something else before its worker starts; that worker writes a new
 * one.
 */
final class WorkerClassArchive {

    /** What one worker runs with. */
    static final class Lease {
        private static final Lease NONE = new Lease(List.of(), false, null, null);

        private final List<String> jvmOptions;
        private final boolean mayWrite;
        private final FileLock lock;
        private final FileChannel channel;

        private Lease(List<String> jvmOptions, boolean mayWrite, FileLock lock, FileChannel channel) {
            this.jvmOptions = List.copyOf(jvmOptions);
            this.mayWrite = mayWrite;
            this.lock = lock;
            this.channel = channel;
        }

        static Lease none() {
            return NONE;
        }

        List<String> jvmOptions() {
            return jvmOptions;
        }

        /** Whether this worker may write the archive when it exits (and so may take a moment longer to end). */
        boolean mayWrite() {
            return mayWrite;
        }

        /** The worker has ended: another may write the archive now. */
        synchronized void release() {
            if (channel == null || !channel.isOpen()) {
                return;
            }
            try {
                lock.release();
            } catch (IOException e) {
                // Closing the channel below releases it as well.
            }
            try {
                channel.close();
            } catch (IOException e) {
                // Nothing holds the lock once this process ends.
            }
        }
    }

    private final Path archive;
    private final Path lockFile;
    /** What the archive was made from: the worker's runtime and class path, one line each. */
    private final Path sourceFile;

    WorkerClassArchive(Path archive) {
        this.archive = archive;
        this.lockFile = archive.resolveSibling(archive.getFileName() + ".lock");
        this.sourceFile = archive.resolveSibling(archive.getFileName() + ".source");
    }

    Path archive() {
        return archive;
    }

    /** {@link #lease(String)} for a worker whose runtime and class path the archive does not track. */
    Lease lease() {
        return lease(null);
    }

    /**
     * The options for the next worker; release the lease when that worker has ended. Never fails a launch.
     *
     * @param source what the worker's archive is made from ({@link #sourceOf}); the writer deletes an archive made from
     *               something else. Null: not tracked.
     */
    Lease lease(String source) {
        try {
            Files.createDirectories(archive.getParent());
            FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock lock = null;
            try {
                lock = channel.tryLock();
            } catch (OverlappingFileLockException e) {
                // This process's own worker holds it.
            } catch (IOException e) {
                // A file system without locks: only map, never write.
            }
            if (lock != null) {
                if (source != null && !dropIfMadeFromOther(source)) {
                    // A stale archive that cannot be deleted: this worker starts without one, and writes nothing.
                    lock.release();
                    channel.close();
                    return Lease.none();
                }
                return new Lease(List.of("-XX:+AutoCreateSharedArchive", "-XX:SharedArchiveFile=" + archive), true, lock,
                        channel);
            }
            channel.close();
        } catch (IOException | RuntimeException e) {
            // No folder for it (read-only home, full disk): the worker starts as it would without.
        }
        return Files.isRegularFile(archive)
                ? new Lease(List.of("-XX:SharedArchiveFile=" + archive), false, null, null)
                : Lease.none();
    }

    /**
     * What a worker's class-data archive is made from, as the JVM checks it: the Java runtime (its executable and
     * its module image's size and time) and every jar of the class path (path, size, time).
     */
    static String sourceOf(Path javaExecutable, String classPath) {
        StringBuilder b = new StringBuilder();
        Path executable;
        try {
            executable = javaExecutable.toRealPath();
        } catch (IOException e) {
            executable = javaExecutable.toAbsolutePath();
        }
        Path runtime = executable.getParent();
        b.append("java ").append(executable).append(' ')
                .append(stamp(runtime == null ? javaExecutable : runtime.resolveSibling("lib").resolve("modules")))
                .append('\n');
        for (String entry : classPath.split(java.io.File.pathSeparator)) {
            if (!entry.isEmpty()) {
                Path p = Path.of(entry).toAbsolutePath();
                b.append("cp ").append(p).append(' ').append(stamp(p)).append('\n');
            }
        }
        return b.toString();
    }

    private static String stamp(Path p) {
        try {
            return Files.isRegularFile(p) ? Files.size(p) + " " + Files.getLastModifiedTime(p).toMillis() : "-";
        } catch (IOException e) {
            return "-";
        }
    }

    /**
     * Deletes the archive when the note beside it says it was made from something else (or there is no note), and
     * notes what the next one will be made from; false when that failed.
     */
    private boolean dropIfMadeFromOther(String source) {
        try {
            String made = Files.isRegularFile(sourceFile) ? Files.readString(sourceFile) : null;
            if (!source.equals(made)) {
                Files.deleteIfExists(archive);
                Files.writeString(sourceFile, source);
            }
            return true;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }
}
