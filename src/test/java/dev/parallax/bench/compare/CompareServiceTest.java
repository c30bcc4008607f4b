package dev.parallax.bench.compare;

import dev.parallax.app.AppServices;
import dev.parallax.app.ParallaxHome;
import dev.parallax.core.GenerationParams;
import dev.parallax.core.RunEvent;
import dev.parallax.core.Target;
import dev.parallax.engine.local.EngineChoice;
import dev.parallax.history.RunMetrics;
import dev.parallax.testing.FakeOpenAiServer;
import dev.parallax.testing.TestModels;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Compare on a real tiny local model and fake cloud targets, through the real run path and history. */
class CompareServiceTest {

    @TempDir
    Path home;

    private static AppServices services(Path home, FakeOpenAiServer server) {
        return new AppServices(new ParallaxHome(home), false, Map.of("PARALLAX_KEYSTORE", "file",
                "OPENAI_BASE_URL", server.base().toString(), "OPENAI_API_KEY", "sk-test-00000000000000000000"));
    }

    @Test
    void aLocalModelAndACloudTargetAreComparedWithRepeatsSavedAndReopened() throws Exception {
        try (FakeOpenAiServer server = new FakeOpenAiServer(30, 8, 2); AppServices services = services(home, server)) {
            Target local = Target.local(TestModels.stories260K().toString());
            Target cloud = new Target("openai", "gpt-4o-mini");
            AtomicInteger tokens = new AtomicInteger();
            CompareRequest request = new CompareRequest("Once upon a time", Optional.empty(), List.of(local, cloud), 3, false,
                    GenerationParams.defaults().withMaxTokens(12).withSeed(3).withThreads(2), EngineChoice.AUTO);
            Comparison c = services.compare().run(request, new CompareListener() {
                @Override
                public void event(int targetIndex, int repeatNo, RunEvent event) {
                    if (event instanceof RunEvent.Token) {
                        tokens.incrementAndGet();
                    }
                }
            });
            assertEquals(2, c.targets().size());
            for (TargetResult t : c.targets()) {
                assertEquals(3, t.runs().size(), t.target());
                assertEquals(3, t.stats().succeeded(), () -> t.runs().get(0).error().orElse(""));
                assertTrue(t.stats().ttftMs().p50().isKnown());
                assertTrue(t.stats().totalMs().p95().value() >= t.stats().totalMs().p50().value());
                assertFalse(t.answer().isBlank());
            }
            assertTrue(tokens.get() > 0, "tokens stream to the listener");
            assertEquals(3, server.requests());
            assertTrue(c.winners().containsKey(Badge.FASTEST_FIRST_TOKEN));
            assertTrue(c.winners().containsKey(Badge.FASTEST_TOTAL));
            assertEquals(3, c.verdicts().size(), "TTFT, total time and tokens/s, for the one pair");
            int badges = c.targets().stream().mapToInt(t -> t.badges().size()).sum();
            assertEquals(c.winners().size(), badges);

            Comparison reopened = services.compare().open(c.id().substring(0, 8)).orElseThrow();
            assertEquals(c.id(), reopened.id());
            assertEquals(c.winners(), reopened.winners());
            for (int t = 0; t < 2; t++) {
                assertEquals(c.targets().get(t).runs().stream().map(RunMetrics::runId).toList(),
                        reopened.targets().get(t).runs().stream().map(RunMetrics::runId).toList());
                assertEquals(c.targets().get(t).stats().ttftMs(), reopened.targets().get(t).stats().ttftMs());
            }
            assertEquals(1, services.compare().list(10).size());
        }
    }

    @Test
    void sequentialRunsOneAtATimeWhileCloudTargetsOtherwiseRunTogether() throws Exception {
        try (FakeOpenAiServer server = new FakeOpenAiServer(80, 4, 2); AppServices services = services(home, server)) {
            List<Target> targets = List.of(new Target("openai", "gpt-4o-mini"), new Target("openai", "gpt-4o"),
                    new Target("openai", "gpt-4.1"));
            GenerationParams p = GenerationParams.defaults().withMaxTokens(8);
            services.compare().run(new CompareRequest("hi", Optional.empty(), targets, 2, true, p, EngineChoice.AUTO),
                    CompareListener.none());
            assertEquals(1, server.maxConcurrent(), "sequential: one run at a time");
            Comparison together = services.compare().run(new CompareRequest("hi", Optional.empty(), targets, 2, false, p,
                    EngineChoice.AUTO), CompareListener.none());
            assertEquals(3, server.maxConcurrent(), "three cloud targets at once, each its repeats in turn");
            assertEquals(12, server.requests());
            assertTrue(together.winners().containsKey(Badge.CHEAPEST));
            assertEquals("openai:gpt-4o-mini", together.winners().get(Badge.CHEAPEST));
        }
    }

    @Test
    void aRefusedTargetIsReportedAndTheOthersStillRun() throws Exception {
        try (FakeOpenAiServer server = new FakeOpenAiServer(5, 2, 1); AppServices services = services(home, server)) {
            AtomicInteger refusals = new AtomicInteger();
            Comparison c = services.compare().run(new CompareRequest("hi", Optional.empty(),
                    List.of(new Target("openai", "gpt-4o-mini"), Target.local("no-such-model")), 1, false,
                    GenerationParams.defaults().withMaxTokens(4), EngineChoice.AUTO), new CompareListener() {
                        @Override
                        public void refused(int targetIndex, String reason) {
                            refusals.incrementAndGet();
                        }
                    });
            assertEquals(1, refusals.get());
            assertTrue(c.targets().get(1).refused().orElseThrow().startsWith("no model named 'no-such-model'"));
            assertEquals(1, c.targets().get(0).stats().succeeded());
        }
    }
}
