package dev.parallax.embed;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The real all-MiniLM-L6-v2, loaded offline from the jar's files. */
class MiniLmEmbedderTest {

    private static MiniLmEmbedder embedder;
    @TempDir
    static Path cache;

    @BeforeAll
    static void load() throws Exception {
        embedder = new MiniLmEmbedder(cache);
    }

    @AfterAll
    static void close() {
        embedder.close();
    }

    @Test
    void aParaphraseScoresHigherThanAnUnrelatedAnswer() {
        String answer = "The capital of France is Paris.";
        double paraphrase = embedder.cosine(answer, "Paris is France's capital city.");
        double unrelated = embedder.cosine(answer, "Photosynthesis turns sunlight into chemical energy in plants.");
        assertTrue(paraphrase > 0.8, "paraphrase " + paraphrase);
        assertTrue(unrelated < 0.3, "unrelated " + unrelated);
        assertTrue(paraphrase > unrelated + 0.4);
    }

    @Test
    void embeddingsHaveUnitLengthAndTheModelsSize() {
        float[] v = embedder.embed("héllo wörld 👋 " + "long text ".repeat(400));
        assertEquals(MiniLmEmbedder.DIMENSIONS, v.length);
        double norm = 0;
        for (float x : v) {
            norm += x * x;
        }
        assertEquals(1.0, Math.sqrt(norm), 1e-4);
        assertEquals(1.0, embedder.cosine("same", "same"), 1e-5);
    }

    @Test
    void theModelIsLoadedOncePerProcessAndShared(@TempDir Path dir, @TempDir Path another) throws Exception {
        MiniLmEncoder first = MiniLmEncoder.load(dir);
        assertSame(first, MiniLmEncoder.load(another));
        try (MiniLmEmbedder a = new MiniLmEmbedder(dir); MiniLmEmbedder b = new MiniLmEmbedder(dir)) {
            assertArrayEquals(a.embed("the same text"), b.embed("the same text"), 1e-6f);
        }
    }
}
