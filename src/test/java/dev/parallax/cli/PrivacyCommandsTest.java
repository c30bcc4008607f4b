package dev.parallax.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parallax.testing.CountingOpenAiServer;
import dev.parallax.testing.FakeHttpServer;
import dev.parallax.testing.TestModels;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The privacy gate end to end through the command line, against a fake cloud that counts what reaches it. */
class PrivacyCommandsTest {

    static final List<String> SENSITIVE = List.of(
            "Write to alice.martin@gmail.com about the renewal.",
            "Charge 4111 1111 1111 1111 for the hotel.",
            "Wire it to DE89 3704 0044 0532 0130 00 today.",
            "My SSN is 536-90-4399, fill in the form.",
            "Why does sk-proj-Xt4bLq9ZrW2mKv7NpD3sYh8JcF6gA1eU5oTiR0 return 401?",
            "Call me on +44 20 7946 0958 tomorrow.",
            "I was diagnosed with depression last spring and need a note for my boss.",
            "My colleague is gay and has not told the team yet.");

    @TempDir
    Path home;

    static String localModel;

    @BeforeAll
    static void model() {
        localModel = TestModels.stories260K().toString();
    }

    private CliHarness cli(CountingOpenAiServer server) {
        CliHarness cli = new CliHarness(home);
        cli.env.put("OPENAI_BASE_URL", server.baseUrl());
        cli.env.put("OPENAI_API_KEY", "sk-test-0000000000000000000000");
        return cli;
    }

    @Test
    void underLocalOnlyNoSensitivePromptReachesTheCloud() throws Exception {
        try (CountingOpenAiServer server = new CountingOpenAiServer()) {
            CliHarness cli = cli(server);
            CliHarness.Result refused = cli.run("run", "--target", "openai:gpt-4o-mini", "--prompt", SENSITIVE.get(0));
            assertEquals(1, refused.code());
            assertTrue(refused.err().contains("the privacy policy for openai is local-only, so it was not sent"), refused.err());
            assertTrue(refused.err().contains("parallax privacy set --local-model"), refused.err());

            assertEquals(0, cli.run("privacy", "set", "--local-model", localModel).code());
            // Two through the command line (each starts its own worker); RunPrivacyTest sends all of them in one process.
            for (String prompt : List.of(SENSITIVE.get(1), SENSITIVE.get(6))) {
                CliHarness.Result run = cli.run("run", "--target", "openai:gpt-4o-mini", "--prompt", prompt,
                        "--max-tokens", "4", "--json");
                assertEquals(0, run.code(), prompt + ": " + run.err());
                JsonNode routing = run.json().path("routing");
                assertEquals("local:" + localModel, routing.path("chosen_target").asText(), prompt);
                assertEquals("openai:gpt-4o-mini", routing.path("requested_target").asText());
                assertEquals("local-only", routing.path("action").asText());
                assertEquals("default_policy", routing.path("rule").asText());
                assertTrue(routing.path("findings_count").asInt() > 0, prompt);
            }
            assertEquals(0, server.connections(), "connections the cloud saw");
            assertEquals(0, server.bytes(), "bytes the cloud saw");

            CliHarness.Result audit = cli.run("privacy", "audit", "--json", "--limit", "50");
            assertEquals(0, audit.code(), audit.err());
            assertEquals(2, countEvents(audit.json(), "run"));
            assertEquals(1, countEvents(audit.json(), "refused"));
            assertNoValues(audit.out());
        }
    }

    @Test
    void redactionSendsPlaceholdersAndTheUserSeesTheOriginals() throws Exception {
        try (CountingOpenAiServer server = new CountingOpenAiServer()) {
            CliHarness cli = cli(server);
            assertEquals(0, cli.run("privacy", "set", "--default", "redact").code());
            String prompt = "Email alice.martin@gmail.com that card 4111 1111 1111 1111 was charged twice; "
                    + "her key is sk-proj-Xt4bLq9ZrW2mKv7NpD3sYh8JcF6gA1eU5oTiR0.";
            CliHarness.Result run = cli.run("run", "--target", "openai:gpt-4o-mini", "--prompt", prompt, "--json");
            assertEquals(0, run.code(), run.err());
            JsonNode j = run.json();
            assertEquals("You said: " + prompt, j.path("text").asText(), "the answer shows the originals");
            assertEquals(3, j.path("routing").path("redactions").asInt());
            assertEquals("redact", j.path("routing").path("action").asText());
            assertEquals(1, server.connections());
            String wire = server.received();
            assertTrue(wire.contains("<EMAIL_1>") && wire.contains("<CARD_1>") && wire.contains("<SECRET_1>"), wire);
            assertNoValues(wire);

            CliHarness.Result plain = cli.run("run", "--target", "openai:gpt-4o-mini", "--prompt", prompt);
            assertEquals("You said: " + prompt + "\n", plain.out(), "the streamed answer is restored too");
            assertTrue(plain.err().contains("3 value(s) replaced by placeholders"), plain.err());

            JsonNode history = cli.run("history", "--json").json().get(0);
            assertTrue(history.path("prompt").asText().contains("<EMAIL_1>"), "history keeps what was sent: " + history);
            assertNoValues(history.path("prompt").asText());
            assertEquals("You said: " + prompt, history.path("text").asText(), "history keeps what the user saw");
            assertNoValues(cli.run("privacy", "audit", "--json").out());
        }
    }

