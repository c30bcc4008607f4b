package dev.parallax.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Mistakes a new user makes on the command line: each gets one plain line, the right exit code, and no secret back. */
class CliMistakesTest {

    private static final String KEY = "sk-proj-AbCdEfGhIjKlMnOpQrSt1234";

    @TempDir
    Path home;

    @Test
    void aKeyTypedWhereTheProviderGoesIsNotPrintedBack() {
        CliHarness cli = new CliHarness(home);
        for (CliHarness.Result r : new CliHarness.Result[] {cli.run("keys", "set", KEY), cli.run("keys", "set", KEY, "openai"),
                cli.run("keys", "rm", KEY)}) {
            assertEquals(2, r.code(), r.err());
            assertFalse(r.err().contains(KEY) || r.out().contains(KEY), r.err());
            assertTrue(r.err().startsWith("parallax: that looks like an API key, not a provider's name"), r.err());
        }
    }

    @Test
    void aMisspeltProviderIsNotAnEmptyPriceTable() {
        CliHarness cli = new CliHarness(home);
        CliHarness.Result typo = cli.run("prices", "--provider", "opneai");
        assertEquals(1, typo.code());
        assertTrue(typo.err().startsWith("parallax: unknown provider 'opneai'"), typo.err());
        assertEquals("", typo.out());
        assertEquals(1, cli.run("prices", "--provider", "opneai", "--json").code());

        CliHarness.Result unpriced = cli.run("prices", "--provider", "ollama");
        assertEquals(0, unpriced.code(), unpriced.err());
        assertTrue(unpriced.out().contains("has no models of ollama"), unpriced.out());
        assertEquals("[ ]", cli.run("prices", "--provider", "ollama", "--json").out().strip());
        assertTrue(cli.run("prices", "--provider", "openai").out().contains("gpt-4o-mini"));
    }

    @Test
    void aBudgetThatIsNoNumberSaysSoWithoutAJavaException() {
        CliHarness.Result r = new CliHarness(home).run("bench", "--dataset", "x.csv", "--target", "local:m", "--budget", "abc");
        assertEquals(2, r.code());
        assertTrue(r.err().startsWith("Invalid value for option '--budget': 'abc' is not an amount of dollars, e.g. 0.50"),
                r.err());
        assertFalse(r.err().contains("Exception"), r.err());
    }

    @Test
    void fileProblemsAreReasonsNotJavaMessages() throws Exception {
        CliHarness cli = new CliHarness(home.resolve("home"));
        java.nio.file.Path binary = java.nio.file.Files.write(home.resolve("model.bin"), new byte[] {(byte) 0xff, (byte) 0xfe, 0});
        CliHarness.Result notText = cli.run("check", "--file", binary.toString());
        assertEquals(1, notText.code());
        assertEquals("parallax: cannot read " + binary + ": it is not UTF-8 text", notText.err().strip());
        CliHarness.Result missing = cli.run("check", "--file", home.resolve("nope.txt").toString());
        assertEquals("parallax: cannot read " + home.resolve("nope.txt") + ": no such file or folder", missing.err().strip());

        java.nio.file.Path aFile = java.nio.file.Files.writeString(home.resolve("a-file"), "x");
        CliHarness.Result homeIsAFile = new CliHarness(aFile).run("history");
        assertEquals(1, homeIsAFile.code());
        assertEquals("parallax: cannot create the data folder " + aFile + " (a file is in the way: " + aFile + "). Choose "
                + "another one with --home or PARALLAX_HOME.", homeIsAFile.err().strip());
    }

    @Test
    void benchLocalOnAModelThatIsNotThereIsOneLine() {
        CliHarness.Result r = new CliHarness(home).run("bench-local", "--model", "nosuch");
        assertEquals(1, r.code());
        assertEquals("parallax: no model named 'nosuch'. No model is imported yet: import one with 'parallax models import "
                + "FILE', or give the path to a .gguf file.", r.err().strip());
    }

    @Test
    void aLimitBelowOneIsAnOptionErrorNotADatabaseError() {
        CliHarness cli = new CliHarness(home);
        for (String[] command : new String[][] {{"comparisons", "list"}, {"batch", "list"}, {"history"}}) {
            String[] args = java.util.stream.Stream.concat(java.util.Arrays.stream(command), java.util.stream.Stream.of("--limit", "-1"))
                    .toArray(String[]::new);
            CliHarness.Result r = cli.run(args);
            assertEquals(2, r.code(), String.join(" ", command) + ": " + r.err());
            assertEquals("parallax: --limit must be at least 1", r.err().strip());
        }
    }
}
