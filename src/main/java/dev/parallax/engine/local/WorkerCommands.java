package dev.parallax.engine.local;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Reads the parent's commands on a daemon thread. Cancel requests are noted at once, so a
 * generation loop can see them between tokens; the worker ends when its parent goes away.
 */
public final class WorkerCommands {

    private final BlockingQueue<JsonNode> queue = new LinkedBlockingQueue<>();
    private volatile long cancelledRunId = -1;

    public void startReading(InputStream stdin) {
        Thread reader = new Thread(() -> read(stdin), "worker-commands");
        reader.setDaemon(true);
        reader.start();
    }

    private void read(InputStream stdin) {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(stdin, StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                Optional<JsonNode> command = WorkerProtocol.decode(line);
                if (command.isEmpty()) {
                    System.err.println("parallax worker: ignored a malformed command line");
                    continue;
                }
                JsonNode c = command.get();
                if (WorkerProtocol.CANCEL.equals(c.path("type").asText())) {
                    cancelledRunId = c.path("id").asLong();
                } else {
                    queue.add(c);
                }
            }
        } catch (IOException e) {
            System.err.println("parallax worker: lost the parent's input: " + e.getMessage());
        }
        // The parent is gone: halt rather than exit, because java-llama.cpp leaves a native thread behind.
        Runtime.getRuntime().halt(0);
    }

    public JsonNode next() throws InterruptedException {
        return queue.take();
    }

    public Optional<JsonNode> poll(long millis) throws InterruptedException {
        return Optional.ofNullable(queue.poll(millis, TimeUnit.MILLISECONDS));
    }

    public boolean isCancelled(long runId) {
        return cancelledRunId == runId;
    }
}
