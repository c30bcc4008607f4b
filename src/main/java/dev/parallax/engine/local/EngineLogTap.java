package dev.parallax.engine.local;

import dev.parallax.core.EngineTimings;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Carries a worker's log (llama.cpp writes it to stderr) into Parallax's log file, keeps its last
 * lines for crash messages, and picks out llama.cpp's own per-request timings:
 * <pre>
 * prompt eval time =      12.76 ms /     5 tokens (...)
 *        eval time =       3.31 ms /    20 tokens (...)
 * </pre>
 */
public final class EngineLogTap {

    private static final Pattern PROMPT_EVAL = Pattern.compile("^\\s*prompt eval time\\s*=\\s*([0-9.]+) ms /\\s*(\\d+) (?:tokens|runs)");
    private static final Pattern EVAL = Pattern.compile("^\\s*eval time\\s*=\\s*([0-9.]+) ms /\\s*(\\d+) (?:tokens|runs)");
    private static final int TAIL_LINES = 8;

    private final Writer log;
    private final boolean echo;
    private final Deque<String> tail = new ArrayDeque<>();
    private final JvmCrashBanner crashBanner = new JvmCrashBanner();
    private double promptMs = -1;
    private int promptTokens;
    private EngineTimings latest;
    private long sequence;

    public EngineLogTap(Writer log, boolean echo) {
        this.log = log;
        this.echo = echo;
    }

    /** Reads {@code stream} to its end on a daemon thread. */
    public Thread drain(InputStream stream, String threadName) {
        Thread t = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                    accept(line);
                }
            } catch (IOException e) {
                accept("(log stream closed: " + e.getMessage() + ")");
            }
        }, threadName);
        t.setDaemon(true);
        t.start();
        return t;
    }

    public void accept(String line) {
        synchronized (log) {
            try {
                log.write(line);
                log.write('\n');
                log.flush();
            } catch (IOException e) {
                // The log is a convenience; a full disk must not break a run.
            }
        }
        if (echo) {
            System.err.println(line);
        }
        crashBanner.accept(line);
        synchronized (this) {
            if (!line.isBlank()) {
                tail.addLast(line.strip());
                while (tail.size() > TAIL_LINES) {
                    tail.removeFirst();
                }
            }
            Matcher prompt = PROMPT_EVAL.matcher(line);
            if (prompt.find()) {
                promptMs = Double.parseDouble(prompt.group(1));
                promptTokens = Integer.parseInt(prompt.group(2));
                return;
            }
            Matcher eval = EVAL.matcher(line);
            if (eval.find() && promptMs >= 0) {
                latest = new EngineTimings(promptTokens, promptMs, Integer.parseInt(eval.group(2)),
                        Double.parseDouble(eval.group(1)));
                promptMs = -1;
                sequence++;
                notifyAll();
            }
        }
    }

    public synchronized long sequence() {
        return sequence;
    }

    /** Waits up to {@code millis} for timings reported after {@code afterSequence}. */
    public synchronized Optional<EngineTimings> awaitTimings(long afterSequence, long millis) throws InterruptedException {
        long deadline = System.nanoTime() + millis * 1_000_000L;
        while (sequence <= afterSequence) {
            long left = (deadline - System.nanoTime()) / 1_000_000L;
            if (left <= 0) {
                return Optional.empty();
            }
            wait(left);
        }
        return Optional.ofNullable(latest);
    }

    public synchronized List<String> tail() {
        return List.copyOf(tail);
    }

    /** The fatal error the worker's JVM reported, when native code brought it down. */
    Optional<JvmCrashBanner.Crash> crash() {
        return crashBanner.crash();
    }
}
