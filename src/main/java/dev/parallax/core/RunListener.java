package dev.parallax.core;

/** Receives a run's events in order, on the engine's thread. Must not block. */
@FunctionalInterface
public interface RunListener {

    void onEvent(RunEvent event);

    static RunListener none() {
        return event -> { };
    }

    default RunListener andThen(RunListener next) {
        return event -> {
            onEvent(event);
            next.onEvent(event);
        };
    }
}
