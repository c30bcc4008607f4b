package dev.parallax.engine.local;

import java.util.Arrays;

/**
 * How many threads the next decode of a local model should use, learned from how long the last ones took.
 *
 * <p>Why: llama.cpp's CPU threads meet at a spinning barrier after every operation of the graph. When other
 * programs take a core, one of the threads is descheduled and the others spin until it gets the CPU back, at
 * every barrier: measured on a 2-core machine with a build running beside it, generation fell from ~130 to
 * 5–40 tokens/s with 2 threads, while 1 thread held 97–109. Fewer threads lose a little on an idle machine
 * and a lot less on a busy one, and which case holds changes while the app runs.
 *
 * <p>How: decodes run at the full count while their median time (over a window of {@link #WINDOW} tokens)
 * stays near the best seen at that count. When it degrades, or once early in a session, half as many threads
 * are tried for a window; the faster of the two is kept. While a smaller count is kept, the larger one is tried
 * again after {@link #REPROBE_EVERY} tokens, then less and less often while it keeps losing (at most every
 * {@link #REPROBE_MAX}), so the full count comes back when the machine is free again; a try that turns out
 * very slow is given up after one token.
 * Only relative timings count: the tuner knows nothing of models or machines. Not thread-safe: one per session,
 * used by its generation thread.
 */
public final class ThreadTuner {

    /** Tokens in one comparison window. */
    static final int WINDOW = 8;
    /** A window this much slower than the best window seen at the same count means something else took the CPU. */
    static final double DEGRADED = 1.5;
    /** A tried count is kept only when it is at least this much faster than the one it is compared with. */
    static final double BETTER = 0.9;
    /** Tokens at a reduced count before the first try of a larger one; doubled after each failed try. */
    static final int REPROBE_EVERY = 64;
    /** The longest wait between two tries of a larger count (about 2–3 s of generation on a small model). */
    static final int REPROBE_MAX = 256;
    /** A token of an upward try this much slower than the current count's median ends the try at once. */
    static final double GIVE_UP = 3;
    /** Tokens at the full count before the one exploratory try of half of it. */
    static final int FIRST_PROBE_AFTER = 2 * WINDOW;
    /** The fewest generated tokens a run has before its fewer-threads notice is worth showing. */
    public static final int NOTICE_MIN_TOKENS = 32;

    private final int max;
    private final long[][] recent;
    private final int[] filled;
    private final double[] best;
    private int home;
    private int probing;
    private int probeLeft;
    private long tokensAtHome;
    private boolean explored;
    private int reprobeEvery = REPROBE_EVERY;
    private long reducedTokens;
    private long tokens;

    /** @param max the configured thread count; 1 turns the tuner off */
    public ThreadTuner(int max) {
        if (max < 1) {
            throw new IllegalArgumentException("threads must be at least 1, not " + max);
        }
        this.max = max;
        this.recent = new long[max + 1][WINDOW];
        this.filled = new int[max + 1];
        this.best = new double[max + 1];
        Arrays.fill(best, Double.POSITIVE_INFINITY);
        this.home = max;
    }

    /** Threads for the next decode (a token, or a prompt batch). */
    public int threads() {
        return probing > 0 ? probing : home;
    }

    /** The count kept for now: what a prompt batch should use. */
    public int settled() {
        return home;
    }

    public int max() {
        return max;
    }

    /** Generated tokens decoded with fewer threads than configured, since the session began. */
    public long reducedTokens() {
        return reducedTokens;
    }

