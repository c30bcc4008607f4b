package dev.parallax.embed;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** ONNX Runtime's libraries are copied once under Parallax's folder and loaded from there, not from a new temp folder. */
class OrtNativesTest {

    private static final Path CACHE = Path.of(System.getProperty("parallax.test.model.cache", "target/privacy-model"))
            .toAbsolutePath();

    @Test
    void theLibrariesAreCopiedOnceAndACopyOfTheWrongSizeIsReplaced(@TempDir Path cache) throws Exception {
        assumeTrue(OrtNatives.platform().isPresent(), "a platform ONNX Runtime ships libraries for");
        Path dir = OrtNatives.copyUnder(cache).orElseThrow();
        assertTrue(dir.startsWith(cache), dir.toString());
        Path runtime = dir.resolve(System.mapLibraryName("onnxruntime"));
        Path binding = dir.resolve(System.mapLibraryName("onnxruntime4j_jni"));
        long runtimeSize = resourceSize("onnxruntime");
        assertEquals(runtimeSize, Files.size(runtime));
        assertEquals(resourceSize("onnxruntime4j_jni"), Files.size(binding));

        FileTime old = FileTime.fromMillis(1_000_000_000_000L);
        Files.setLastModifiedTime(runtime, old);
        assertEquals(dir, OrtNatives.copyUnder(cache).orElseThrow());
        assertEquals(old, Files.getLastModifiedTime(runtime), "an intact copy is not written again");

        Files.write(runtime, new byte[] {1, 2, 3});
        OrtNatives.copyUnder(cache);
        assertEquals(runtimeSize, Files.size(runtime), "a damaged copy is replaced");
        try (var left = Files.list(dir)) {
            assertEquals(List.of(), left.filter(p -> p.toString().endsWith(".part")).toList());
        }
    }

    @Test
    void aLoadedModelRunsOnTheCopiedLibraries() throws Exception {
        assumeTrue(OrtNatives.platform().isPresent(), "a platform ONNX Runtime ships libraries for");
        MiniLmEncoder.load(CACHE, MiniLmEncoder.Variant.INT8).encode(List.of("loads ONNX Runtime"));
        String dir = System.getProperty(OrtNatives.PATH_PROPERTY);
        assertTrue(dir != null, "ONNX Runtime was pointed at a folder of its libraries");
        if (Files.isDirectory(Path.of("/proc/self"))) {
            String maps = Files.readString(Path.of("/proc/self/maps"));
            assertTrue(maps.contains(Path.of(dir).resolve(System.mapLibraryName("onnxruntime")).toString()),
                    "the process mapped the copy, not a library of its own temp folder");
        }
    }

    private static long resourceSize(String library) throws Exception {
        String name = "ai/onnxruntime/native/" + OrtNatives.platform().orElseThrow() + "/" + System.mapLibraryName(library);
        return OrtNativesTest.class.getClassLoader().getResource(name).openConnection().getContentLengthLong();
    }
}
