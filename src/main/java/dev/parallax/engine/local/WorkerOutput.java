package dev.parallax.engine.local;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.PrintStream;

/** The worker's side of the protocol: writes one prefixed JSON line per message and flushes it. */
public final class WorkerOutput {

    private final PrintStream protocol;

    public WorkerOutput(PrintStream protocol) {
        this.protocol = protocol;
    }

    public synchronized void send(ObjectNode message) {
        protocol.print(WorkerProtocol.PREFIX);
        protocol.print(WorkerProtocol.encode(message));
        protocol.print('\n');
        protocol.flush();
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
        protocol.flush();
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

    public void failed(long runId, String message) {
        ObjectNode m = WorkerProtocol.message(WorkerProtocol.FAILED);
        m.put("id", runId).put("t", System.nanoTime()).put("message", message);
        send(m);
    }
}
