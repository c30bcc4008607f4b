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

    public void token(long runId, long nanos, String text) {
        ObjectNode m = WorkerProtocol.message(WorkerProtocol.TOKEN);
        m.put("id", runId).put("t", nanos).put("text", text);
        send(m);
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
