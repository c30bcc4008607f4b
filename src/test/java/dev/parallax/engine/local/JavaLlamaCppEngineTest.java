package dev.parallax.engine.local;

import org.junit.jupiter.api.BeforeAll;

import java.nio.file.Files;
import java.nio.file.Path;

/** java-llama.cpp (llama.cpp b4916) through its worker process. */
class JavaLlamaCppEngineTest extends LocalEngineContract {

    @BeforeAll
    static void startEngine() throws Exception {
        Path tmp = Files.createTempDirectory("parallax-jni-test");
        start("java-llama.cpp", WorkerLaunch.sameRuntime("dev.parallax.engine.local.jni.JniWorkerMain",
                tmp.resolve("native"), tmp.resolve("engine.log"), false));
    }

    @Override
    String engineName() {
        return "java-llama.cpp";
    }
}
