package dev.parallax.models.download;

import dev.parallax.history.DownloadRecord.ByteRange;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The in-order hash of a file written out of order, and how it holds back connections that run too far ahead. */
class OrderedHasherTest {

    private static final int MIB = 1 << 20;

    @TempDir
    Path dir;

    private final ExecutorService threads = Executors.newCachedThreadPool();

    @AfterEach
    void stopThreads() {
        threads.shutdownNow();
    }

    @Test
    void aConnectionFarAheadWaitsForTheHashAndGoesOnOnceTheGapBeforeItIsFilled() throws Exception {
        byte[] data = randomBytes(4 * MIB);
        try (PartFile file = PartFile.Opener.files().open(dir.resolve("model.gguf.incomplete"))) {
            RangePlan plan = RangePlan.of(RangePlan.fresh(data.length, 4, MIB), data.length);
            List<RangePlan.Slot> slots = List.of(plan.claim(), plan.claim(), plan.claim(), plan.claim());
            OrderedHasher hasher = new OrderedHasher(file, plan);
            threads.submit(hasher);

            // The last two megabytes arrive first: nothing before them is there, so nothing can be hashed.
            write(file, slots.get(2), data);
            write(file, slots.get(3), data);
            CompletableFuture<Boolean> ahead = CompletableFuture.supplyAsync(() -> awaitWithin(hasher, 4L * MIB, MIB), threads);
            Thread.sleep(200);
            assertThat(ahead).as("a connection 4 MiB past the hash, with a 1 MiB window").isNotDone();
            assertThat(hasher.hashed()).isZero();

            write(file, slots.get(0), data);
            write(file, slots.get(1), data);
            assertThat(ahead.get(10, TimeUnit.SECONDS)).as("it waited").isTrue();
            assertThat(hasher.await()).isEqualTo(sha256(data));
        }
    }

    @Test
    void aConnectionWithinTheWindowNeverWaits() throws Exception {
        byte[] data = randomBytes(2 * MIB);
        try (PartFile file = PartFile.Opener.files().open(dir.resolve("model.gguf.incomplete"))) {
            RangePlan plan = RangePlan.of(RangePlan.fresh(data.length, 2, MIB), data.length);
            OrderedHasher hasher = new OrderedHasher(file, plan);
            assertThat(hasher.awaitWithin(2L * MIB, 2L * MIB, () -> false)).isFalse();
        }
    }

    @Test
    void reHashingWhatWasOnDiskBeforeAResumeHoldsNoConnectionBack() throws Exception {
        byte[] data = randomBytes(4 * MIB);
        try (PartFile file = PartFile.Opener.files().open(dir.resolve("model.gguf.incomplete"))) {
            file.write(ByteBuffer.wrap(data, 0, 3 * MIB), 0);
            List<ByteRange> resumed = List.of(new ByteRange(0, 0, 3L * MIB, 3L * MIB), new ByteRange(1, 3L * MIB, 4L * MIB, 0));
            RangePlan plan = RangePlan.of(resumed, data.length);
            OrderedHasher hasher = new OrderedHasher(file, plan);
            // Its thread has not even started: the 3 MiB already on disk are still to be hashed.
            assertThat(hasher.awaitWithin(4L * MIB, MIB, () -> false)).isFalse();
        }
    }

    @Test
    void stoppingTheHasherReleasesWaitingConnections() throws Exception {
        byte[] data = randomBytes(2 * MIB);
        try (PartFile file = PartFile.Opener.files().open(dir.resolve("model.gguf.incomplete"))) {
            RangePlan plan = RangePlan.of(RangePlan.fresh(data.length, 2, MIB), data.length);
            OrderedHasher hasher = new OrderedHasher(file, plan);
            threads.submit(hasher);
            CompletableFuture<Boolean> ahead = CompletableFuture.supplyAsync(() -> awaitWithin(hasher, 2L * MIB, 0), threads);
            Thread.sleep(100);
            hasher.stop();
            assertThat(ahead.get(10, TimeUnit.SECONDS)).isTrue();
        }
    }

    @Test
    void aPausedDownloadReleasesConnectionsWaitingForAGapNobodyWillFill() throws Exception {
        byte[] data = randomBytes(4 * MIB);
        try (PartFile file = PartFile.Opener.files().open(dir.resolve("model.gguf.incomplete"))) {
            RangePlan plan = RangePlan.of(RangePlan.fresh(data.length, 4, MIB), data.length);
            List<RangePlan.Slot> slots = List.of(plan.claim(), plan.claim(), plan.claim(), plan.claim());
            OrderedHasher hasher = new OrderedHasher(file, plan);
            threads.submit(hasher);
            write(file, slots.get(3), data);
            // The connection of the first range was paused: the gap stays; the hasher keeps running, idle.
            java.util.concurrent.atomic.AtomicBoolean paused = new java.util.concurrent.atomic.AtomicBoolean();
            CompletableFuture<Boolean> ahead = CompletableFuture.supplyAsync(
                    () -> awaitWithin(hasher, 4L * MIB, MIB, paused::get), threads);
            Thread.sleep(100);
            assertThat(ahead).isNotDone();
            paused.set(true);
            assertThat(ahead.get(10, TimeUnit.SECONDS)).isTrue();
            assertThat(hasher.hashed()).isZero();
            hasher.stop();
        }
    }

    private static boolean awaitWithin(OrderedHasher hasher, long position, long window) {
        return awaitWithin(hasher, position, window, () -> false);
    }

    private static boolean awaitWithin(OrderedHasher hasher, long position, long window,
                                       java.util.function.BooleanSupplier giveUp) {
        try {
            return hasher.awaitWithin(position, window, giveUp);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void write(PartFile file, RangePlan.Slot slot, byte[] data) throws Exception {
        file.write(ByteBuffer.wrap(data, (int) slot.start, (int) slot.length()), slot.start);
        slot.done.set(slot.length());
    }

    private static byte[] randomBytes(int n) {
        byte[] b = new byte[n];
        new Random(7).nextBytes(b);
        return b;
    }

    private static String sha256(byte[] data) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
    }
}