    @Test
    void aPromptWithNothingSensitiveGoesOutAndPolicyOverridesApplyToOneRun() throws Exception {
        try (CountingOpenAiServer server = new CountingOpenAiServer()) {
            CliHarness cli = cli(server);
            CliHarness.Result run = cli.run("run", "--target", "openai:gpt-4o-mini", "--prompt", "Say hello", "--json");
            assertEquals(0, run.code(), run.err());
            assertEquals("no_findings", run.json().path("routing").path("rule").asText());
            assertEquals(1, server.connections());

            CliHarness.Result allowed = cli.run("run", "--target", "openai:gpt-4o-mini", "--prompt", SENSITIVE.get(1),
                    "--policy", "allow", "--json");
            assertEquals(0, allowed.code(), allowed.err());
            assertEquals("override", allowed.json().path("routing").path("rule").asText());
            assertTrue(server.received().contains("4111 1111 1111 1111"), "allow sends it as written");

            long before = server.bytes();
            CliHarness.Result labelled = cli.run("run", "--target", "openai:gpt-4o-mini", "--prompt", "Say hello",
                    "--local-only");
            assertEquals(1, labelled.code());
            assertTrue(labelled.err().contains("labelled local-only"), labelled.err());
            assertEquals(before, server.bytes());
        }
    }

    @Test
    void checkPrintsFindingsAndADecisionPerProvider() throws Exception {
        CliHarness cli = new CliHarness(home);
        String prompt = "Mail bob@fastmail.fm the IBAN GB82 WEST 1234 5698 7654 32.";
        CliHarness.Result check = cli.run("check", "--prompt", prompt, "--json");
        assertEquals(0, check.code(), check.err());
        JsonNode j = check.json();
        assertEquals(2, j.path("findings").size(), j.toString());
        JsonNode email = j.path("findings").get(0);
        assertEquals("email", email.path("type").asText());
        assertEquals("bob@fastmail.fm", prompt.substring(email.path("start").asInt(), email.path("end").asInt()));
        assertTrue(email.path("confidence").asDouble() > 0.5);
        assertEquals("email", email.path("detector").asText());
        assertEquals("iban", j.path("findings").get(1).path("type").asText());
        assertEquals("local-only", j.path("decisions").path("openai").path("action").asText());
        assertEquals("allow", j.path("decisions").path("local").path("action").asText());
        assertEquals("on_this_machine", j.path("decisions").path("ollama").path("rule").asText());
        assertEquals("off", j.path("name_check").asText());
        assertFalse(check.out().contains("bob@fastmail.fm"), "no value in the output");

        CliHarness.Result clean = cli.run("check", "--prompt", "What is the capital of France?", "--json");
        assertEquals(0, clean.json().path("findings").size());
        assertEquals("allow", clean.json().path("decisions").path("openai").path("action").asText());
        CliHarness.Result text = cli.run("check", "--prompt", prompt);
        assertTrue(text.out().contains("Names of people and places: not checked"), text.out());

        assertEquals(0, cli.run("privacy", "set", "--provider", "openai=redact").code());
        assertEquals("redact", cli.run("check", "--prompt", prompt, "--json").json()
                .path("decisions").path("openai").path("action").asText());
        assertEquals(0, cli.run("privacy", "rules", "add", "projects", "--keywords", "Bluebird").code());
        JsonNode rule = cli.run("check", "--prompt", "Launch Bluebird in May", "--json").json().path("findings").get(0);
        assertEquals("user_rule", rule.path("type").asText());
        assertEquals("rule:projects", rule.path("detector").asText());
        assertEquals(2, cli.run("privacy", "rules", "add", "bad", "--regex", "([a-z").code());
    }

