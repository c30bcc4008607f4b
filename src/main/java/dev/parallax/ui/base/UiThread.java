package dev.parallax.ui.base;

/**
 * Where view-model state may change: the JavaFX thread in the app, the calling thread in tests.
 * Services call back on their own threads; view-models hop over with this.
 */
@FunctionalInterface
public interface UiThread {

    void run(Runnable action);

    /** Runs at once on the calling thread: for tests without the JavaFX toolkit. */
    static UiThread direct() {
        return Runnable::run;
    }
}
