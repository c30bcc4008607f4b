package dev.parallax.bench.batch;

import dev.parallax.app.AppServices;
import dev.parallax.history.RunMetrics;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Child JVM: starts a batch and dies, as kill -9 would kill it (no shutdown hooks, nothing closed), right after
 * its Nth item was recorded. Args: home, OpenAI base URL, dataset id, N.
 */
public final class BatchCrashMain {

    private BatchCrashMain() {
    }

    public static void main(String[] args) throws Exception {
        AppServices services = BatchFixture.services(Path.of(args[0]), URI.create(args[1]));
        int haltAfter = Integer.parseInt(args[3]);
        AtomicInteger finished = new AtomicInteger();
        BatchHandle h = services.batches().start(BatchFixture.request(args[2], List.of(BatchFixture.OPENAI),
                Map.of("openai", 4), Optional.empty(), List.of()), new BatchListener() {
                    @Override
                    public void itemFinished(int rowNo, int targetIndex, int repeatNo, RunMetrics run) {
                        if (finished.incrementAndGet() == haltAfter) {
                            System.out.println("HALT");
                            System.out.flush();
                            Runtime.getRuntime().halt(9);
                        }
                    }
                });
        h.await();
        System.out.println("the batch ended before the crash");
        Runtime.getRuntime().halt(3);
    }
}
