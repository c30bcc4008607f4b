package dev.parallax.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parallax.testing.FakeHttpServer;
import dev.parallax.testing.TestModels;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The cloud path end to end, as a new user meets it: keys, providers, runs, history, prices. */
class CloudCommandsTest {

    static final String CANARY = "sk-canary-5e1f0c9a7b3d2e4f6a8b0c1d";

    @TempDir
    Path home;

    static String openAiStream(String... tokens) {
        StringBuilder s = new StringBuilder();
        for (String t : tokens) {
            s.append("data: {\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"model\":\"gpt-4o-mini-2024-07-18\","
                    + "\"choices\":[{\"index\":0,\"delta\":{\"content\":\"").append(t).append("\"},\"finish_reason\":null}]}\n\n");
        }
        s.append("data: {\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"choices\":[{\"index\":0,\"delta\":{},"
                + "\"finish_reason\":\"stop\"}]}\n\n");
        s.append("data: {\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"choices\":[],\"usage\":{\"prompt_tokens\":1200,"
                + "\"completion_tokens\":300,\"total_tokens\":1500,\"prompt_tokens_details\":{\"cached_tokens\":200}}}\n\n");
        s.append("data: [DONE]\n\n");
        return s.toString();
    }

    @Test
    void aRunCanBeContinuedAsAConversationOnAnyTarget() throws Exception {
        try (FakeHttpServer server = new FakeHttpServer((req, ex) -> {
            ex.stream(200, "text/event-stream");
            ex.send(openAiStream("Four", "."));
            ex.finish();
        })) {
            CliHarness cli = new CliHarness(home);
            cli.env.put("OPENAI_BASE_URL", server.url("/v1"));
            cli.env.put("OPENAI_API_KEY", CANARY);
            CliHarness.Result first = cli.run("run", "--target", "openai:gpt-4o-mini", "--system", "Be brief.",
                    "--prompt", "What is 2+2?", "--json");
            assertEquals(0, first.code(), first.err());
            String firstId = first.json().path("run_id").asText();

            CliHarness.Result second = cli.run("run", "--target", "openai:gpt-4o", "--continue", firstId.substring(0, 8),
                    "--prompt", "And times 3?", "--json");
            assertEquals(0, second.code(), second.err());
            JsonNode sent = RunJson.JSON.readTree(server.requests().get(1).body()).path("messages");
            assertEquals("[{\"role\":\"system\",\"content\":\"Be brief.\"},{\"role\":\"user\",\"content\":\"What is 2+2?\"},"
                    + "{\"role\":\"assistant\",\"content\":\"Four.\"},{\"role\":\"user\",\"content\":\"And times 3?\"}]",
                    sent.toString(), "the earlier run's system prompt, prompt and answer, then the new prompt");

            String secondId = second.json().path("run_id").asText();
            CliHarness.Result shown = cli.run("history", "show", secondId);
            assertTrue(shown.out().contains("system:\nBe brief.\nturn 1 prompt:\nWhat is 2+2?\nturn 1 answer:\nFour.\n"
                    + "turn 2 prompt:\nAnd times 3?\nanswer:\nFour.\n"), shown.out());
            JsonNode messages = cli.run("history", "show", secondId, "--json").json().path("messages");
            assertEquals(4, messages.size());
            assertEquals("assistant", messages.get(2).path("role").asText());

            CliHarness.Result third = cli.run("run", "--target", "openai:gpt-4o-mini", "--continue", secondId,
                    "--system", "Answer in French.", "--prompt", "And minus 1?", "--json");
            assertEquals(0, third.code(), third.err());
            JsonNode thirdSent = RunJson.JSON.readTree(server.requests().get(2).body()).path("messages");
            assertEquals(6, thirdSent.size(), thirdSent.toString());
            assertEquals("Answer in French.", thirdSent.get(0).path("content").asText(), "--system replaces the stored one");
            assertEquals("And times 3?", thirdSent.get(3).path("content").asText());

            CliHarness.Result raw = cli.run("run", "--target", "openai:gpt-4o-mini", "--continue", secondId,
                    "--mode", "raw", "--prompt", "x");
            assertEquals(2, raw.code());
            assertTrue(raw.err().contains("a raw completion has no turns"), raw.err());
            assertEquals(2, cli.run("run", "--target", "openai:gpt-4o-mini", "--continue", "ab", "--prompt", "x").code());
            assertEquals(3, server.requests().size(), "refused runs send nothing");
        }
    }

