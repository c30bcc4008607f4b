package dev.parallax.ui.base;

import dev.parallax.core.TaskCancelledException;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/** The task abstraction works without the JavaFX toolkit: callbacks, progress and cooperative cancel. */
class CurrentThreadTaskExecutorTest {

    private final CurrentThreadTaskExecutor executor = new CurrentThreadTaskExecutor();

    @Test
    void successReportsProgressThenTheValue() {
        List<String> calls = new ArrayList<>();
        BackgroundTask<Integer> task = BackgroundTask.of("t", p -> {
            p.message("half");
            p.progress(5, 10);
            return 42;
        });
        task.progressProperty().addListener((o, a, b) -> calls.add("progress " + b));
        task.messageProperty().addListener((o, a, b) -> calls.add("message " + b));
        executor.execute(task.onSuccess(v -> calls.add("success " + v)).onFinished(() -> calls.add("finished")));
        assertEquals(List.of("message half", "progress 0.5", "success 42", "finished"), calls);
        assertFalse(task.runningProperty().get());
    }

    @Test
    void failureAndCancelGoToTheirOwnCallbacks() {
        List<String> calls = new ArrayList<>();
        executor.execute(BackgroundTask.of("fails", p -> {
            throw new IllegalStateException("disk on fire");
        }).onFailure(e -> calls.add("failed " + e.getMessage())).onSuccess(v -> calls.add("success")));

        BackgroundTask<Object> cancelled = BackgroundTask.of("cancels", p -> {
            for (int i = 0; i < 10; i++) {
                p.progress(i, 10);
                if (p.isCancelled()) {
                    throw new TaskCancelledException("counting");
                }
            }
            return "done";
        });
        cancelled.progressProperty().addListener((o, a, b) -> {
            if (b.doubleValue() >= 0.3) {
                cancelled.cancel();
            }
        });
        executor.execute(cancelled.onCancelled(() -> calls.add("cancelled")).onSuccess(v -> calls.add("success")));
        assertEquals(List.of("failed disk on fire", "cancelled"), calls);
    }

    @Test
    void repeatedJobsRunWhenTheTestSays() {
        List<String> runs = new ArrayList<>();
        TaskExecutor.Repeating job = executor.repeat(java.time.Duration.ofSeconds(2), () -> runs.add("tick"));
        executor.runRepeatedJobs();
        job.close();
        executor.runRepeatedJobs();
        assertEquals(List.of("tick"), runs);
    }
}
