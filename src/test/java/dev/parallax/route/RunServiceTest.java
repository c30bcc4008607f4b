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
import dev.parallax.core.TaskProgress;
import dev.parallax.history.RunRecord;
import dev.parallax.models.ImportMode;
import dev.parallax.models.LocalModel;
import dev.parallax.testing.TestModels;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The whole run path on a real model, a real worker and a real H2 database. */
class RunServiceTest {

    @TempDir
    Path home;

    private AppServices services;

    @BeforeEach
    void open() {
        services = new AppServices(new ParallaxHome(home), false);
    }

    @AfterEach
    void close() {
        services.close();
    }

    @Test
    void aRunIsRecordedAtStartAndCompletedAtTheEnd() throws Exception {
        LocalModel model = services.models().importFile(TestModels.stories260K(), ImportMode.COPY, TaskProgress.none());
        RunSpec spec = RunSpec.prompt(Target.local(model.name()), null, "Once upon a time", PromptMode.AUTO,
                GenerationParams.defaults().withMaxTokens(24).withSeed(7).withThreads(2));
        CountDownLatch firstToken = new CountDownLatch(1);
        List<RunEvent> events = new CopyOnWriteArrayList<>();
        ActiveRun run = services.runService().start(spec, e -> {
            events.add(e);
            if (e instanceof RunEvent.Token) {
                firstToken.countDown();
            }
        });
        assertTrue(firstToken.await(60, TimeUnit.SECONDS));
        RunResult result = run.await();

        assertEquals(RunStatus.COMPLETED, result.status(), () -> result.error().orElse(""));
        assertEquals(PromptMode.RAW, result.spec().mode(), "a model without a chat template runs as completion");
        assertEquals("local:" + model.name(), result.spec().target().toString(), "history keeps the target as written");
        RunRecord stored = services.runs().find(run.runId()).orElseThrow();
        assertEquals(RunStatus.COMPLETED, stored.status());
        assertEquals(result.text(), stored.output());
        assertEquals(model.sha256().orElseThrow(), stored.model().sha256());
        assertEquals(result.model().engine(), stored.model().engine());
        assertFalse(stored.model().engine().isBlank());
        assertFalse(stored.model().engineBuild().isBlank());
        assertEquals(result.usage(), stored.usage());
        assertEquals(result.timings().engine(), stored.timings().engine());
        assertEquals(24, stored.params().maxTokens());
        assertFalse(stored.host().cpuModel().isBlank());
        assertTrue(run.saveError().isEmpty());
    }

    @Test
    void aBadTargetIsRejectedBeforeAnythingIsWritten() {
        RunSpec spec = RunSpec.prompt(Target.local("no-such-model"), null, "hi", PromptMode.AUTO, GenerationParams.defaults());
        RunRejectedException e = assertThrows(RunRejectedException.class, () -> services.runService().start(spec, ev -> { }));
        assertTrue(e.getMessage().startsWith("no model named 'no-such-model'"), e.getMessage());
        assertTrue(services.runs().recent(10).isEmpty());
    }
}