    @Test
    void aNewUserStoresAKeyRunsAModelAndSeesItsExactCost() throws Exception {
        try (FakeHttpServer server = new FakeHttpServer((req, ex) -> {
            ex.stream(200, "text/event-stream", "openai-processing-ms", "180");
            ex.send(openAiStream("Hello", " there", "!"));
            ex.finish();
        })) {
            CliHarness cli = new CliHarness(home);
            cli.env.put("OPENAI_BASE_URL", server.url("/v1"));

            CliHarness.Result missing = cli.run("run", "--target", "openai:gpt-4o-mini", "--prompt", "Hi");
            assertEquals(1, missing.code());
            assertTrue(missing.err().contains("no API key for openai: set OPENAI_API_KEY or run 'parallax keys set openai'"),
                    missing.err());
            assertEquals(0, server.requests().size(), "refused before any request");

            CliHarness.Result stored = cli.runWithInput(CANARY + "\n", "keys", "set", "openai");
            assertEquals(0, stored.code(), stored.err());
            assertTrue(stored.out().startsWith("Stored the key of openai in the encrypted file"), stored.out());

            CliHarness.Result run = cli.run("run", "--target", "openai:gpt-4o-mini", "--prompt", "Say hello",
                    "--max-tokens", "50", "--json");
            assertEquals(0, run.code(), run.err());
            JsonNode j = run.json();
            assertEquals("completed", j.path("status").asText());
            assertEquals("Hello there!", j.path("text").asText());
            assertEquals("openai", j.path("provider").asText());
            assertEquals("openai-chat", j.path("engine").asText());
            assertEquals(1200, j.path("prompt_tokens").asInt());
            assertEquals(200, j.path("cached_prompt_tokens").asInt());
            assertEquals(300, j.path("completion_tokens").asInt());
            assertEquals("exact", j.path("usage_basis").asText());
            assertEquals("exact", j.path("cost_basis").asText());
            // 1,000 × $0.15/M + 200 × $0.075/M + 300 × $0.60/M = $0.00015 + $0.000015 + $0.00018
            assertEquals(0, new BigDecimal("0.000345").compareTo(j.path("cost_usd").decimalValue()), j.toString());
            assertEquals(1, j.path("attempts").asInt());
            assertEquals(180.0, j.path("provider_timings").path("processing_ms").asDouble());
            assertEquals("stop", j.path("stop_reason").asText());
            assertTrue(j.path("ttft_ms").isNumber() && j.path("ttft_from_send_ms").isNumber());
            assertEquals("Bearer " + CANARY, server.requests().get(0).header("authorization"));

            CliHarness.Result history = cli.run("history", "--json");
            assertEquals("openai:gpt-4o-mini", history.json().get(0).path("target").asText());
            assertEquals("completed", history.json().get(0).path("status").asText());
            assertEquals(0, new BigDecimal("0.000345").compareTo(history.json().get(0).path("cost_usd").decimalValue()));
            assertEquals("exact", history.json().get(0).path("cost_basis").asText());

            // One run in full, by its id's first characters as the run's one-line summary shows them.
            String runId = j.path("run_id").asText();
            CliHarness.Result shown = cli.run("history", "show", runId.substring(0, 8));
            assertEquals(0, shown.code(), shown.err());
            assertTrue(shown.out().startsWith("run " + runId + " · completed · openai:gpt-4o-mini · openai-chat\n"), shown.out());
            assertTrue(shown.out().contains("prompt:\nSay hello\nanswer:\nHello there!\n"), shown.out());
            assertTrue(shown.out().contains("$0.000345 (exact)"), shown.out());
            CliHarness.Result shownJson = cli.run("history", "show", runId, "--json");
            assertEquals(runId, shownJson.json().path("run_id").asText());
            assertEquals("Hello there!", shownJson.json().path("text").asText());
            assertEquals(200, shownJson.json().path("cached_prompt_tokens").asInt());
            assertEquals(history.json().get(0).path("ttft_ms"), shownJson.json().path("ttft_ms"),
                    "the keys of history --json mean the same here");
            CliHarness.Result unknown = cli.run("history", "show", "ffffffff");
            assertEquals(1, unknown.code());
            assertTrue(unknown.err().contains("no run ffffffff in the history"), unknown.err());
            assertEquals(2, cli.run("history", "show", "ab").code());

            CliHarness.Result plain = cli.run("run", "--target", "openai:gpt-4o-mini", "--prompt", "Say hello");
            assertEquals(0, plain.code());
            assertEquals("Hello there!\n", plain.out());
            assertTrue(plain.err().contains("$0.000345 (exact)"), plain.err());
        }
    }

