package dev.parallax.route;

import dev.parallax.app.AppServices;
import dev.parallax.app.ParallaxHome;
import dev.parallax.core.GenerationParams;
import dev.parallax.core.RunResult;
import dev.parallax.core.RunSpec;
import dev.parallax.core.RunStatus;
import dev.parallax.core.Target;
import dev.parallax.engine.local.EngineChoice;
import dev.parallax.history.DecisionRecord;
import dev.parallax.history.StoredFinding;
import dev.parallax.privacy.Destination;
import dev.parallax.privacy.Dismissals;
import dev.parallax.privacy.PrivacyConfig;
import dev.parallax.privacy.PrivacyGate;
import dev.parallax.privacy.PrivacySettings;
import dev.parallax.privacy.SentenceEncoders;
import dev.parallax.testing.CountingOpenAiServer;
import dev.parallax.testing.TestModels;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The gated run path in one process: local-only reroutes, fail-closed gates, decisions stored without values. */
class RunPrivacyTest {

    static final List<String> SENSITIVE = List.of(
            "Write to alice.martin@gmail.com about the renewal.",
            "Charge 4111 1111 1111 1111 for the hotel.",
            "Wire it to DE89 3704 0044 0532 0130 00 today.",
            "My SSN is 536-90-4399, fill in the form.",
            "Why does sk-proj-Xt4bLq9ZrW2mKv7NpD3sYh8JcF6gA1eU5oTiR0 return 401?",
            "Call me on +44 20 7946 0958 tomorrow.",
            "Server 203.0.113.42 has MAC 00:1A:2B:3C:4D:5E.",
            "I was diagnosed with depression last spring and need a note for my boss.",
            "My colleague is gay and has not told the team yet.",
            "She is a shop steward for the nurses' union.");

    @TempDir
    Path home;

    private AppServices services(CountingOpenAiServer server) {
        return new AppServices(new ParallaxHome(home), false, Map.of("OPENAI_BASE_URL", server.baseUrl(),
                "OPENAI_API_KEY", "sk-test-0000000000000000000000", "PARALLAX_KEYSTORE", "file"));
    }

    @Test
    void everySensitivePromptRunsLocallyAndTheCloudSeesNothing() throws Exception {
        String model = TestModels.stories260K().toString();
        try (CountingOpenAiServer server = new CountingOpenAiServer(); AppServices services = services(server)) {
            PrivacySettings settings = services.privacyGate().settings();
            settings.save(settings.load().withLocalModel(Optional.of(model)));
            for (String prompt : SENSITIVE) {
                ActiveRun run = services.runService().start(RunSpec.chat(new Target("openai", "gpt-4o-mini"), "", prompt,
                        GenerationParams.defaults().withMaxTokens(2)), EngineChoice.AUTO, RunOptions.defaults(), e -> { });
                RunResult result = run.await(Duration.ofSeconds(60)).orElseThrow();
                assertEquals(RunStatus.COMPLETED, result.status(), prompt + ": " + result.error().orElse(""));
                assertTrue(result.spec().target().isLocal(), prompt);
                DecisionRecord d = services.audit().decision(run.runId()).orElseThrow();
                assertEquals("openai:gpt-4o-mini", d.requestedTarget());
                assertEquals("local:" + model, d.chosenTarget());
                assertEquals("local-only", d.action());
                assertFalse(d.findings().isEmpty(), prompt);
            }
            assertEquals(0, server.connections(), "connections the cloud saw");
            assertEquals(0, server.bytes(), "bytes the cloud saw");
        }
    }

