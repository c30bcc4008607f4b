package dev.parallax.engine.local;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.PrintStream;

/**
 * The worker's side of the protocol: writes one prefixed JSON line per message. Every message but a token is flushed
 * at once. Tokens are too, when the last flush is {@link #COALESCE_NANOS} old or the token is a run's first; the
 * others wait at most that long for a flusher thread, together. Why: each flush wakes the app's reader thread, which
 * on a small machine takes the core of the thread that should be decoding the next token (measured on 2 cores: the
 * end-to-end generation rate of a 135M model was 0.95 of llama.cpp's own). Each token keeps the time it was made.
 */
public final class WorkerOutput {

    /** How long a token may wait in the buffer for the ones after it: well under a frame of the app's window. */
    static final long COALESCE_NANOS = 15_000_000L;

    private final PrintStream protocol;
    private long lastFlush;
    private long lastTokenRun = -1;
    private boolean pending;
    private Thread flusher;

    public WorkerOutput(PrintStream protocol) {
        this.protocol = protocol;
    }

    public synchronized void send(ObjectNode message) {
        protocol.print(WorkerProtocol.PREFIX);
        protocol.print(WorkerProtocol.encode(message));
        protocol.print('\n');
        flush();
    }

    private void flush() {
        protocol.flush();
        lastFlush = System.nanoTime();
        pending = false;
    }

    private void flushSoon() {
        pending = true;
        if (flusher == null) {
            flusher = new Thread(this::flushLoop, "worker-output-flusher");
            flusher.setDaemon(true);
            flusher.start();
        }
        notifyAll();
    }

    private synchronized void flushLoop() {
        try {
            while (true) {
                while (!pending) {
                    wait();
                }
                long due = lastFlush + COALESCE_NANOS - System.nanoTime();
                if (due > 0) {
                    wait(due / 1_000_000, (int) (due % 1_000_000));
                } else {
                    flush();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private final StringBuilder line = new StringBuilder(256);

    /** The hot path: one line per token, written without building a JSON tree. */
    public synchronized void token(long runId, long nanos, String text) {
        line.setLength(0);
        line.append(WorkerProtocol.PREFIX).append("{\"type\":\"token\",\"id\":").append(runId)
                .append(",\"t\":").append(nanos).append(",\"text\":\"");
        appendEscaped(line, text);
        line.append("\"}\n");
        protocol.append(line);
        if (runId != lastTokenRun || System.nanoTime() - lastFlush >= COALESCE_NANOS) {
            lastTokenRun = runId;
            flush();
        } else {
            flushSoon();
        }
    }

    static void appendEscaped(StringBuilder out, String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20 || c == 0x2028 || c == 0x2029) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
    }

    public void event(String type, long runId, long nanos) {
        ObjectNode m = WorkerProtocol.message(type);
        m.put("id", runId).put("t", nanos);
        send(m);
    }

    /**
     * A run ended by a cancel, with what it used: {@code exact} when the counts are the engine's own (tokenized
     * and sampled by the worker), else an estimate.
     */
    public void cancelled(long runId, long nanos, int promptTokens, int completionTokens, boolean exact) {
        ObjectNode m = WorkerProtocol.message(WorkerProtocol.CANCELLED);
        m.put("id", runId).put("t", nanos).put("promptTokens", promptTokens).put("completionTokens", completionTokens)
                .put("exact", exact);
        send(m);
    }

    public void failed(long runId, String message) {
        ObjectNode m = WorkerProtocol.message(WorkerProtocol.FAILED);
        m.put("id", runId).put("t", System.nanoTime()).put("message", message);
        send(m);
    }
}
