package dev.parallax.engine.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class WorkerLaunchTest {

    @Test
    void aWorkerOnThisRuntimeMapsTheClassArchiveThisJvmStartedWith() {
        assertEquals(Optional.of("-XX:SharedArchiveFile=/opt/parallax/lib/app/parallax.jsa"),
                WorkerLaunch.sharedArchiveOption(List.of("-XX:+UseSerialGC", "-Xms48m",
                        "-XX:SharedArchiveFile=/opt/parallax/lib/app/parallax.jsa", "-XX:TieredStopAtLevel=1")));
        assertEquals(Optional.of("-XX:SharedArchiveFile=/b.jsa"), WorkerLaunch.sharedArchiveOption(
                List.of("-XX:SharedArchiveFile=/a.jsa", "-XX:SharedArchiveFile=/b.jsa")), "the last one counts, as for the JVM");
        assertEquals(Optional.empty(), WorkerLaunch.sharedArchiveOption(List.of("-Xshare:auto", "-Dx=-XX:SharedArchiveFile=/c")));
    }

    @Test
    void theClassArchiveOptionsComeAfterTheLaunchsOwnAndBeforeTheMainClass() {
        WorkerLaunch launch = new WorkerLaunch(Path.of("/jdk/bin/java"), "a.jar", "Main", List.of("-Xmx256m"),
                Path.of("/tmp/n"), Path.of("/tmp/log"), false).withClassArchive(Path.of("/h/cds/w.jsa"));
        List<String> command = launch.command(List.of("-XX:SharedArchiveFile=/h/cds/w.jsa"));
        assertEquals("/jdk/bin/java", command.get(0));
        assertEquals("-Xmx256m", command.get(1));
        assertEquals("-XX:SharedArchiveFile=/h/cds/w.jsa", command.get(2));
        assertEquals("Main", command.get(command.size() - 1));
        assertTrue(launch.classArchive().isPresent());
        assertEquals(launch.classArchive(), launch.withEnvironment(java.util.Map.of("A", "1")).classArchive(),
                "a launch keeps its archive when it gets variables");
    }
}
