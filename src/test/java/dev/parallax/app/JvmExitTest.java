package dev.parallax.app;

import org.junit.jupiter.api.Test;

import java.lang.ref.Reference;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class JvmExitTest {

    @Test
    void aClientsSelectorThreadEndsWhenStopped() {
        Set<Thread> before = new HashSet<>(JvmExit.httpClientSelectors());
        HttpClient client = HttpClient.newHttpClient();
        // Only this test's client: other tests' clients in this JVM are left alone.
        List<Thread> mine = JvmExit.httpClientSelectors().stream().filter(t -> !before.contains(t)).toList();
        assertEquals(1, mine.size(), "a new HttpClient runs one selector thread: " + mine);
        assertTrue(mine.get(0).isAlive());

        assertEquals(0, JvmExit.stop(mine, Duration.ofSeconds(10)));
        assertFalse(mine.get(0).isAlive(), "interrupted, the selector thread ends (and with it the JVM's exit wait)");
        assertFalse(JvmExit.httpClientSelectors().contains(mine.get(0)));
        Reference.reachabilityFence(client);
    }

    @Test
    void otherThreadsAreNotTakenForSelectors() throws InterruptedException {
        Thread worker = new Thread(() -> {
            try {
                Thread.sleep(60_000);
            } catch (InterruptedException e) {
                // ended by the test
            }
        }, "HttpClient-1-Worker-0");
        worker.setDaemon(true);
        worker.start();
        try {
            assertFalse(JvmExit.httpClientSelectors().contains(worker));
        } finally {
            worker.interrupt();
            worker.join(10_000);
        }
    }
}
