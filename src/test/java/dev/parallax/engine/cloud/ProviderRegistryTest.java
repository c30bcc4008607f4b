package dev.parallax.engine.cloud;

import dev.parallax.config.ConfigFile;
import dev.parallax.secrets.KeyVault;
import dev.parallax.secrets.Secret;
import dev.parallax.testing.FakeHttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ProviderRegistryTest {

    @TempDir
    Path home;

    private final CloudHarness harness = new CloudHarness();
    private final Map<String, String> env = new HashMap<>(Map.of("PARALLAX_KEYSTORE", "file",
            "PARALLAX_KEY_PASSPHRASE", "test"));

    @AfterEach
    void close() {
        harness.close();
    }

    private ProviderRegistry registry() {
        return new ProviderRegistry(new ConfigFile(home.resolve("config.json")), env, KeyVault.open(home, env), harness.http);
    }

    @Test
    void everyPresetIsListedWithItsFormatAndKeyVariable() {
        List<ProviderRegistry.Entry> list = registry().list();
        assertEquals(List.of("openai", "anthropic", "gemini", "ollama", "groq", "mistral", "openrouter", "together",
                "deepseek", "xai", "azure-openai"), list.stream().map(e -> e.provider().name()).toList());
        ProviderRegistry r = registry();
        assertEquals(ApiFormat.ANTHROPIC, r.find("anthropic").orElseThrow().format());
        assertEquals(URI.create("http://127.0.0.1:11434"), r.find("ollama").orElseThrow().baseUrl());
        assertTrue(r.find("ollama").orElseThrow().onThisMachine());
        assertEquals(ProviderRegistry.KeySource.NOT_NEEDED, r.keySource(r.find("ollama").orElseThrow()));
        assertEquals(Optional.of("GROQ_API_KEY"), r.find("groq").orElseThrow().keyEnv());
        assertEquals(ProviderRegistry.KeySource.MISSING, r.keySource(r.find("openai").orElseThrow()));
        assertTrue(r.problem(r.find("openai").orElseThrow()).orElseThrow().contains("set OPENAI_API_KEY"));
        assertTrue(r.problem(r.find("azure-openai").orElseThrow()).orElseThrow().contains("AZURE_OPENAI_ENDPOINT"));
    }

    @Test
    void environmentVariablesOverrideBaseUrlsAndSupplyKeys() {
        env.put("OPENAI_BASE_URL", "http://127.0.0.1:9/v1");
        env.put("ANTHROPIC_BASE_URL", "http://127.0.0.1:10");
        env.put("GEMINI_BASE_URL", "http://127.0.0.1:11");
        env.put("OLLAMA_HOST", "0.0.0.0:12345");
        env.put("AZURE_OPENAI_ENDPOINT", "https://res.openai.azure.com");
        env.put("AZURE_OPENAI_API_VERSION", "2025-01-01-preview");
        env.put("OPENAI_API_KEY", "sk-from-env-000000000000");
        ProviderRegistry r = registry();
        Provider openai = r.find("openai").orElseThrow();
        assertEquals(URI.create("http://127.0.0.1:9/v1"), openai.baseUrl());
        assertEquals("OPENAI_BASE_URL", openai.baseUrlSource());
        assertEquals(URI.create("http://127.0.0.1:12345"), r.find("ollama").orElseThrow().baseUrl());
        assertEquals("2025-01-01-preview", r.find("azure-openai").orElseThrow().options().get("api_version"));
        assertEquals(ProviderRegistry.KeySource.ENVIRONMENT, r.keySource(openai));
        assertEquals("sk-from-env-000000000000", r.keyFor(openai).orElseThrow().reveal());
        assertTrue(r.problem(openai).isEmpty());
        assertTrue(r.problem(r.find("azure-openai").orElseThrow()).orElseThrow().contains("no API key"));
    }

    @Test
    void aBaseUrlWithAPasswordIsRefusedWithoutShowingIt() throws Exception {
        ProviderRegistry r = registry();
        URI withPassword = URI.create("http://admin:hunter2secret@127.0.0.1:4000/v1");
        IllegalArgumentException added = assertThrows(IllegalArgumentException.class,
                () -> r.add("litellm", ApiFormat.OPENAI, withPassword, Optional.empty()));
        assertTrue(added.getMessage().startsWith("the base URL of litellm holds a user name or password"), added.getMessage());
        assertFalse(added.getMessage().contains("hunter2secret"), added.getMessage());
        IllegalArgumentException updated = assertThrows(IllegalArgumentException.class,
                () -> r.update("openai", Optional.of(withPassword), Optional.empty()));
        assertFalse(updated.getMessage().contains("hunter2secret"), updated.getMessage());
        assertFalse(Files.exists(home.resolve("config.json")) && Files.readString(home.resolve("config.json")).contains("hunter2"));
    }

    @Test
    void userProvidersArePersistedWithoutSecrets() throws Exception {
        ProviderRegistry r = registry();
        r.add("lmstudio", ApiFormat.OPENAI, URI.create("http://127.0.0.1:1234/v1"), Optional.empty());
        KeyVault.open(home, env).set("lmstudio", Secret.of("lm-secret-key-123456"));
        r.update("openai", Optional.of(URI.create("https://gateway.corp/openai/v1")), Optional.empty());
        assertThrows(IllegalArgumentException.class, () -> r.add("openai", ApiFormat.OPENAI, URI.create("http://x"), Optional.empty()));
        assertThrows(IllegalArgumentException.class, () -> r.add("local", ApiFormat.OPENAI, URI.create("http://x"), Optional.empty()));
        assertThrows(IllegalArgumentException.class, () -> r.add("Bad Name", ApiFormat.OPENAI, URI.create("http://x"), Optional.empty()));

        ProviderRegistry again = registry();
        Provider lm = again.find("lmstudio").orElseThrow();
        assertEquals(ApiFormat.OPENAI, lm.format());
        assertFalse(lm.builtin());
        assertEquals(ProviderRegistry.KeySource.STORED, again.keySource(lm));
        assertEquals(URI.create("https://gateway.corp/openai/v1"), again.find("openai").orElseThrow().baseUrl());
        String config = Files.readString(home.resolve("config.json"));
        assertFalse(config.contains("lm-secret-key"), config);
        assertTrue(config.contains("\"lmstudio\""));

        assertTrue(again.remove("openai"), "removes the override");
        assertEquals(URI.create("https://api.openai.com/v1"), registry().find("openai").orElseThrow().baseUrl());
        assertTrue(again.remove("lmstudio"));
        assertFalse(registry().find("lmstudio").isPresent());
    }

    @Test
    void testConnectionReportsLatencyOrTheProvidersErrorWithTheKeyMasked() throws Exception {
        try (FakeHttpServer server = new FakeHttpServer(
                (req, ex) -> ex.respond(200, "application/json", "{\"object\":\"list\",\"data\":[{\"id\":\"a\"},{\"id\":\"b\"}]}"),
                (req, ex) -> ex.respond(401, "application/json", "{\"error\":{\"message\":\"Incorrect API key provided: "
                        + req.header("authorization").substring(7) + "\",\"code\":\"invalid_api_key\"}}"))) {
            env.put("OPENAI_BASE_URL", server.url("/v1"));
            env.put("OPENAI_API_KEY", "sk-canary-connection-check-1234");
            ProviderRegistry r = registry();
            ConnectionCheck ok = r.testConnection("openai");
            assertTrue(ok.ok(), ok.message());
            assertEquals(2, ok.modelCount().getAsInt());
            assertEquals(List.of("a", "b"), ok.models());
            assertTrue(ok.latencyMs() > 0 && ok.latencyMs() < 2_000);
            assertEquals("/v1/models", server.requests().get(0).target());

            ConnectionCheck bad = r.testConnection("openai");
            assertFalse(bad.ok());
            assertEquals(401, bad.httpStatus().getAsInt());
            assertFalse(bad.message().contains("sk-canary"), bad.message());
            assertTrue(bad.message().contains("invalid_api_key"), bad.message());
        }
    }

    @Test
    void testConnectionOfAnUnreachableServerSaysSo() throws Exception {
        int port;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
            port = s.getLocalPort();
        }
        env.put("OLLAMA_HOST", "127.0.0.1:" + port);
        ConnectionCheck c = registry().testConnection("ollama");
        assertFalse(c.ok());
        assertTrue(c.message().startsWith("cannot reach http://127.0.0.1:" + port + ": connection refused"), c.message());
    }
}