    @Test
    void aGateThatCannotLoadItsModelLetsNothingLeave() throws Exception {
        try (CountingOpenAiServer server = new CountingOpenAiServer(); AppServices services = services(server)) {
            PrivacySettings settings = new PrivacySettings(services.config());
            PrivacyGate broken = new PrivacyGate(settings, SentenceEncoders.unavailable("the model file is damaged"),
                    () -> List.of(new Destination("openai", false)), Optional::empty);
            RunService runs = new RunService(services.models(), services.localEngines(), CloudRouter.of(services.providers()),
                    services.costs(), services.runs(), new RunPrivacy(broken, services.audit(), Clock.systemUTC()),
                    services.host(), Clock.systemUTC());
            RunRejectedException refused = assertThrows(RunRejectedException.class, () -> runs.start(
                    RunSpec.chat(new Target("openai", "gpt-4o-mini"), "", "Say hello", GenerationParams.defaults()),
                    EngineChoice.AUTO, RunOptions.defaults(), e -> { }));
            assertTrue(refused.getMessage().contains("could not check this prompt (minilm: the model file is damaged)"),
                    refused.getMessage());
            assertEquals("local-only", broken.check("Say hello").decisions().get("openai").action().label());
            assertEquals("gate_undecided", broken.check("Say hello").decisions().get("openai").rule());

            settings.save(PrivacyConfig.defaults().withLocalModel(Optional.of(TestModels.stories260K().toString())));
            ActiveRun rerouted = runs.start(RunSpec.chat(new Target("openai", "gpt-4o-mini"), "", "Say hello",
                    GenerationParams.defaults().withMaxTokens(2)), EngineChoice.AUTO, RunOptions.defaults(), e -> { });
            assertTrue(rerouted.await(Duration.ofSeconds(60)).orElseThrow().spec().target().isLocal());
            assertEquals("gate_undecided", rerouted.routing().orElseThrow().rule());
            assertEquals(0, server.connections());
        }
    }

    @Test
    void aDismissedValueNoLongerKeepsThePromptLocalButTheOthersStillDo() throws Exception {
        String model = TestModels.stories260K().toString();
        try (CountingOpenAiServer server = new CountingOpenAiServer(); AppServices services = services(server)) {
            PrivacySettings settings = services.privacyGate().settings();
            settings.save(settings.load().withLocalModel(Optional.of(model)));
            Dismissals session = Dismissals.newSession();
            session.dismiss("alice.martin@gmail.com");
            RunOptions options = RunOptions.defaults().withDismissals(session);

            String both = "Write to alice.martin@gmail.com or call +44 20 7946 0958 about the renewal.";
            ActiveRun kept = services.runService().start(RunSpec.chat(new Target("openai", "gpt-4o-mini"), "", both,
                    GenerationParams.defaults().withMaxTokens(2)), EngineChoice.AUTO, options, e -> { });
            assertTrue(kept.await(Duration.ofSeconds(60)).orElseThrow().spec().target().isLocal(), "the phone still counts");
            DecisionRecord keptDecision = services.audit().decision(kept.runId()).orElseThrow();
            assertEquals("local-only", keptDecision.action());
            assertEquals(List.of("phone"), keptDecision.counted().stream().map(StoredFinding::type).toList());
            assertEquals(1, keptDecision.dismissedCount());
            assertEquals(0, server.connections());

            String mailOnly = "Write to alice.martin@gmail.com about the renewal.";
            ActiveRun sent = services.runService().start(RunSpec.chat(new Target("openai", "gpt-4o-mini"), "", mailOnly,
                    GenerationParams.defaults().withMaxTokens(2)), EngineChoice.AUTO, options, e -> { });
            RunResult result = sent.await(Duration.ofSeconds(60)).orElseThrow();
            assertEquals(RunStatus.COMPLETED, result.status(), result.error().orElse(""));
            assertEquals("openai", result.spec().target().provider());
            assertEquals(1, server.connections());
            assertEquals("dismissed_by_user", sent.routing().orElseThrow().rule());
            DecisionRecord sentDecision = services.audit().decision(sent.runId()).orElseThrow();
            assertEquals("allow", sentDecision.action());
            assertEquals("dismissed_by_user", sentDecision.rule());
            assertEquals(List.of(), sentDecision.counted());
            assertEquals(1, sentDecision.dismissedCount());
            var line = services.privacy().audit(Optional.of("run"), 1).get(0);
            assertEquals(1, line.dismissedCount());
            assertFalse(line.toString().contains("alice"), "the audit holds no value: " + line);
            assertFalse(sentDecision.toString().contains("alice"));

            ActiveRun otherSession = services.runService().start(RunSpec.chat(new Target("openai", "gpt-4o-mini"), "",
                    mailOnly, GenerationParams.defaults().withMaxTokens(2)), EngineChoice.AUTO, RunOptions.defaults(), e -> { });
            assertTrue(otherSession.await(Duration.ofSeconds(60)).orElseThrow().spec().target().isLocal(),
                    "a dismissal holds for its session only");
            assertEquals(1, server.connections());
        }
    }
}