    @Test
    void aKeyNeverLeaksEvenWhenTheProviderEchoesIt() throws Exception {
        FakeHttpServer.Responder echo = (req, ex) -> ex.respond(401, "application/json",
                "{\"error\":{\"message\":\"Incorrect API key provided: " + req.header("authorization").substring(7)
                        + ". You can find your API key at https://platform.openai.com/account/api-keys.\","
                        + "\"type\":\"invalid_request_error\",\"param\":null,\"code\":\"invalid_api_key\"}}");
        PrintStream realOut = System.out;
        PrintStream realErr = System.err;
        ByteArrayOutputStream processOut = new ByteArrayOutputStream();
        ByteArrayOutputStream processErr = new ByteArrayOutputStream();
        List<CliHarness.Result> results = new ArrayList<>();
        try (FakeHttpServer server = new FakeHttpServer(echo)) {
            System.setOut(new PrintStream(processOut, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(processErr, true, StandardCharsets.UTF_8));
            CliHarness cli = new CliHarness(home);
            cli.env.put("OPENAI_BASE_URL", server.url("/v1"));
            cli.env.put("PARALLAX_KEYSTORE", "auto");

            CliHarness.Result argv = cli.run("keys", "set", "openai", CANARY);
            assertEquals(2, argv.code());
            assertTrue(argv.err().contains("never from the command line"), argv.err());

            assertEquals(0, cli.runWithInput(CANARY + "\n", "keys", "set", "openai").code());
            CliHarness.Result json = cli.run("run", "--target", "openai:gpt-4o-mini", "--prompt", "Hi", "--json");
            assertEquals(1, json.code());
            assertTrue(json.json().path("error").asText().contains("Incorrect API key provided: [redacted]"), json.out());
            assertEquals(1, server.requests().size(), "a 401 is not retried");
            CliHarness.Result plain = cli.run("run", "--target", "openai:gpt-4o-mini", "--prompt", "Hi");
            assertEquals(1, plain.code());
            CliHarness.Result test = cli.run("providers", "test", "openai");
            assertEquals(1, test.code());
            assertTrue(test.err().contains("HTTP 401"), test.err());
            cli.run("history", "--json");
            for (JsonNode h : cli.run("history", "--json").json()) {
                cli.run("history", "show", h.path("run_id").asText());
                cli.run("history", "show", h.path("run_id").asText(), "--json");
            }
            cli.run("providers", "list", "--json");
            results.addAll(cli.all);
            assertTrue(server.requests().stream().allMatch(r -> r.header("authorization").equals("Bearer " + CANARY)),
                    "the fake really received the key, so an echo was possible");
        } finally {
            System.setOut(realOut);
            System.setErr(realErr);
        }

        List<String> leaks = new ArrayList<>();
        for (CliHarness.Result r : results) {
            if (r.out().contains(CANARY) || r.err().contains(CANARY)) {
                leaks.add("command output: " + r);
            }
        }
        if (processOut.toString(StandardCharsets.UTF_8).contains(CANARY) || processErr.toString(StandardCharsets.UTF_8).contains(CANARY)) {
            leaks.add("process stdout/stderr");
        }
        byte[] canary = CANARY.getBytes(StandardCharsets.US_ASCII);
        byte[] canaryUtf16 = CANARY.getBytes(StandardCharsets.UTF_16LE);
        List<Path> scanned = new ArrayList<>();
        try (Stream<Path> files = Files.walk(home)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                byte[] bytes = Files.readAllBytes(f);
                scanned.add(home.relativize(f));
                if (indexOf(bytes, canary) >= 0 || indexOf(bytes, canaryUtf16) >= 0) {
                    leaks.add(f.toString());
                }
            }
        }
        System.out.println("canary scan over " + scanned + " and every command's output: " + leaks.size() + " leaks");
        assertTrue(scanned.contains(Path.of("parallax.mv.db")) && scanned.contains(Path.of("keys.enc"))
                && scanned.contains(Path.of("logs", "cloud.log")), scanned.toString());
        assertTrue(leaks.isEmpty(), "the key leaked into: " + leaks);
    }

