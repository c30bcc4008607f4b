package dev.parallax.privacy;

import dev.parallax.config.ConfigFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A command about to send prompts starts the sentence model's load early; that decides nothing by itself. */
class PrivacyGatePrepareTest {

    /** Records which threads asked for the model; fails every load when told to. */
    private static final class Recording implements Supplier<SentenceEncoder> {
        final List<String> askedOn = new CopyOnWriteArrayList<>();
        final CountDownLatch firstAsk = new CountDownLatch(1);
        final boolean fails;

        Recording(boolean fails) {
            this.fails = fails;
        }

        @Override
        public SentenceEncoder get() {
            askedOn.add(Thread.currentThread().getName());
            firstAsk.countDown();
            if (fails) {
                return SentenceEncoders.unavailable("the model file is damaged").get();
            }
            return texts -> texts.stream().map(t -> new float[] {1f}).toArray(float[][]::new);
        }
    }

    private static PrivacyGate gate(Path home, Supplier<SentenceEncoder> encoder) {
        return new PrivacyGate(new PrivacySettings(new ConfigFile(home.resolve("config.json"))), encoder,
                () -> List.of(new Destination("openai", false)), Optional::empty);
    }

    @Test
    void theModelIsAskedForOnceOnAThreadOfItsOwn(@TempDir Path home) throws Exception {
        Recording encoder = new Recording(false);
        PrivacyGate gate = gate(home, encoder);
        gate.prepareInBackground();
        gate.prepareInBackground();
        assertTrue(encoder.firstAsk.await(10, TimeUnit.SECONDS));
        assertEquals("privacy-gate-prepare", encoder.askedOn.get(0));
        assertEquals("allow", gate.check("Say hello").decisions().get("openai").action().label());
        assertEquals(1, encoder.askedOn.stream().filter("privacy-gate-prepare"::equals).count(),
                "a second call starts no second load: " + encoder.askedOn);
    }

    @Test
    void aLoadThatFailedEarlyIsTriedAgainByTheCheckWhichStaysUndecided(@TempDir Path home) throws Exception {
        Recording encoder = new Recording(true);
        PrivacyGate gate = gate(home, encoder);
        gate.prepareInBackground();
        assertTrue(gate.awaitPrepared(10, TimeUnit.SECONDS));
        Assessment checked = gate.check("Say hello");
        assertEquals("local-only", checked.decisions().get("openai").action().label());
        assertEquals("gate_undecided", checked.decisions().get("openai").rule());
        assertTrue(checked.undecided().orElseThrow().contains("the model file is damaged"), checked.undecided().toString());
        assertTrue(encoder.askedOn.stream().anyMatch(t -> !t.equals("privacy-gate-prepare")),
                "the check asked for the model itself: " + encoder.askedOn);
    }

    @Test
    void whileTheModelLoadsATextWithNothingForItGoesOnAndOneWithASentenceForItWaits(@TempDir Path home)
            throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch loading = new CountDownLatch(1);
        Supplier<SentenceEncoder> slow = () -> {
            loading.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return texts -> texts.stream().map(t -> new float[] {1f}).toArray(float[][]::new);
        };
        PrivacyGate gate = gate(home, slow);
        gate.prepareInBackground();
        assertTrue(loading.await(10, TimeUnit.SECONDS));
        java.util.concurrent.ExecutorService checks = java.util.concurrent.Executors.newFixedThreadPool(2);
        try {
            java.util.concurrent.Future<Assessment> plain =
                    checks.submit(() -> gate.check("Summarise the meeting notes."));
            java.util.concurrent.Future<Assessment> cue = checks.submit(() -> gate.check("My colleague has cancer."));
            Assessment done = plain.get(10, TimeUnit.SECONDS);
            assertEquals("allow", done.decisions().get("openai").action().label(), done.toString());
            assertTrue(done.undecided().isEmpty());
            Thread.sleep(100);
            assertTrue(!cue.isDone(), "a sentence the model has to read waits for the load");
            release.countDown();
            assertTrue(cue.get(10, TimeUnit.SECONDS).undecided().isEmpty());
        } finally {
            release.countDown();
            checks.shutdownNow();
        }
    }

    @Test
    void aGateWhoseModelWasNeverAskedForLoadsItAtTheFirstCheckAndABrokenOneStaysUndecided(@TempDir Path home) {
        Recording encoder = new Recording(true);
        PrivacyGate gate = gate(home, encoder);
        Assessment checked = gate.check("Summarise the meeting notes.");
        assertEquals("gate_undecided", checked.decisions().get("openai").rule());
        assertEquals(1, encoder.askedOn.size(), encoder.askedOn.toString());
    }
}
