package dev.parallax.engine.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** A running worker process as the parent sees it: commands in, protocol messages and log out. */
public final class WorkerProcess {

    /** Receives what the worker says while a run is attached. Called on the reader thread. */
    public interface Sink {
        void onMessage(JsonNode message);

        void onExit(String reason);
    }

    private static final Sink NO_SINK = new Sink() {
        @Override
        public void onMessage(JsonNode message) {
        }

        @Override
        public void onExit(String reason) {
        }
    };

    private final Process process;
    private final Writer stdin;
    private final EngineLogTap logTap;
    private final Thread logDrain;
    private final CompletableFuture<JsonNode> hello = new CompletableFuture<>();
    private final CompletableFuture<String> exit = new CompletableFuture<>();
    private volatile Sink sink = NO_SINK;
    private volatile boolean killed;
    private final WorkerClassArchive.Lease classArchive;

    /**
     * How long a worker that may write the class-data archive gets to end after it is asked to: it writes the archive
     * on its way out, once (0.3–0.5 s for the current engine's worker here), and one stopped halfway leaves none.
     */
    static final long ARCHIVE_WRITE_GRACE_MILLIS = 10_000;

    private WorkerProcess(Process process, EngineLogTap logTap, Thread logDrain, WorkerClassArchive.Lease classArchive) {
        this.logDrain = logDrain;
        this.process = process;
        this.stdin = new BufferedWriter(new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8));
        this.logTap = logTap;
        this.classArchive = classArchive;
    }

    /** Starts the worker and waits until it introduces itself. */
    public static WorkerProcess start(WorkerLaunch launch, Writer log, long helloTimeoutMillis) throws IOException {
        Files.createDirectories(launch.nativeTmpDir());
        try {
            WorkerCrashReports.keepNewest(launch.crashReportFolder(), WorkerCrashReports.KEEP);
        } catch (IOException e) {
            // Old reports only take room; the worker starts all the same.
            synchronized (log) {
                log.write("(could not delete old worker crash reports: " + e.getMessage() + ")\n");
                log.flush();
            }
        }
        WorkerClassArchive.Lease archive = launch.classArchive()
                .map(a -> new WorkerClassArchive(a).lease(WorkerClassArchive.sourceOf(launch.javaExecutable(), launch.classPath())))
                .orElse(WorkerClassArchive.Lease.none());
        ProcessBuilder builder = new ProcessBuilder(launch.command(archive.jvmOptions()));
        builder.environment().putAll(launch.environment());
        builder.redirectInput(ProcessBuilder.Redirect.PIPE);
        Process process;
        try {
            process = builder.start();
        } catch (IOException | RuntimeException e) {
            archive.release();
            throw e;
        }
        process.onExit().thenRun(archive::release);
        EngineLogTap tap = new EngineLogTap(log, launch.verbose());
        Thread logDrain = tap.drain(process.getErrorStream(), "worker-log-" + process.pid());
        WorkerProcess worker = new WorkerProcess(process, tap, logDrain, archive);
        worker.readStdout();
        try {
            JsonNode hello = worker.hello.get(helloTimeoutMillis, TimeUnit.MILLISECONDS);
            if (hello.hasNonNull("error")) {
                worker.kill();
                throw new IOException(hello.get("error").asText());
            }
        } catch (TimeoutException e) {
            worker.kill();
            throw new IOException("the local engine did not start within " + helloTimeoutMillis / 1000 + " s");
        } catch (ExecutionException e) {
            throw new IOException(e.getCause().getMessage());
        } catch (InterruptedException e) {
            worker.kill();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while starting the local engine");
        }
        return worker;
    }

    private void readStdout() {
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                    Optional<JsonNode> message = WorkerProtocol.decodeWorkerLine(line);
                    if (message.isEmpty()) {
                        logTap.accept(line);
                    } else if (WorkerProtocol.HELLO.equals(message.get().path("type").asText())) {
                        hello.complete(message.get());
                    } else {
                        sink.onMessage(message.get());
                    }
                }
            } catch (IOException e) {
                logTap.accept("(worker output closed: " + e.getMessage() + ")");
            }
            String reason = exitReason();
            hello.completeExceptionally(new IOException("the local engine stopped while starting (" + reason + ")"));
            exit.complete(reason);
            sink.onExit(reason);
        }, "worker-out-" + process.pid());
        reader.setDaemon(true);
        reader.start();
    }

    private String exitReason() {
        try {
            if (!process.waitFor(1500, TimeUnit.MILLISECONDS)) {
                return "its output closed but it is still running";
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
        try {
            // Its last words (a crash banner) may still be on their way through the log pipe.
            logDrain.join(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        int code = process.exitValue();
        String how = switch (code) {
            case 134 -> "aborted (SIGABRT)";
            case 137 -> "killed (SIGKILL)";
            case 139 -> "crashed (SIGSEGV)";
            case 143 -> "terminated (SIGTERM)";
            default -> code > 128 ? "killed by signal " + (code - 128) : "exit code " + code;
        };
        Optional<JvmCrashBanner.Crash> crash = logTap.crash();
        if (crash.isPresent()) {
            return "crashed: " + crash.get().describe();
        }
        // The JVM's own banner lines start with '#'; its "An error report file…" is no cause.
        List<String> tail = logTap.tail();
        String last = tail.stream().filter(l -> !l.startsWith("#"))
                .filter(l -> l.contains("GGML_ASSERT") || l.contains("error") || l.contains("Error")
                        || l.startsWith("terminate called") || l.contains("what():"))
                .reduce((a, b) -> b).orElse("");
        return last.isEmpty() ? how : how + ": " + abbreviate(last);
    }

    private static String abbreviate(String s) {
        return s.length() > 200 ? s.substring(0, 200) + "…" : s;
    }

    public JsonNode hello() {
        return hello.getNow(WorkerProtocol.message(WorkerProtocol.HELLO));
    }

    public void attach(Sink runSink) {
        this.sink = runSink;
        if (exit.isDone()) {
            runSink.onExit(exit.getNow("stopped"));
        }
    }

    public void detach() {
        this.sink = NO_SINK;
    }

    public synchronized void send(ObjectNode message) throws IOException {
        stdin.write(WorkerProtocol.encode(message));
        stdin.write('\n');
        stdin.flush();
    }

    public EngineLogTap logTap() {
        return logTap;
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return !killed && process.isAlive() && !exit.isDone();
    }

    /** Resident memory of the worker (Linux /proc), for the status bar. */
    public OptionalLong residentBytes() {
        Path status = Path.of("/proc", Long.toString(process.pid()), "status");
        try {
            for (String line : Files.readAllLines(status)) {
                if (line.startsWith("VmRSS:")) {
                    String[] parts = line.substring(6).trim().split("\\s+");
                    return OptionalLong.of(Long.parseLong(parts[0]) * 1024L);
                }
            }
        } catch (IOException | RuntimeException e) {
            return OptionalLong.empty();
        }
        return OptionalLong.empty();
    }

    /** Stops the worker at once; from now on it counts as dead, even while the OS is still tearing it down. */
    public void kill() {
        killed = true;
        process.destroyForcibly();
    }

    /** Asks the worker to stop, then makes sure it did. */
    public void shutdown(long graceMillis) {
        if (process.isAlive()) {
            try {
                send(WorkerProtocol.message(WorkerProtocol.SHUTDOWN));
                long grace = classArchive.mayWrite() ? Math.max(graceMillis, ARCHIVE_WRITE_GRACE_MILLIS) : graceMillis;
                if (process.waitFor(grace, TimeUnit.MILLISECONDS)) {
                    return;
                }
            } catch (IOException e) {
                // Its input is already closed: it is going away; make sure below.
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        process.destroyForcibly();
        try {
            process.waitFor(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
