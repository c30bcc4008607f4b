package dev.parallax.cost;

import dev.parallax.config.ConfigFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PriceTableTest {

    @TempDir
    Path home;

    @Test
    void theBundledTableIsDatedSourcedAndCoversEveryPaidPreset() throws Exception {
        PriceTable table = PriceTable.bundled();
        assertTrue(table.asOf().matches("\\d{4}-\\d{2}-\\d{2}"), table.asOf());
        Set<String> providers = table.list().stream().map(Price::provider).collect(Collectors.toSet());
        for (String p : List.of("openai", "anthropic", "gemini", "groq", "mistral", "openrouter", "together", "deepseek",
                "xai", "azure-openai")) {
            assertTrue(providers.contains(p), "no prices for " + p);
        }
        for (Price p : table.list()) {
            assertTrue(p.source().startsWith("https://"), p.model());
            assertFalse(p.asOf().isBlank(), p.model());
            assertTrue(p.contextWindow().isPresent(), p.model());
            assertTrue(p.output().compareTo(BigDecimal.ZERO) > 0, p.model());
        }
        // The jar's copy is the asset's copy.
        String asset = Files.readString(Path.of("assets/prices.json"));
        try (var in = PriceTable.class.getResourceAsStream(PriceTable.RESOURCE)) {
            assertEquals(asset, new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8));
        }
    }

    @Test
    void modelsAreFoundByNameAliasOrDatedId() {
        PriceTable table = PriceTable.bundled();
        assertEquals("gpt-4o-mini", table.find("openai", "gpt-4o-mini").orElseThrow().model());
        assertEquals("gpt-4o-mini", table.find("openai", "gpt-4o-mini-2024-07-18").orElseThrow().model());
        assertEquals("claude-3-5-haiku-20241022", table.find("anthropic", "claude-3-5-haiku-latest").orElseThrow().model());
        assertEquals("gemini-2.0-flash", table.find("gemini", "gemini-2.0-flash-001").orElseThrow().model());
        assertEquals(Optional.empty(), table.find("openai", "gpt-99-turbo"));
        assertEquals(Optional.empty(), table.find("ollama", "llama3.2"));
        assertEquals(Optional.empty(), table.find("groq", "gpt-4o-mini"), "a price belongs to its provider");
    }

    @Test
    void priceArithmeticIsExactAndCachedTokensAreCheaper() {
        Price p = PriceTable.bundled().find("openai", "gpt-4o-mini").orElseThrow();
        // 1,000 prompt tokens (400 cached) and 500 completion tokens at 0.15 / 0.075 / 0.60 per million.
        assertEquals(0, new BigDecimal("0.00042").compareTo(p.cost(1000, 400, 500)));
        assertEquals(0, new BigDecimal("0.00045").compareTo(p.cost(1000, 0, 500)));
    }

    @Test
    void overridesReplaceBundledPricesAndPersist() {
        ConfigFile config = new ConfigFile(home.resolve("config.json"));
        PriceTable table = PriceTable.load(config);
        table.override(new Price("openai", "gpt-4o-mini", List.of(), new BigDecimal("0.10"), new BigDecimal("0.40"),
                Optional.empty(), OptionalInt.of(128000), "my contract", "2026-01-01", true));
        table.override(new Price("lmstudio", "qwen2.5-7b", List.of(), BigDecimal.ZERO, BigDecimal.ZERO,
                Optional.empty(), OptionalInt.empty(), "free", "2026-01-01", true));

        PriceTable reloaded = PriceTable.load(config);
        Price p = reloaded.find("openai", "gpt-4o-mini").orElseThrow();
        assertEquals(0, new BigDecimal("0.10").compareTo(p.input()));
        assertTrue(p.overridden());
        assertEquals(1, reloaded.list().stream().filter(x -> x.model().equals("gpt-4o-mini")
                && x.provider().equals("openai")).count());
        assertTrue(reloaded.find("lmstudio", "qwen2.5-7b").isPresent());
        assertTrue(reloaded.removeOverride("openai", "gpt-4o-mini"));
        assertEquals(0, new BigDecimal("0.15").compareTo(
                PriceTable.load(config).find("openai", "gpt-4o-mini").orElseThrow().input()));
    }
}
