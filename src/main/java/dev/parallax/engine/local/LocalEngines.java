package dev.parallax.engine.local;

import dev.parallax.engine.Engine;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The local engines of this machine and the choice between them. Only one holds a model at a time:
 * choosing one stops the other's worker, so two loaded models never compete for memory.
 */
public final class LocalEngines implements AutoCloseable {

    /** The engine that will run, and a one-line notice when it is not the one asked for. */
    public record Selection(Engine engine, Optional<String> notice) {
    }

    /** The requested engine cannot run here; the message says why and what to do. */
    public static final class UnavailableException extends Exception {
        public UnavailableException(String message) {
            super(message);
        }
    }

    private final Engine javaLlamaCpp;
    private final Optional<Engine> current;
    private final String currentUnavailable;
    private final Optional<FallbackEngine> auto;

    public LocalEngines(Engine javaLlamaCpp, Optional<Engine> current, String currentUnavailable) {
        this.javaLlamaCpp = javaLlamaCpp;
        this.current = current;
        this.currentUnavailable = currentUnavailable;
        this.auto = current.filter(LocalEngine.class::isInstance)
                .map(e -> new FallbackEngine((LocalEngine) e, javaLlamaCpp));
    }

    public Selection select(EngineChoice choice) throws UnavailableException {
        Selection s = switch (choice) {
            case JAVA_LLAMA_CPP -> new Selection(javaLlamaCpp, Optional.empty());
            case CURRENT -> new Selection(current.orElseThrow(() -> new UnavailableException(
                    "the current llama.cpp engine cannot run here: " + currentUnavailable)), Optional.empty());
            case AUTO -> autoSelection();
        };
        Engine running = s.engine() instanceof FallbackEngine ? current.orElseThrow() : s.engine();
        for (Engine other : all()) {
            if (other != running && other instanceof LocalEngine worker) {
                worker.unload();
            }
        }
        return s;
    }

    private Selection autoSelection() {
        if (current.isEmpty()) {
            return new Selection(javaLlamaCpp, Optional.of(
                    "using java-llama.cpp: the current llama.cpp engine is not available (" + currentUnavailable + ")"));
        }
        if (auto.isEmpty()) {
            return new Selection(current.get(), Optional.empty());
        }
        Optional<String> broken = auto.get().primaryBroken();
        if (broken.isPresent()) {
            return new Selection(javaLlamaCpp, Optional.of(
                    "using java-llama.cpp: the current llama.cpp engine could not start (" + broken.get() + ")"));
        }
        return new Selection(auto.get(), Optional.empty());
    }

    /** Whether the worker keeps the last model loaded between runs, for every local engine. */
    public void keepModelLoaded(boolean keep) {
        for (Engine e : all()) {
            if (e instanceof LocalEngine worker) {
                worker.keepModelLoaded(keep);
            }
        }
    }

    /** The engine {@code auto} picks: what runs local models unless a run asks for another. */
    public Engine preferred() {
        if (auto.isPresent() && auto.get().primaryBroken().isPresent()) {
            return javaLlamaCpp;
        }
        return current.orElse(javaLlamaCpp);
    }

    /** Only one engine: tests and tools that bring their own. */
    public static LocalEngines only(Engine engine) {
        return new LocalEngines(engine, Optional.empty(), "not configured");
    }

    public boolean currentAvailable() {
        return current.isPresent();
    }

    /** Why the current engine is not available; empty when it is. */
    public String currentUnavailableReason() {
        return current.isPresent() ? "" : currentUnavailable;
    }

    public List<Engine> all() {
        List<Engine> all = new ArrayList<>();
        current.ifPresent(all::add);
        all.add(javaLlamaCpp);
        return all;
    }

    @Override
    public void close() {
        all().forEach(Engine::close);
    }
}