    @Test
    void autoPicksPerPromptAndFallsBackOnACloudError() throws Exception {
        try (CountingOpenAiServer server = new CountingOpenAiServer();
             FakeHttpServer broken = new FakeHttpServer((req, ex) -> ex.respond(401, "application/json",
                     "{\"error\":{\"message\":\"bad key\",\"type\":\"invalid_request_error\"}}"))) {
            CliHarness cli = cli(server);
            assertEquals(0, cli.run("providers", "add", "broken", "--base-url", broken.url("/v1")).code());
            CliHarness.Result none = cli.run("run", "--target", "auto", "--prompt", "Say hi");
            assertEquals(1, none.code());
            assertTrue(none.err().contains("auto has no cloud target and no local model"), none.err());

            assertEquals(0, cli.run("privacy", "set", "--local-model", localModel, "--auto-targets", "openai:gpt-4o-mini").code());
            // A small answer budget: the fixture's own tiny model (a clone without ../shared) has a 256-token context.
            JsonNode cloud = cli.run("run", "--target", "auto", "--prompt", "Say hi", "--max-tokens", "16", "--json").json();
            assertEquals("default_cloud", cloud.path("routing").path("rule").asText());
            assertEquals("openai:gpt-4o-mini", cloud.path("routing").path("chosen_target").asText());
            assertEquals(1, server.connections());

            JsonNode sensitive = cli.run("run", "--target", "auto", "--prompt", SENSITIVE.get(2), "--max-tokens", "4", "--json").json();
            assertEquals("sensitive", sensitive.path("routing").path("rule").asText());
            assertEquals("local:" + localModel, sensitive.path("routing").path("chosen_target").asText());

            String longPrompt = "Summarise this. " + "The quick brown fox jumps over the lazy dog. ".repeat(400);
            JsonNode tooLong = cli.run("run", "--target", "auto", "--prompt", longPrompt, "--ctx", "512", "--json").json();
            assertEquals("too_long_for_local", tooLong.path("routing").path("rule").asText());
            assertEquals(2, server.connections());

            assertEquals(0, cli.run("privacy", "set", "--budget", "0").code());
            JsonNode budget = cli.run("run", "--target", "auto", "--prompt", "Say hi", "--max-tokens", "4", "--json").json();
            assertEquals("budget_reached", budget.path("routing").path("rule").asText());
            assertEquals(0, cli.run("privacy", "set", "--budget", "").code());

            CliHarness.Result fallback = cli.run("run", "--target", "auto:broken:some-model", "--prompt", "Say hi",
                    "--max-tokens", "4", "--json");
            assertEquals(0, fallback.code(), fallback.err());
            assertEquals("cloud_error_fallback", fallback.json().path("routing").path("rule").asText());
            assertEquals("local:" + localModel, fallback.json().path("routing").path("chosen_target").asText());
            assertEquals(1, broken.requests().size());
            assertEquals(2, server.connections(), "nothing more reached the first cloud");

            // Without --json the user reads where the answer came from, not only where it was first sent.
            CliHarness.Result said = cli.run("run", "--target", "auto:broken:some-model", "--prompt", "Say hi",
                    "--max-tokens", "4");
            assertEquals(0, said.code(), said.err());
            assertTrue(said.err().contains("routing: ran on local:" + localModel + " instead of auto:broken:some-model"
                    + " (cloud_error_fallback)"), said.err());
        }
    }

    private static long countEvents(JsonNode audit, String event) {
        long n = 0;
        for (JsonNode e : audit) {
            if (e.path("event").asText().equals(event)) {
                n++;
            }
        }
        return n;
    }

    @Test
    void settingsThatCouldNeverApplyAreRefusedAndNothingIsSaved() {
        CliHarness cli = new CliHarness(home);
        String[][] wrong = {
                {"--min-confidence", "NaN"}, {"--budget", "abc"}, {"--budget", "-5"}, {"--provider", "opneai=allow"},
                {"--auto-targets", "openai"}, {"--auto-targets", "opneai:gpt-4o-mini"}};
        for (String[] option : wrong) {
            CliHarness.Result r = cli.run("privacy", "set", option[0], option[1]);
            assertEquals(2, r.code(), String.join(" ", option) + ": " + r.err());
            assertEquals(1, r.err().strip().lines().count(), r.err());
            assertFalse(r.err().contains("Exception") || r.err().contains("Character a is neither"), r.err());
        }
        CliHarness.Result model = cli.run("privacy", "set", "--local-model", "nosuch");
        assertEquals(1, model.code(), model.err());
        assertTrue(model.err().startsWith("parallax: no model named 'nosuch'"), model.err());
        assertFalse(java.nio.file.Files.exists(home.resolve("config.json")), "nothing was saved");
        assertEquals(0, cli.run("privacy", "set", "--provider", "nosuch=").code(), "clearing an unknown name is fine");

        CliHarness.Result limit = cli.run("privacy", "audit", "--limit", "-1");
        assertEquals(2, limit.code());
        assertEquals("parallax: --limit must be at least 1", limit.err().strip());
        CliHarness.Result event = cli.run("privacy", "audit", "--event", "nosuch");
        assertEquals(2, event.code());
        assertTrue(event.err().startsWith("parallax: no audit event is called 'nosuch'; use one of run, refused"), event.err());
    }

    static void assertNoValues(String text) {
        for (String value : List.of("alice.martin@gmail.com", "4111 1111 1111 1111", "DE89 3704 0044 0532 0130 00",
                "536-90-4399", "sk-proj-Xt4bLq9ZrW2mKv7NpD3sYh8JcF6gA1eU5oTiR0", "7946 0958", "depression")) {
            assertFalse(text.contains(value), "found " + value + " in " + text);
        }
    }
}
