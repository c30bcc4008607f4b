package dev.parallax.engine.local.gguf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parallax.testing.TestModels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Reading a header from the first bytes of a file, as a range request fetches them. */
class GgufHeaderPrefixTest {

    private static final Path NAME = Path.of("remote.gguf");

    @Test
    void growingThePrefixAsAskedEndsWithTheSameHeaderAsTheWholeFile() throws Exception {
        for (Path model : new Path[] {TestModels.stories260K(), TestModels.shared(TestModels.LLAMA_2_TINY_RANDOM)
                .orElse(TestModels.generatedTinyModel(true))}) {
            byte[] whole = Files.readAllBytes(model);
            GgufFile expected = GgufReader.read(model);
            int length = 1024;
            int rounds = 0;
            GgufHeaderRead read;
            while ((read = GgufReader.readHeader(Arrays.copyOf(whole, length), whole.length, NAME))
                    instanceof GgufHeaderRead.NeedsMoreBytes more) {
                assertTrue(more.atLeast() > length, "each answer asks for more than it had");
                length = (int) Math.min(whole.length, Math.max(more.atLeast(), length * 2L));
                assertTrue(++rounds < 20);
            }
            GgufFile header = ((GgufHeaderRead.Complete) read).header();
            assertEquals(expected.metadata().keySet(), header.metadata().keySet());
            assertEquals(expected.tensors(), header.tensors());
            assertEquals(expected.dataOffset(), header.dataOffset());
            assertTrue(header.dataOffset() <= length, "never needs the tensor data");
        }
    }

    @Test
    void anEmptyPrefixAsksForMore() throws Exception {
        GgufHeaderRead read = GgufReader.readHeader(new byte[0], 1_000_000, NAME);
        assertTrue(((GgufHeaderRead.NeedsMoreBytes) read).atLeast() > 0);
    }

    @Test
    void damageInThePrefixFailsAtOnceAndTensorsAreCheckedAgainstTheRemoteSize() throws Exception {
        byte[] whole = Files.readAllBytes(TestModels.stories260K());
        byte[] bad = whole.clone();
        bad[0] = 'X';
        assertThrows(GgufException.class, () -> GgufReader.readHeader(Arrays.copyOf(bad, 4096), whole.length, NAME));
        GgufFile header = GgufReader.read(TestModels.stories260K());
        byte[] prefix = Arrays.copyOf(whole, (int) header.dataOffset());
        GgufException e = assertThrows(GgufException.class,
                () -> GgufReader.readHeader(prefix, header.dataOffset() + 10, NAME));
        assertTrue(e.getMessage().contains("truncated"), e.getMessage());
        assertInstanceOf(GgufHeaderRead.Complete.class, GgufReader.readHeader(prefix, whole.length, NAME));
    }
}
