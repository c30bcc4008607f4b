package dev.parallax.app;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The batch commands' compiler policy is well-formed for this JVM, and it leaves nothing behind. (Its effect on CPU
 * time is a benchmark's to show: bench/batch.sh with and without BENCH_DEFAULT_JIT=1.) The directives a JVM holds are
 * its own for the life of the process, so this test runs in a child JVM.
 */
class CompilerPolicyTest {

    @Test
    void theJvmAcceptsBothDirectivesAndNoFileIsLeft(@TempDir Path tmp) throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process p = new ProcessBuilder(java.toString(), "-Djava.io.tmpdir=" + tmp, "-cp",
                System.getProperty("java.class.path"), Probe.class.getName())
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes()).trim();
        assertEquals(0, p.waitFor(), out);
        assertTrue(out.endsWith("2 compiler directives added"), out);
        try (var left = Files.list(tmp)) {
            assertEquals(List.of(), left.toList());
        }
    }

    /** Applies the policy in its own JVM and prints what the JVM answered. */
    public static final class Probe {
        public static void main(String[] args) {
            System.out.println(CompilerPolicy.apply());
        }
    }
}
