package dev.parallax.ui.settings;

import dev.parallax.app.AppServices;
import dev.parallax.app.ParallaxHome;
import dev.parallax.core.Target;
import dev.parallax.cost.Price;
import dev.parallax.testing.FakeHttpServer;
import dev.parallax.ui.FakeDialogService;
import dev.parallax.ui.base.CurrentThreadTaskExecutor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Settings → Providers and Prices over the real registry, key file and price table, without the toolkit. */
class ProvidersViewModelTest {

    @TempDir
    Path home;

    private AppServices services;
    private FakeDialogService dialogs;
    private ProvidersViewModel vm;
    private PricesViewModel prices;

    @BeforeEach
    void setUp() {
        services = new AppServices(new ParallaxHome(home), false,
                Map.of("PARALLAX_KEYSTORE", "file", "PARALLAX_KEY_PASSPHRASE", "test"));
        dialogs = new FakeDialogService();
        vm = new ProvidersViewModel(services::providers, services::keyStore, services::prices,
                new CurrentThreadTaskExecutor(), dialogs);
        prices = new PricesViewModel(services::prices, new CurrentThreadTaskExecutor(), dialogs,
                Clock.fixed(Instant.parse("2025-03-01T10:00:00Z"), ZoneOffset.UTC));
        vm.refresh();
        prices.refresh();
    }

    @AfterEach
    void tearDown() {
        services.close();
    }

    private ProviderRow row(String name) {
        return vm.providers().stream().filter(r -> r.name().equals(name)).findFirst().orElseThrow();
    }

    @Test
    void presetsAreListedWithTheirKeySourceAndNoKeyIsEverShown() {
        ProviderRow openai = row("openai");
        assertEquals("openai", openai.format());
        assertEquals("missing", openai.key());
        assertFalse(openai.ready());
        assertEquals("not needed", row("ollama").key());
        assertFalse(row("ollama").removable(), "a built-in provider on its preset URL has nothing to reset");
        assertTrue(new ProviderRow("ollama", "ollama", "http://127.0.0.1:1", "config.json", "not needed", true, "")
                .removable(), "an overridden URL can be reset");
        assertTrue(vm.cloudTargets().stream().noneMatch(t -> t.provider().equals("openai")),
                "a provider without a key is not suggested");
        assertTrue(vm.keyStorageProperty().get().contains("encrypted file"), vm.keyStorageProperty().get());
    }

    @Test
    void aUserProviderIsAddedKeyedTestedAndRemoved() throws Exception {
        try (FakeHttpServer server = new FakeHttpServer(
                (req, ex) -> ex.respond(200, "application/json", "{\"object\":\"list\",\"data\":[{\"id\":\"m1\"}]}"),
                (req, ex) -> ex.respond(401, "application/json", "{\"error\":{\"message\":\"bad key\",\"code\":\"invalid_api_key\"}}"))) {
            vm.newNameProperty().set("Fake");
            vm.newBaseUrlProperty().set(server.url("/v1"));
            vm.add();
            assertEquals(List.of(), dialogs.shown);
            assertEquals("fake", vm.selectedProperty().get().name(), "the new provider is selected for its key");
            assertEquals(server.url("/v1"), row("fake").baseUrl());

            vm.keyInputProperty().set("sk-test-secret-0001");
            vm.storeKey();
            assertEquals("", vm.keyInputProperty().get(), "the typed key leaves the form");
            assertEquals("stored", row("fake").key());
            assertTrue(services.keyStore().has("fake"));
            assertFalse(row("fake").toString().contains("sk-test"));

            vm.testConnection();
            assertTrue(vm.connectionOkProperty().get(), vm.connectionProperty().get());
            assertTrue(vm.connectionProperty().get().startsWith("Connected in "), vm.connectionProperty().get());
            assertTrue(vm.connectionProperty().get().endsWith("1 models"), vm.connectionProperty().get());
            assertTrue(vm.cloudTargets().contains(new Target("fake", "m1")),
                    "a server on this machine suggests the models it listed: " + vm.cloudTargets());
            vm.refresh();
            assertTrue(vm.cloudTargets().contains(new Target("fake", "m1")), "and keeps them after a refresh");
            assertEquals("Bearer sk-test-secret-0001", server.requests().get(0).header("authorization"));
            vm.testConnection();
            assertFalse(vm.connectionOkProperty().get());
            assertTrue(vm.connectionProperty().get().contains("invalid_api_key"), vm.connectionProperty().get());

            vm.baseUrlProperty().set("http://127.0.0.1:9/v2");
            vm.saveBaseUrl();
            assertEquals("http://127.0.0.1:9/v2", row("fake").baseUrl());

            vm.remove();
            assertTrue(vm.providers().stream().noneMatch(r -> r.name().equals("fake")));
            assertFalse(services.keyStore().has("fake"), "its stored key went with it");
            assertFalse(Files.readString(home.resolve("config.json")).contains("sk-test"));
        }
    }

    @Test
    void badInputSaysWhatToDo() {
        vm.newNameProperty().set("fake");
        vm.newBaseUrlProperty().set("ftp://host");
        vm.add();
        assertEquals("Check the base URL", dialogs.shown.get(0).title());
        vm.newNameProperty().set("openai");
        vm.newBaseUrlProperty().set("http://127.0.0.1:1/v1");
        vm.add();
        assertEquals("Provider not added", dialogs.shown.get(1).title());
        assertTrue(dialogs.shown.get(1).message().contains("exists already"), dialogs.shown.get(1).message());
    }

    @Test
    void pricesShowTheirDateAndOverridesFeedTheSuggestions() {
        assertFalse(prices.asOfProperty().get().isBlank());
        assertTrue(prices.prices().stream().anyMatch(p -> p.provider().equals("openai")));

        vm.newNameProperty().set("fake");
        vm.newBaseUrlProperty().set("http://127.0.0.1:1/v1");
        vm.add();
        vm.keyInputProperty().set("sk-x");
        vm.storeKey();

        prices.providerProperty().set("fake");
        prices.modelProperty().set("tiny-chat");
        prices.inputProperty().set("0.5");
        prices.outputProperty().set("oops");
        prices.saveOverride();
        assertEquals("Check the price", dialogs.shown.get(dialogs.shown.size() - 1).title());
        prices.outputProperty().set("1.5");
        prices.saveOverride();
        Price saved = services.prices().find("fake", "tiny-chat").orElseThrow();
        assertEquals(new BigDecimal("1.5"), saved.output());
        assertEquals("2025-03-01", saved.asOf());
        assertTrue(saved.overridden());
        assertEquals(OptionalInt.empty(), saved.contextWindow());
        assertEquals(Optional.empty(), saved.cachedInput());

        vm.refresh();
        assertTrue(vm.cloudTargets().contains(new Target("fake", "tiny-chat")), vm.cloudTargets().toString());

        prices.selectedProperty().set(prices.prices().stream().filter(Price::overridden).findFirst().orElseThrow());
        prices.removeOverride();
        assertTrue(services.prices().find("fake", "tiny-chat").isEmpty());
    }
}
