package dev.parallax.engine.local.jni;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parallax.engine.local.LoadSpec;
import dev.parallax.engine.local.WorkerCommands;
import dev.parallax.engine.local.WorkerOutput;
import dev.parallax.engine.local.WorkerProtocol;

import java.io.BufferedOutputStream;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * Entry point of the java-llama.cpp worker process. It owns at most one loaded model, runs one
 * generation at a time and reports it over the worker protocol. Anything that kills this process
 * (a GGML_ASSERT, a bad file, out of memory) costs a run, never the app.
 */
public final class JniWorkerMain {

    private JniWorkerMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        PrintStream protocol = new PrintStream(new BufferedOutputStream(new FileOutputStream(FileDescriptor.out), 1 << 16),
                false, StandardCharsets.UTF_8);
        // Stray prints (java-llama.cpp announces its library extraction on stdout) go to the log instead.
        System.setOut(System.err);
        WorkerOutput out = new WorkerOutput(protocol);
        WorkerCommands commands = new WorkerCommands();
        commands.startReading(System.in);

        ObjectNode hello = WorkerProtocol.message(WorkerProtocol.HELLO);
        hello.put("engine", JllamaSession.ENGINE).put("build", JllamaSession.BUILD).put("pid", ProcessHandle.current().pid());
        out.send(hello);

        JllamaSession session = null;
        while (true) {
            JsonNode command = commands.next();
            String type = command.path("type").asText();
            if (WorkerProtocol.SHUTDOWN.equals(type)) {
                protocol.flush();
                Runtime.getRuntime().halt(0);
            }
            if (!WorkerProtocol.RUN.equals(type)) {
                System.err.println("parallax worker: unknown command '" + type + "'");
                continue;
            }
            long runId = command.path("id").asLong();
            out.event(WorkerProtocol.STARTED, runId, System.nanoTime());
            LoadSpec load = WorkerProtocol.loadFromJson(command.path("load"));
            try {
                if (session == null) {
                    long t0 = System.nanoTime();
                    session = JllamaSession.load(load);
                    long t1 = System.nanoTime();
                    ObjectNode loaded = WorkerProtocol.message(WorkerProtocol.LOADED);
                    loaded.put("id", runId).put("t", t1).put("loadMs", (t1 - t0) / 1e6);
                    out.send(loaded);
                } else if (!session.load().equals(load)) {
                    out.failed(runId, "this worker holds another model; Parallax restarts it for a new one");
                    continue;
                }
            } catch (RuntimeException e) {
                out.failed(runId, "could not load the model: " + JllamaSession.describe(e));
                continue;
            }
            session.generate(runId, command, out, commands);
        }
    }
}
