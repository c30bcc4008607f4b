package dev.parallax.app;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Ends the JVM without the 0.3 s that Java 17's HttpClient otherwise adds to every exit.
 *
 * <p>HotSpot's exit waits up to 300 ms for each thread that is in native code to come back
 * ({@code VM_Exit::wait_for_threads_in_native_to_block}), and an HttpClient keeps its selector thread in
 * {@code epoll_wait} for as long as the client lives; Java 17 has no {@code HttpClient.close()}. Every command that had
 * built a client (the Hub's, the cloud engines') ended about 320 ms after its last line: {@code run}, {@code models
 * search}, {@code models downloads}, {@code providers list}. Interrupting the selector thread makes it shut its client
 * down and end, and the JVM exits within milliseconds. Only at exit: nothing may use a client afterwards.
 */
public final class JvmExit {

    /** How long the selector threads get to end; past it the JVM's own wait (300 ms at most) takes over. */
    private static final Duration SELECTOR_WAIT = Duration.ofMillis(200);

    private JvmExit() {
    }

    /** Stops the HttpClients' selector threads, then {@link System#exit(int)}. */
    public static void exit(int status) {
        stop(httpClientSelectors(), SELECTOR_WAIT);
        System.exit(status);
    }

    /** The live selector threads of java.net.http's clients ({@code HttpClient-<n>-SelectorManager}). */
    static List<Thread> httpClientSelectors() {
        ThreadGroup root = Thread.currentThread().getThreadGroup();
        while (root.getParent() != null) {
            root = root.getParent();
        }
        Thread[] threads = new Thread[root.activeCount() + 16];
        int n = root.enumerate(threads, true);
        List<Thread> selectors = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String name = threads[i].getName();
            if (name.startsWith("HttpClient-") && name.endsWith("-SelectorManager") && threads[i].isAlive()) {
                selectors.add(threads[i]);
            }
        }
        return selectors;
    }

    /**
     * Interrupts {@code selectors} and waits for them to end, {@code wait} in all.
     *
     * @return how many are still alive
     */
    static int stop(Collection<Thread> selectors, Duration wait) {
        selectors.forEach(Thread::interrupt);
        long deadline = System.nanoTime() + wait.toNanos();
        int alive = 0;
        for (Thread t : selectors) {
            long left = deadline - System.nanoTime();
            try {
                if (left > 0) {
                    t.join(Math.max(1, left / 1_000_000));
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                deadline = System.nanoTime();
            }
            if (t.isAlive()) {
                alive++;
            }
        }
        return alive;
    }
}
