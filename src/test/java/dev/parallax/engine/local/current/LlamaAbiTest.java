package dev.parallax.engine.local.current;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The struct layouts the FFM binding uses, checked against the pinned llama.cpp's own headers by a C
 * compiler: a wrong offset here would corrupt memory silently at run time.
 */
class LlamaAbiTest {

    private static final Path HEADERS = Path.of("src/test/native/llama-v0.5.0/include");

    @TempDir
    Path dir;

    @Test
    void everyDeclaredSizeAndOffsetMatchesTheHeaders() throws Exception {
        Map<String, Long> measured = compileAndRun(LlamaAbi.ALL);
        for (LlamaAbi.Struct s : LlamaAbi.ALL) {
            assertEquals(measured.get(s.name() + " size"), s.size(), "sizeof(" + s.name() + ")");
            assertEquals(measured.get(s.name() + " align"), s.alignment(), "_Alignof(" + s.name() + ")");
            for (LlamaAbi.Field f : s.fields()) {
                assertEquals(measured.get(s.name() + "." + f.name() + " offset"), f.offset(), "offsetof(" + s.name() + ", " + f.name() + ")");
                assertEquals(measured.get(s.name() + "." + f.name() + " size"), f.byteSize(), "sizeof(" + s.name() + "." + f.name() + ")");
            }
        }
    }

    @Test
    void aWrongOffsetIsCaught() throws Exception {
        LlamaAbi.Struct wrong = new LlamaAbi.Struct("llama_batch", 56, 8, List.of(
                new LlamaAbi.Field("n_tokens", 0, LlamaAbi.Kind.I32, 1),
                new LlamaAbi.Field("token", 4, LlamaAbi.Kind.PTR, 1)));
        Map<String, Long> measured = compileAndRun(List.of(wrong));
        assertTrue(measured.get("llama_batch.token offset") != 4, "the C compiler disagrees with a shifted field");
    }

    @Test
    void onlyThePinnedBuildIsAccepted() throws Exception {
        LlamaAbi.requirePinnedCommit("0ad4a86");
        LlamaAbi.IncompatibleLibraryException e = assertThrows(LlamaAbi.IncompatibleLibraryException.class,
                () -> LlamaAbi.requirePinnedCommit("b4916aa"));
        assertTrue(e.getMessage().startsWith("the llama.cpp libraries are build b4916aa, but Parallax is built for 0ad4a86"),
                e.getMessage());
        assertThrows(LlamaAbi.IncompatibleLibraryException.class, () -> LlamaAbi.requirePinnedCommit(""));
    }

    private Map<String, Long> compileAndRun(List<LlamaAbi.Struct> structs) throws Exception {
        assumeTrue(Files.isRegularFile(HEADERS.resolve("llama.h")), "headers present");
        assumeTrue(onPath("gcc"), "gcc is needed to check the ABI");
        StringBuilder c = new StringBuilder("""
                #include <stdio.h>
                #include <stddef.h>
                #include "llama.h"
                #include "ggml-cpu.h"
                int main(void) {
                """);
        for (LlamaAbi.Struct s : structs) {
            c.append(String.format("printf(\"%1$s size %%zu\\n\", sizeof(struct %1$s));%n", s.name()));
            c.append(String.format("printf(\"%1$s align %%zu\\n\", _Alignof(struct %1$s));%n", s.name()));
            for (LlamaAbi.Field f : s.fields()) {
                c.append(String.format("printf(\"%1$s.%2$s offset %%zu\\n\", offsetof(struct %1$s, %2$s));%n", s.name(), f.name()));
                c.append(String.format("printf(\"%1$s.%2$s size %%zu\\n\", sizeof(((struct %1$s *)0)->%2$s));%n", s.name(), f.name()));
            }
        }
        c.append("return 0; }\n");
        Path source = dir.resolve("abi.c");
        Files.writeString(source, c, StandardCharsets.UTF_8);
        Path binary = dir.resolve("abi");
        run(List.of("gcc", "-std=c11", "-I", HEADERS.toAbsolutePath().toString(), source.toString(), "-o", binary.toString()));
        String out = run(List.of(binary.toString()));
        Map<String, Long> values = new HashMap<>();
        for (String line : out.split("\n")) {
            int last = line.lastIndexOf(' ');
            if (last > 0) {
                values.put(line.substring(0, last), Long.parseLong(line.substring(last + 1).trim()));
            }
        }
        return values;
    }

    private static String run(List<String> command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), command + " failed:\n" + out);
        return out;
    }

    private static boolean onPath(String tool) {
        for (String d : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            if (Files.isExecutable(Path.of(d, tool))) {
                return true;
            }
        }
        return false;
    }
}
