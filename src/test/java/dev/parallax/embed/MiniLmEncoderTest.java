package dev.parallax.embed;

import ai.djl.Device;
import ai.djl.Model;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** How the sentence model is run: its passes over a batch of texts, and the ONNX Runtime session it gets. */
class MiniLmEncoderTest {

    private static final Path CACHE = Path.of(System.getProperty("parallax.test.model.cache", "target/privacy-model"))
            .toAbsolutePath();

    @Test
    void textsOfSimilarLengthShareAPassAndALongOneGetsItsOwn() {
        assertArrayEquals(new int[] {5}, MiniLmEncoder.batchEnds(new int[] {14, 14, 15, 15, 15}, 4, 32));
        // Five short sentences padded to a pasted key's 200 tokens would cost five times 200.
        assertArrayEquals(new int[] {5, 6}, MiniLmEncoder.batchEnds(new int[] {14, 14, 15, 15, 15, 200}, 4, 32));
        assertArrayEquals(new int[] {2, 4}, MiniLmEncoder.batchEnds(new int[] {10, 10, 80, 80}, 4, 32));
        assertArrayEquals(new int[] {1}, MiniLmEncoder.batchEnds(new int[] {7}, 4, 32));
        assertArrayEquals(new int[0], MiniLmEncoder.batchEnds(new int[0], 4, 32));
    }

    @Test
    void noPassHoldsMoreThanTheBatchLimit() {
        int[] ends = MiniLmEncoder.batchEnds(new int[] {9, 9, 9, 9, 9, 9, 9}, 100, 3);
        assertArrayEquals(new int[] {1, 4, 7}, ends);
    }

    @Test
    void aTextEncodesTheSameAloneAndInABatchWithLongerOnes() throws Exception {
        MiniLmEncoder encoder = MiniLmEncoder.load(CACHE, MiniLmEncoder.Variant.INT8);
        String text = "My neighbour is an Orthodox Jew and does not use electricity on Saturdays.";
        float[] alone = encoder.encode(List.of(text))[0];
        float[][] batch = encoder.encode(List.of("Short.", text, "A longer sentence about something else entirely, "
                + "with many more words than the others so that the batch needs padding for the shorter ones."));
        assertArrayEquals(alone, batch[1], 1e-4f);
        assertEquals(3, batch.length);
    }

    /**
     * ONNX Runtime starts a thread pool for a session unless it is told to run on the caller's thread only; that the
     * session options reached it shows in the process's threads. (They once went through DJL's Criteria arguments,
     * which no engine reads, and every check paid for a pool that spins.)
     */
    @Test
    void theSessionRunsOnTheCallersThreadWithoutAPool() throws Exception {
        assumeTrue(Files.isDirectory(Path.of("/proc/self/task")), "counts threads through Linux /proc");
        MiniLmEncoder.load(CACHE, MiniLmEncoder.Variant.INT8).encode(List.of("loads the engine and the tokenizer"));
        long before = nativeThreads();
        try (MiniLmEncoder fresh = MiniLmEncoder.open(CACHE, MiniLmEncoder.Variant.INT8, MiniLmEncoder.THREADS)) {
            fresh.encode(List.of("one sentence", "and a second one"));
            assertEquals(before, nativeThreads(), "the session started threads of its own");
        }
        if (Runtime.getRuntime().availableProcessors() > 1) {
            // The yardstick: with ONNX Runtime's defaults the same model does start a pool here.
            try (Model defaults = Model.newInstance("defaults", Device.cpu(), "OnnxRuntime")) {
                defaults.load(CACHE.resolve("all-minilm-l6-v2-q"), "all-minilm-l6-v2-q", Map.of());
                assertTrue(nativeThreads() > before, "a default session starts no pool: this test would prove nothing");
            }
        }
    }

    /** Threads the JVM did not start (it names its own): ONNX Runtime's pool threads keep the process's name. */
    private static long nativeThreads() throws Exception {
        String processName = Files.readString(Path.of("/proc/self/comm")).trim();
        long n = 0;
        try (var tasks = Files.newDirectoryStream(Path.of("/proc/self/task"))) {
            for (Path t : tasks) {
                try {
                    if (Files.readString(t.resolve("comm")).trim().equals(processName)) {
                        n++;
                    }
                } catch (java.nio.file.NoSuchFileException e) {
                    // The thread ended between the listing and the read (a JVM thread, or another test's): not counted.
                }
            }
        }
        return n;
    }
}
