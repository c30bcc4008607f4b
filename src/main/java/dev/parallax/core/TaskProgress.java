package dev.parallax.core;

/**
 * How long-running work (copying, hashing, downloading) reports progress and learns it was
 * cancelled. The UI adapts it to its own task type; the CLI prints it; tests use {@link #none()}.
 */
public interface TaskProgress {

    void progress(long done, long total);

    void message(String text);

    boolean isCancelled();

    static TaskProgress none() {
        return new TaskProgress() {
            @Override
            public void progress(long done, long total) {
            }

            @Override
            public void message(String text) {
            }

            @Override
            public boolean isCancelled() {
                return false;
            }
        };
    }
}
