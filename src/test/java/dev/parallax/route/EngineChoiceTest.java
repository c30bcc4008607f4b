package dev.parallax.route;

import dev.parallax.app.AppServices;
import dev.parallax.app.ParallaxHome;
import dev.parallax.core.GenerationParams;
import dev.parallax.core.PromptMode;
import dev.parallax.core.RunEvent;
import dev.parallax.core.RunResult;
import dev.parallax.core.RunSpec;
import dev.parallax.core.RunStatus;
import dev.parallax.core.Target;
import dev.parallax.engine.local.EngineChoice;
import dev.parallax.testing.TestModels;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** Without a Java 22+ runtime or without the native libraries, auto falls back and "current" says why. */
class EngineChoiceTest {

    @TempDir
    Path home;

    private static RunSpec story() {
        return RunSpec.prompt(Target.local(TestModels.stories260K().toString()), null, "Once upon a time", PromptMode.RAW,
                GenerationParams.defaults().withMaxTokens(8).withThreads(2));
    }

    private void assertFallsBack(Map<String, String> env, String reason) throws Exception {
        try (AppServices services = new AppServices(new ParallaxHome(home), false, env)) {
            assertFalse(services.localEngines().currentAvailable());
            ActiveRun run = services.runService().start(story(), EngineChoice.AUTO, e -> { });
            assertTrue(run.notice().orElse("").startsWith("using java-llama.cpp: the current llama.cpp engine is not available ("),
                    run.notice().toString());
            assertTrue(run.notice().orElse("").contains(reason), run.notice().toString());
            RunResult result = run.await();
            assertEquals(RunStatus.COMPLETED, result.status(), result.error().orElse(""));
            assertEquals("java-llama.cpp", result.model().engine());

            RunRejectedException e = assertThrows(RunRejectedException.class,
                    () -> services.runService().start(story(), EngineChoice.CURRENT, ev -> { }));
            assertTrue(e.getMessage().startsWith("the current llama.cpp engine cannot run here: "), e.getMessage());
            assertTrue(e.getMessage().contains(reason), e.getMessage());
        }
    }

    @Test
    void withoutAJava22RuntimeAutoFallsBack() throws Exception {
        Map<String, String> env = new HashMap<>(System.getenv());
        env.put("PARALLAX_ENGINE_JAVA", home.resolve("no-such-jdk").toString());
        assertFallsBack(env, "is not a java executable or JDK folder");
    }

    @Test
    void withoutTheNativeLibrariesAutoFallsBack() throws Exception {
        Map<String, String> env = new HashMap<>(System.getenv());
        env.put("PARALLAX_LLAMA_LIBS", home.resolve("empty").toString());
        assertFallsBack(env, "the llama.cpp libraries are not in");
    }

    @Test
    void whenTheCurrentEngineCannotStartAutoRunsOnJavaLlamaCppAndSaysWhy() throws Exception {
        Path broken = Files.createDirectories(home.resolve("broken-libs"));
        for (String lib : new String[] {"libllama.so", "libggml.so", "libggml-base.so"}) {
            Files.writeString(broken.resolve(lib), "not a shared library");
        }
        Map<String, String> env = new HashMap<>(System.getenv());
        env.put("PARALLAX_LLAMA_LIBS", broken.toString());
        try (AppServices services = new AppServices(new ParallaxHome(home), false, env)) {
            assumeTrue(services.localEngines().currentAvailable(), "no Java 22+ runtime on this machine: nothing to fall back from");
            List<RunEvent.Retrying> retries = new CopyOnWriteArrayList<>();
            ActiveRun first = services.runService().start(story(), EngineChoice.AUTO, e -> {
                if (e instanceof RunEvent.Retrying r) {
                    retries.add(r);
                }
            });
            RunResult result = first.await();
            assertEquals(RunStatus.COMPLETED, result.status(), result.error().orElse(""));
            assertEquals("java-llama.cpp", result.model().engine());
            assertEquals(1, retries.size());
            assertTrue(retries.get(0).reason().startsWith("the current llama.cpp engine could not start ("), retries.get(0).reason());
            assertTrue(first.notice().orElse("").endsWith("running on java-llama.cpp instead"), first.notice().toString());

            // Remembered: the next run goes straight to java-llama.cpp, and says so before it starts.
            ActiveRun second = services.runService().start(story(), EngineChoice.AUTO, e -> { });
            assertTrue(second.notice().orElse("").startsWith("using java-llama.cpp: the current llama.cpp engine could not start ("),
                    second.notice().toString());
            assertEquals("java-llama.cpp", second.await().model().engine());

            // Asked for by name, the broken engine still fails with its reason instead of hiding it.
            RunResult forced = services.runService().start(story(), EngineChoice.CURRENT, e -> { }).await();
            assertEquals(RunStatus.FAILED, forced.status());
            assertTrue(forced.error().orElse("").startsWith("could not start the local engine: "), forced.error().toString());
        }
    }

    @Test
    void engineNamesParse() {
        assertEquals(EngineChoice.CURRENT, EngineChoice.parse("current"));
        assertEquals(EngineChoice.JAVA_LLAMA_CPP, EngineChoice.parse("java-llama.cpp"));
        assertEquals(EngineChoice.AUTO, EngineChoice.parse(" AUTO "));
        assertThrows(IllegalArgumentException.class, () -> EngineChoice.parse("cuda"));
    }
}
