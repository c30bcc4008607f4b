package dev.parallax.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ConfigFileTest {

    @TempDir
    Path home;

    @Test
    void aSectionIsReplacedAndEveryOtherSectionKept() throws Exception {
        Path file = home.resolve("config.json");
        Files.writeString(file, "{\"routing\": {\"policy\": \"local-first\"}, \"cost\": {\"watts\": 40}}");
        ConfigFile config = new ConfigFile(file);
        config.writeSection("cost", ConfigFile.json().createObjectNode().put("watts", 90));
        assertEquals(90, config.section("cost").orElseThrow().path("watts").asInt());
        assertEquals("local-first", config.section("routing").orElseThrow().path("policy").asText());
        assertTrue(config.section("providers").isEmpty());
    }

    @Test
    void aBrokenFileIsReportedWithWhereAndWhat() throws Exception {
        Path file = home.resolve("config.json");
        Files.writeString(file, "{\n\"cost\": {\"watts\": 40,}\n}");
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> new ConfigFile(file).section("cost"));
        assertTrue(e.getMessage().contains("is not valid JSON (line 2)"), e.getMessage());
    }

    @Test
    void aChangeByAnotherWriterIsSeenAtTheNextRead() throws Exception {
        Path file = home.resolve("config.json");
        ConfigFile reader = new ConfigFile(file);
        assertTrue(reader.section("cost").isEmpty());

        new ConfigFile(file).writeSection("cost", ConfigFile.json().createObjectNode().put("watts", 40));
        assertEquals(40, reader.section("cost").orElseThrow().path("watts").asInt());

        // Edited in place, as an editor may: same file, other size.
        Files.writeString(file, "{\"cost\": {\"watts\": 125}}");
        assertEquals(125, reader.section("cost").orElseThrow().path("watts").asInt());

        Files.delete(file);
        assertTrue(reader.section("cost").isEmpty());
    }

    @Test
    void whatACallerChangesInASectionDoesNotLeakIntoTheNextRead() throws Exception {
        Path file = home.resolve("config.json");
        Files.writeString(file, "{\"cost\": {\"watts\": 40}}");
        ConfigFile config = new ConfigFile(file);
        ((com.fasterxml.jackson.databind.node.ObjectNode) config.section("cost").orElseThrow()).put("watts", 1);
        assertEquals(40, config.section("cost").orElseThrow().path("watts").asInt());
    }
}