    /** One token was decoded with {@code threads} threads in {@code nanos}. */
    public void tokenTook(int threads, long nanos) {
        if (threads < 1 || threads > max || nanos <= 0) {
            return;
        }
        tokens++;
        if (threads < max) {
            reducedTokens++;
        }
        long[] ring = recent[threads];
        ring[filled[threads] % WINDOW] = nanos;
        filled[threads]++;
        if (max == 1) {
            return;
        }
        if (probing > 0) {
            // More threads on a busy machine can be very slow (every barrier waits for a descheduled thread):
            // one such token is answer enough, the window need not be sat through.
            boolean hopeless = probing > home && nanos > GIVE_UP * median(home);
            if (--probeLeft == 0 || hopeless) {
                endProbe(hopeless);
            }
            return;
        }
        tokensAtHome++;
        if (filled[home] < WINDOW) {
            return;
        }
        double median = median(home);
        best[home] = Math.min(best[home], median);
        if (home == max && !explored && tokensAtHome >= FIRST_PROBE_AFTER) {
            explored = true;
            startProbe(smaller(home));
        } else if (median > DEGRADED * best[home] && home > 1) {
            startProbe(smaller(home));
        } else if (home < max && tokensAtHome >= reprobeEvery) {
            startProbe(Math.min(max, home * 2));
        }
    }

    private void startProbe(int threads) {
        probing = threads;
        probeLeft = WINDOW;
        filled[threads] = 0;
    }

    private void endProbe(boolean failed) {
        int tried = probing;
        probing = 0;
        tokensAtHome = 0;
        double triedMedian = median(tried);
        if (!failed) {
            best[tried] = Math.min(best[tried], triedMedian);
        }
        if (!failed && triedMedian < BETTER * median(home)) {
            reprobeEvery = REPROBE_EVERY;
            home = tried;
            return;
        }
        if (tried > home) {
            reprobeEvery = Math.min(REPROBE_MAX, reprobeEvery * 2);
        }
        // Kept: what it does now is its normal for the moment (a longer context is slower too), so it is not
        // tried against the same count again until it gets worse still; and it is judged on fresh tokens.
        best[home] = Math.max(best[home], median(home));
        filled[home] = 0;
    }

    private static int smaller(int threads) {
        return Math.max(1, threads / 2);
    }

    private double median(int threads) {
        int n = Math.min(WINDOW, filled[threads]);
        if (n == 0) {
            return Double.POSITIVE_INFINITY;
        }
        long[] copy = Arrays.copyOf(recent[threads], n);
        Arrays.sort(copy);
        return n % 2 == 1 ? copy[n / 2] : (copy[n / 2 - 1] + copy[n / 2]) / 2.0;
    }

    /** Tokens seen since the session began. */
    public long tokens() {
        return tokens;
    }

    /** Below this (in processors) a process's load does not count as taking llama.cpp's cores. */
    static final double BUSY = 0.3;

    /**
     * What a run's notice says when most of its tokens ran on fewer threads than configured, and why, as far as
     * the machine's load tells: other programs, or Parallax itself (the window drawing a fast stream), kept processors
     * busy (llama.cpp's threads wait for each other at every step when one loses its core); or the machine was
     * otherwise idle and fewer threads were simply faster (a small model's steps are too short to share).
     *
     * @param load the load besides the worker during the run; empty when unknown
     */
    public static String fewerThreadsNotice(int used, int configured, long reducedTokens, long generated,
                                            java.util.Optional<OtherProcessesLoad.Load> load) {
        String head = "ran on " + used + " of " + configured + " threads for " + reducedTokens + " of " + generated
                + " tokens: ";
        String contention = ", and llama.cpp's threads wait for each other when one of them loses its core";
        int processors = Runtime.getRuntime().availableProcessors();
        if (load.isEmpty()) {
            return head + "fewer threads were faster here (other programs using the CPU make llama.cpp's threads wait"
                    + " for each other; a small model's steps are too short to share among threads)";
        }
        OtherProcessesLoad.Load l = load.get();
        if (l.others() >= BUSY) {
            return head + String.format(java.util.Locale.ROOT, "other programs kept about %.1f of the %d processors"
                    + " busy", l.others(), processors) + contention;
        }
        if (l.parallax() >= BUSY) {
            return head + String.format(java.util.Locale.ROOT, "Parallax itself kept about %.1f of the %d processors"
                    + " busy showing the answer as it streamed", l.parallax(), processors) + contention;
        }
        return head + "fewer threads were faster although the machine was otherwise idle: this model's steps are"
                + " too short to gain from sharing them among threads";
    }
}
