package dev.parallax.engine.local;

import dev.parallax.core.RunEvent;
import dev.parallax.core.RunListener;
import dev.parallax.core.RunSpec;
import dev.parallax.engine.Engine;
import dev.parallax.engine.RunHandle;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * {@code auto}'s engine when the current llama.cpp is installed: runs on it, and when its worker cannot
 * start at all (a library that will not load, a runtime that crashes at start) runs the same request on
 * java-llama.cpp instead. The switch is announced as a {@link RunEvent.Retrying} event with the reason,
 * and is remembered for the rest of the process: later runs go straight to java-llama.cpp.
 *
 * <p>Only a failure to start falls back. A model the current engine loads but fails on is reported as
 * it is: the older engine knows fewer architectures, so retrying there would only hide the reason.
 */
final class FallbackEngine implements Engine {

    private final LocalEngine primary;
    private final Engine fallback;
    private volatile String primaryBroken;

    FallbackEngine(LocalEngine primary, Engine fallback) {
        this.primary = primary;
        this.fallback = fallback;
    }

    /** Why the primary engine was given up in this process; empty while it is in use. */
    Optional<String> primaryBroken() {
        return Optional.ofNullable(primaryBroken);
    }

    @Override
    public String name() {
        return primary.name();
    }

    @Override
    public RunHandle stream(RunSpec spec, RunListener listener) {
        if (primaryBroken != null) {
            return fallback.stream(spec, listener);
        }
        Switching handle = new Switching();
        handle.attachFirst(primary.stream(spec, new RunListener() {
            private boolean started;

            @Override
            public void onEvent(RunEvent event) {
                if (!started && event instanceof RunEvent.Failed failed && primary.startFailure().isPresent()) {
                    String reason = primary.startFailure().get();
                    primaryBroken = reason;
                    listener.onEvent(new RunEvent.Retrying(failed.nanos(), 1, "the current llama.cpp engine could not start ("
                            + reason + "); running on " + fallback.name() + " instead", 0));
                    handle.attach(fallback.stream(spec, event2 -> {
                        listener.onEvent(event2);
                        if (event2.isTerminal()) {
                            handle.ended.countDown();
                        }
                    }));
                    return;
                }
                started = true;
                listener.onEvent(event);
                if (event.isTerminal()) {
                    handle.ended.countDown();
                }
            }
        }));
        return handle;
    }

    @Override
    public void close() {
        // The two engines belong to LocalEngines, which closes them.
    }

    /** The handle of whichever engine runs the request now; a cancel reaches the one that runs. */
    private static final class Switching implements RunHandle {
        private final CountDownLatch ended = new CountDownLatch(1);
        private RunHandle current;
        private boolean cancelled;

        /** The primary's handle, unless the fallback's was attached already (the primary failed at once). */
        synchronized void attachFirst(RunHandle first) {
            if (current == null) {
                attach(first);
            }
        }

        synchronized void attach(RunHandle next) {
            current = next;
            if (cancelled) {
                next.cancel();
            }
        }

        @Override
        public synchronized void cancel() {
            cancelled = true;
            if (current != null) {
                current.cancel();
            }
        }

        @Override
        public boolean await(Duration timeout) throws InterruptedException {
            return ended.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
        }

        @Override
        public void await() throws InterruptedException {
            ended.await();
        }
    }
}
