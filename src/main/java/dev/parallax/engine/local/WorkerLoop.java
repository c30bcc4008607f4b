package dev.parallax.engine.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.BufferedOutputStream;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * The main loop every worker process runs: say hello, then load (once) and generate for each run
 * command. Anything that kills this process (a GGML_ASSERT, a bad file, out of memory) costs a run,
 * never the app.
 */
public final class WorkerLoop {

    /** One engine as seen from inside its worker process. */
    public interface Backend {
        String engine();

        String build();

        Session load(LoadSpec load) throws Exception;
    }

    /** One loaded model. */
    public interface Session {
        LoadSpec load();

        void generate(long runId, JsonNode command, WorkerOutput out, WorkerCommands commands);
    }

    private WorkerLoop() {
    }

    /** Takes stdout for the protocol (stray prints go to stderr, i.e. the log) and starts reading commands. */
    public static WorkerOutput claimStdout() {
        PrintStream protocol = new PrintStream(new BufferedOutputStream(new FileOutputStream(FileDescriptor.out), 1 << 16),
                false, StandardCharsets.UTF_8);
        System.setOut(System.err);
        return new WorkerOutput(protocol);
    }

    /** Tells the parent this worker cannot run (wrong libraries, no runtime support) and ends. */
    public static void refuse(WorkerOutput out, String engine, String reason) {
        ObjectNode hello = WorkerProtocol.message(WorkerProtocol.HELLO);
        hello.put("engine", engine).put("error", reason).put("pid", ProcessHandle.current().pid());
        out.send(hello);
        Runtime.getRuntime().halt(3);
    }

    public static void run(WorkerOutput out, Backend backend) throws InterruptedException {
        WorkerCommands commands = new WorkerCommands();
        commands.startReading(System.in);
        ObjectNode hello = WorkerProtocol.message(WorkerProtocol.HELLO);
        hello.put("engine", backend.engine()).put("build", backend.build()).put("pid", ProcessHandle.current().pid());
        out.send(hello);

        Session session = null;
        while (true) {
            JsonNode command = commands.next();
            String type = command.path("type").asText();
            if (WorkerProtocol.SHUTDOWN.equals(type)) {
                // halt, not exit: java-llama.cpp leaves a native thread that would keep the JVM alive.
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
                    session = backend.load(load);
                    long t1 = System.nanoTime();
                    ObjectNode loaded = WorkerProtocol.message(WorkerProtocol.LOADED);
                    loaded.put("id", runId).put("t", t1).put("loadMs", (t1 - t0) / 1e6);
                    out.send(loaded);
                } else if (!session.load().equals(load)) {
                    out.failed(runId, "this worker holds another model; Parallax restarts it for a new one");
                    continue;
                }
            } catch (Exception | Error e) {
                out.failed(runId, "could not load the model: " + describe(e));
                continue;
            }
            session.generate(runId, command, out, commands);
        }
    }

    public static String describe(Throwable e) {
        String message = e.getMessage();
        return message == null || message.isBlank() ? e.getClass().getSimpleName() : message.strip();
    }
}
