package dev.parallax.engine.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.parallax.app.AppServices;
import dev.parallax.engine.local.current.EngineRuntimes;
import java.io.File;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WorkerClassArchiveTest {

    @TempDir
    Path dir;

    @Test
    void oneWorkerAtATimeMayWriteTheArchiveAndTheOthersOnlyMapIt() throws Exception {
        Path file = dir.resolve("cds").resolve("worker.jsa");
        WorkerClassArchive archive = new WorkerClassArchive(file);

        WorkerClassArchive.Lease writer = archive.lease();
        assertTrue(writer.mayWrite());
        assertEquals(List.of("-XX:+AutoCreateSharedArchive", "-XX:SharedArchiveFile=" + file), writer.jvmOptions());

        WorkerClassArchive.Lease whileWriting = archive.lease();
        assertEquals(List.of(), whileWriting.jvmOptions(), "no archive yet, and another worker may be writing it");

        Files.write(file, new byte[] {1});
        WorkerClassArchive.Lease reader = archive.lease();
        assertEquals(List.of("-XX:SharedArchiveFile=" + file), reader.jvmOptions());
        assertTrue(!reader.mayWrite());

        writer.release();
        WorkerClassArchive.Lease next = archive.lease();
        assertTrue(next.mayWrite(), "the first worker has ended: the next may write");
        next.release();
        next.release();
    }

    @Test
    void theWriterDropsAnArchiveMadeFromOtherJarsOrAnotherRuntime() throws Exception {
        Path file = dir.resolve("cds").resolve("worker.jsa");
        WorkerClassArchive archive = new WorkerClassArchive(file);
        Files.createDirectories(file.getParent());
        Files.write(file, new byte[] {1});

        WorkerClassArchive.Lease first = archive.lease("java A\ncp app.jar 10 1000\n");
        assertTrue(first.mayWrite());
        assertTrue(!Files.exists(file), "an archive of unknown making is dropped before the writer starts");
        Files.write(file, new byte[] {2});
        first.release();

        WorkerClassArchive.Lease same = archive.lease("java A\ncp app.jar 10 1000\n");
        assertTrue(Files.exists(file), "made from the same jars: kept");
        assertEquals(List.of("-XX:+AutoCreateSharedArchive", "-XX:SharedArchiveFile=" + file), same.jvmOptions());
        WorkerClassArchive.Lease reader = archive.lease("java A\ncp app.jar 11 2000\n");
        assertTrue(Files.exists(file), "only the writer drops an archive: a reader maps what is there");
        assertTrue(!reader.mayWrite());
        same.release();

        WorkerClassArchive.Lease upgraded = archive.lease("java A\ncp app.jar 11 2000\n");
        assertTrue(!Files.exists(file), "the jar changed (an upgrade): dropped, the writer makes a new one");
        upgraded.release();
    }

    @Test
    void whatAnArchiveIsMadeFromChangesWithAJar() throws Exception {
        Path jar = Files.write(dir.resolve("app.jar"), new byte[] {1, 2, 3});
        Path javaExe = Path.of(System.getProperty("java.home"), "bin", "java");
        String before = WorkerClassArchive.sourceOf(javaExe, jar + java.io.File.pathSeparator + dir.resolve("classes"));
        assertEquals(before, WorkerClassArchive.sourceOf(javaExe, jar + java.io.File.pathSeparator + dir.resolve("classes")));
        assertTrue(before.contains(jar.toString()), before);
        Files.setLastModifiedTime(jar, FileTime.fromMillis(
                Files.getLastModifiedTime(jar).toMillis() - 60_000));
        assertTrue(!before.equals(WorkerClassArchive.sourceOf(javaExe, jar + java.io.File.pathSeparator + dir.resolve("classes"))));
    }

    @Test
    void aFolderThatCannotBeMadeLeavesTheWorkerWithoutAnArchive() throws Exception {
        Path notAFolder = Files.writeString(dir.resolve("file"), "x");
        WorkerClassArchive.Lease lease = new WorkerClassArchive(notAFolder.resolve("worker.jsa")).lease();
        assertEquals(List.of(), lease.jvmOptions());
        lease.release();
    }

    /** The current engine's worker, twice: the first writes the archive as it ends, the second maps it. */
    @Test
    void aWorkerWritesTheArchiveAndTheNextOneMapsIt() throws Exception {
        EngineRuntimes runtimes = new EngineRuntimes(System.getenv(), EngineRuntimes.appDirectoryOf(AppServices.class),
                EngineRuntimes.knownJdkRoots());
        EngineRuntimes.Lookup<Path> java = runtimes.java();
        EngineRuntimes.Lookup<Path> libs = runtimes.libraries();
        assumeTrue(java.value().isPresent(), java.reason());
        assumeTrue(libs.value().isPresent(), libs.reason());
        Path file = dir.resolve("cds").resolve("current-engine-worker.jsa");
        // The JVM archives classes from jars only, as the installed and `java -jar` class paths are: the build's class
        // folders go into a jar first.
        String classPath = jarredClassPath(dir.resolve("classpath"));
        WorkerLaunch launch = new WorkerLaunch(java.value().get(), classPath, "dev.parallax.engine.local.ffm.FfmWorkerMain",
                List.of("-Xmx256m", "--enable-native-access=ALL-UNNAMED", "-Dparallax.llama.libs=" + libs.value().get()),
                dir.resolve("native"), dir.resolve("engine.log"), false).withClassArchive(file);

        WorkerProcess first = WorkerProcess.start(launch, new StringWriter(), 60_000);
        first.shutdown(500);
        assertTrue(Files.size(file) > 0, "the first worker wrote the archive as it ended");

        // -Xshare:on: the JVM refuses to start unless it can map the archive.
        WorkerLaunch strict = new WorkerLaunch(java.value().get(), classPath, "dev.parallax.engine.local.ffm.FfmWorkerMain",
                List.of("-Xmx256m", "--enable-native-access=ALL-UNNAMED", "-Dparallax.llama.libs=" + libs.value().get(),
                        "-Xshare:on"),
                dir.resolve("native"), dir.resolve("engine.log"), false).withClassArchive(file);
        WorkerProcess second = WorkerProcess.start(strict, new StringWriter(), 60_000);
        assertTrue(second.isAlive());
        second.shutdown(500);

        // An upgrade changes a jar: the JVM would neither map nor replace the old archive; the next writer drops it
        // and its worker writes one that the strict worker can map again.
        Path aJar = Path.of(classPath.split(File.pathSeparator)[0]);
        Files.setLastModifiedTime(aJar, FileTime.fromMillis(
                Files.getLastModifiedTime(aJar).toMillis() + 60_000));
        WorkerProcess third = WorkerProcess.start(launch, new StringWriter(), 60_000);
        third.shutdown(500);
        assertTrue(Files.size(file) > 0, "a new archive for the changed jar");
        WorkerProcess fourth = WorkerProcess.start(strict, new StringWriter(), 60_000);
        assertTrue(fourth.isAlive());
        fourth.shutdown(500);
    }

    /** This JVM's class path with each folder packed into a jar of its own under {@code into}. */
    private static String jarredClassPath(Path into) throws java.io.IOException {
        Files.createDirectories(into);
        List<String> entries = new java.util.ArrayList<>();
        int n = 0;
        for (String entry : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
            Path p = Path.of(entry);
            if (!Files.isDirectory(p)) {
                entries.add(entry);
                continue;
            }
            Path jar = into.resolve("folder-" + n++ + ".jar");
            try (var out = new java.util.jar.JarOutputStream(Files.newOutputStream(jar));
                 var files = Files.walk(p)) {
                for (Path f : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
                    out.putNextEntry(new java.util.jar.JarEntry(p.relativize(f).toString().replace('\\', '/')));
                    Files.copy(f, out);
                    out.closeEntry();
                }
            }
            entries.add(jar.toString());
        }
        return String.join(java.io.File.pathSeparator, entries);
    }
}
