package dev.parallax.route;

import dev.parallax.app.AppServices;
import dev.parallax.app.ParallaxHome;
import dev.parallax.core.GenerationParams;
import dev.parallax.core.PromptMode;
import dev.parallax.core.RunResult;
import dev.parallax.core.RunSpec;
import dev.parallax.core.RunStatus;
import dev.parallax.core.Target;
import dev.parallax.engine.local.EngineChoice;
import dev.parallax.testing.TestModels;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
    void engineNamesParse() {
        assertEquals(EngineChoice.CURRENT, EngineChoice.parse("current"));
        assertEquals(EngineChoice.JAVA_LLAMA_CPP, EngineChoice.parse("java-llama.cpp"));
        assertEquals(EngineChoice.AUTO, EngineChoice.parse(" AUTO "));
        assertThrows(IllegalArgumentException.class, () -> EngineChoice.parse("cuda"));
    }
}