    @Test
    void providersCanBeAddedListedAndTested() throws Exception {
        try (FakeHttpServer server = new FakeHttpServer(
                (req, ex) -> ex.respond(200, "application/json", "{\"object\":\"list\",\"data\":[{\"id\":\"qwen2.5-7b-instruct\"}]}"),
                (req, ex) -> {
                    ex.stream(200, "text/event-stream");
                    ex.send(openAiStream("Hi"));
                    ex.finish();
                })) {
            CliHarness cli = new CliHarness(home);
            CliHarness.Result add = cli.run("providers", "add", "lmstudio", "--base-url", server.url("/v1"));
            assertEquals(0, add.code(), add.err());
            CliHarness.Result list = cli.run("providers", "list");
            assertTrue(list.out().contains("lmstudio") && list.out().contains(server.url("/v1")), list.out());
            assertTrue(list.out().lines().anyMatch(l -> l.startsWith("openai") && l.contains("missing")), list.out());
            assertTrue(list.out().lines().anyMatch(l -> l.startsWith("azure-openai") && l.contains("(not set)")), list.out());

            CliHarness.Result test = cli.run("providers", "test", "lmstudio");
            assertEquals(0, test.code(), test.err());
            assertTrue(test.out().matches("lmstudio: ok · \\d+ ms · 1 models\\n  lmstudio:qwen2.5-7b-instruct\\n"),
                    "the targets it serves: " + test.out());

            CliHarness.Result run = cli.run("run", "--target", "lmstudio:qwen2.5-7b-instruct", "--prompt", "Hi", "--json");
            assertEquals(0, run.code(), run.err());
            JsonNode j = run.json();
            assertEquals("completed", j.path("status").asText());
            assertEquals("estimated", j.path("cost_basis").asText(), "a server on this machine costs its energy");
            assertEquals("configured watts", j.path("cost_inputs").path("energy_source").asText());
            assertTrue(j.path("cost_usd").decimalValue().signum() > 0);

            // Nothing listens there: no server on this machine worked, so the failed run costs nothing (it is not
            // the configured watts for the seconds spent retrying).
            assertEquals(0, cli.run("providers", "add", "gone", "--base-url", "http://127.0.0.1:1/v1").code());
            CliHarness.Result refused = cli.run("run", "--target", "gone:m", "--prompt", "Hi", "--json");
            assertEquals(1, refused.code(), refused.err());
            assertEquals("failed", refused.json().path("status").asText());
            assertEquals(0, refused.json().path("cost_usd").decimalValue().signum(), refused.out());
            assertEquals("exact", refused.json().path("cost_basis").asText(), refused.out());

            assertEquals(2, cli.run("providers", "add", "openai", "--base-url", "http://127.0.0.1:1").code());
            CliHarness.Result unknown = cli.run("run", "--target", "nosuch:model", "--prompt", "Hi");
            assertEquals(1, unknown.code());
            assertTrue(unknown.err().contains("unknown provider 'nosuch': known are local, openai, anthropic"), unknown.err());
            CliHarness.Result raw = cli.run("run", "--target", "lmstudio:x", "--prompt", "Hi", "--mode", "raw");
            assertTrue(raw.err().contains("raw completion needs a local model"), raw.err());
        }
    }

    @Test
    void anUnknownModelsCostIsUnknownNotZero() throws Exception {
        try (FakeHttpServer server = new FakeHttpServer((req, ex) -> {
            ex.stream(200, "text/event-stream");
            ex.send(openAiStream("Hi"));
            ex.finish();
        })) {
            CliHarness cli = new CliHarness(home);
            cli.env.put("OPENAI_BASE_URL", server.url("/v1"));
            cli.env.put("OPENAI_API_KEY", "sk-test-000000000000000000");
            CliHarness.Result run = cli.run("run", "--target", "openai:gpt-from-the-future", "--prompt", "Hi", "--json");
            assertEquals(0, run.code(), run.err());
            assertTrue(run.json().path("cost_usd").isNull(), run.out());
            assertTrue(run.json().path("cost_basis").isNull(), run.out());
            CliHarness.Result plain = cli.run("run", "--target", "openai:gpt-from-the-future", "--prompt", "Hi");
            assertTrue(plain.err().contains("cost unknown"), plain.err());
        }
    }

