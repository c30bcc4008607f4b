package dev.parallax.engine.local.jni;

import dev.parallax.engine.local.LoadSpec;
import dev.parallax.engine.local.WorkerLoop;

/** Entry point of the java-llama.cpp worker process. */
public final class JniWorkerMain {

    private JniWorkerMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        WorkerLoop.run(WorkerLoop.claimStdout(), new WorkerLoop.Backend() {
            @Override
            public String engine() {
                return JllamaSession.ENGINE;
            }

            @Override
            public String build() {
                return JllamaSession.BUILD;
            }

            @Override
            public WorkerLoop.Session load(LoadSpec load) {
                return JllamaSession.load(load);
            }
        });
    }
}
