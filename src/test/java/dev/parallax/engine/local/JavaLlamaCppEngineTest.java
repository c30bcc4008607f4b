package dev.parallax.engine.local;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

/** java-llama.cpp (llama.cpp b4916) through its worker process. */
class JavaLlamaCppEngineTest extends LocalEngineContract {

    /** The worker's files (its log, its native folder); removed after the class. */
    @TempDir
    static Path tmp;

    @BeforeAll
    static void startEngine() throws Exception {
        start("java-llama.cpp", WorkerLaunch.sameRuntime("dev.parallax.engine.local.jni.JniWorkerMain",
                tmp.resolve("native"), tmp.resolve("engine.log"), false));
    }

    @Override
    String engineName() {
        return "java-llama.cpp";
    }
}