    @Test
    void ollamaRunsAreCostedAsThisMachinesEnergyWithItsOwnTimingsKept() throws Exception {
        try (FakeHttpServer server = new FakeHttpServer((req, ex) -> {
            ex.stream(200, "application/x-ndjson");
            ex.send("{\"model\":\"llama3.2\",\"message\":{\"role\":\"assistant\",\"content\":\"Hi\"},\"done\":false}\n");
            ex.send("{\"model\":\"llama3.2\",\"message\":{\"role\":\"assistant\",\"content\":\"\"},\"done_reason\":\"stop\","
                    + "\"done\":true,\"total_duration\":500000000,\"load_duration\":1000000,\"prompt_eval_count\":12,"
                    + "\"prompt_eval_duration\":40000000,\"eval_count\":1,\"eval_duration\":20000000}\n");
            ex.finish();
        })) {
            CliHarness cli = new CliHarness(home);
            cli.env.put("OLLAMA_HOST", "127.0.0.1:" + server.port());
            CliHarness.Result run = cli.run("run", "--target", "ollama:llama3.2", "--prompt", "Hi", "--json");
            assertEquals(0, run.code(), run.err());
            JsonNode j = run.json();
            assertEquals("ollama-chat", j.path("engine").asText());
            assertEquals("exact", j.path("usage_basis").asText());
            assertEquals(12, j.path("engine_timings").path("prompt_tokens").asInt());
            assertEquals(50.0, j.path("engine_tokens_per_second").asDouble());
            assertEquals(500.0, j.path("provider_timings").path("total_ms").asDouble());
            assertEquals("estimated", j.path("cost_basis").asText());
            assertEquals("65.0000", j.path("cost_inputs").path("watts").asText());
        }
    }

    @Test
    void pricesArePrintedWithTheirDate() throws Exception {
        CliHarness cli = new CliHarness(home);
        CliHarness.Result table = cli.run("prices", "--provider", "anthropic");
        assertEquals(0, table.code());
        assertTrue(table.out().contains("claude-3-5-haiku-20241022") && table.out().contains("as of 2025-08-15"), table.out());
        JsonNode json = cli.run("prices", "--json").json();
        assertTrue(json.size() > 40);
        assertTrue(json.get(0).path("input_usd_per_mtok").isNumber());
    }

    @Test
    void aLocalRunReportsItsCostToo() throws Exception {
        CliHarness cli = new CliHarness(home);
        CliHarness.Result run = cli.run("run", "--target", "local:" + TestModels.stories260K(), "--prompt",
                "Once upon a time", "--max-tokens", "8", "--threads", "2", "--seed", "7", "--temperature", "0.5",
                "--stop", "zzz", "--json");
        assertEquals(0, run.code(), run.err());
        JsonNode j = run.json();
        assertEquals("local", j.path("provider").asText());
        assertTrue(j.path("cost_usd").isNumber(), j.toString());
        assertTrue(List.of("estimated", "measured").contains(j.path("cost_basis").asText()));
        assertEquals(1, j.path("attempts").asInt());
        assertTrue(j.path("headers_ms").isNull());

        // The history keeps what the run was made with and what llama.cpp counted, not only the answer.
        JsonNode shown = cli.run("history", "show", j.path("run_id").asText(), "--json").json();
        assertEquals(7, shown.path("params").path("seed").asLong(), shown.toString());
        assertEquals(0.5, shown.path("params").path("temperature").asDouble());
        assertEquals(8, shown.path("params").path("max_tokens").asInt());
        assertEquals("[\"zzz\"]", shown.path("params").path("stop").toString());
        assertEquals(j.path("engine_timings"), shown.path("engine_timings"));
        assertEquals(j.path("cpu_variant"), shown.path("cpu_variant"));
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
