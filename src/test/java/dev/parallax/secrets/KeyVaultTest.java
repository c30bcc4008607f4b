package dev.parallax.secrets;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Keys on a machine without a keychain (this CI has no D-Bus Secret Service): the encrypted file, its
 * passphrase, its permissions, and a keychain probe that cannot hang the program.
 */
@EnabledOnOs(OS.LINUX)
class KeyVaultTest {

    private static final String CANARY = "sk-canary-7f3a9c1e5b2d4f6a8c0e";
    private static final int FAST = 1_000;

    @TempDir
    Path home;

    @Test
    void withoutADbusSessionKeysGoToTheEncryptedFileAtOnce() {
        long t0 = System.nanoTime();
        KeyVault vault = KeyVault.open(home, Map.of(), FAST, Duration.ofSeconds(3));
        vault.set("openai", Secret.of(CANARY));
        double ms = (System.nanoTime() - t0) / 1e6;
        System.out.printf("backend chosen and key stored in %.0f ms: %s%n", ms, vault.describe());
        assertTrue(vault.describe().startsWith("encrypted file"), vault.describe());
        assertTrue(ms < 2_000, "choosing the backend took " + ms + " ms");
        assertEquals(CANARY, vault.read("openai").orElseThrow().reveal());
        assertTrue(vault.has("OpenAI"), "provider names are case-insensitive");
        assertFalse(vault.has("anthropic"));
    }

    @Test
    void aRandomMachineSecretIsNotStretchedAndAPassphraseIs(@TempDir Path other) throws Exception {
        KeyVault.open(home, Map.of(), FAST, Duration.ofSeconds(1)).set("openai", Secret.of(CANARY));
        assertEquals(KeyVault.MACHINE_SECRET_ITERATIONS, storedIterations(home));
        KeyVault.open(other, Map.of("PARALLAX_KEY_PASSPHRASE", "correct horse"), FAST, Duration.ofSeconds(1))
                .set("openai", Secret.of(CANARY));
        assertEquals(FAST, storedIterations(other));
    }

    @Test
    void aFileWrittenWithTheFormerCountIsReadAndTakesTheNewOneAtItsNextWrite() throws Exception {
        KeyVault.open(home, Map.of(), FAST, Duration.ofSeconds(1)).set("first", Secret.of("sk-first-0123456789abcdef"));
        char[] secret = Files.readString(home.resolve(KeyVault.MACHINE_SECRET_FILE)).strip().toCharArray();
        EncryptedFileBackend former = new EncryptedFileBackend(home.resolve(KeyVault.KEYS_FILE), secret::clone,
                "the machine-local secret", FAST);
        former.set("openai", CANARY);
        assertEquals(FAST, storedIterations(home));

        KeyVault vault = KeyVault.open(home, Map.of(), FAST, Duration.ofSeconds(1));
        assertEquals(CANARY, vault.read("openai").orElseThrow().reveal());
        vault.set("anthropic", Secret.of("sk-ant-second-key-0123456789"));
        assertEquals(KeyVault.MACHINE_SECRET_ITERATIONS, storedIterations(home));
        KeyVault reopened = KeyVault.open(home, Map.of(), FAST, Duration.ofSeconds(1));
        assertEquals(CANARY, reopened.read("openai").orElseThrow().reveal());
        assertEquals("sk-first-0123456789abcdef", reopened.read("first").orElseThrow().reveal());
        assertTrue(reopened.has("anthropic"));
    }

    private static int storedIterations(Path home) throws Exception {
        String json = Files.readString(home.resolve(KeyVault.KEYS_FILE));
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\"iterations\"\\s*:\\s*(\\d+)").matcher(json);
        assertTrue(m.find(), json);
        return Integer.parseInt(m.group(1));
    }

    @Test
    void theFileHoldsNoPlainKeyAndOnlyItsOwnerCanReadIt() throws Exception {
        KeyVault vault = KeyVault.open(home, Map.of(), FAST, Duration.ofSeconds(1));
        vault.set("openai", Secret.of(CANARY));
        vault.set("anthropic", Secret.of("sk-ant-second-key-0123456789"));
        Path file = home.resolve(KeyVault.KEYS_FILE);
        String bytes = Files.readString(file, StandardCharsets.ISO_8859_1);
        assertFalse(bytes.contains(CANARY));
        assertFalse(bytes.contains("canary"));
        assertFalse(bytes.contains("openai"), "even the provider names are inside the ciphertext");
        assertTrue(bytes.contains("PBKDF2WithHmacSHA256") && bytes.contains("AES/GCM/NoPadding"));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        assertEquals("rw-------", PosixFilePermissions.toString(
                Files.getPosixFilePermissions(home.resolve(KeyVault.MACHINE_SECRET_FILE))));

        KeyVault reopened = KeyVault.open(home, Map.of(), FAST, Duration.ofSeconds(1));
        assertEquals(CANARY, reopened.read("openai").orElseThrow().reveal());
        assertTrue(reopened.remove("openai"));
        assertFalse(reopened.remove("openai"));
        assertEquals(Optional.empty(), reopened.read("openai"));
        assertTrue(reopened.has("anthropic"));
    }

    @Test
    void everyWriteUsesAFreshIvAndEveryFileAFreshSalt() throws Exception {
        Path a = home.resolve("a");
        Path b = home.resolve("b");
        KeyVault va = KeyVault.open(a, Map.of("PARALLAX_KEY_PASSPHRASE", "same"), FAST, Duration.ofSeconds(1));
        KeyVault vb = KeyVault.open(b, Map.of("PARALLAX_KEY_PASSPHRASE", "same"), FAST, Duration.ofSeconds(1));
        va.set("x", Secret.of(CANARY));
        String first = Files.readString(a.resolve(KeyVault.KEYS_FILE));
        va.set("x", Secret.of(CANARY));
        String second = Files.readString(a.resolve(KeyVault.KEYS_FILE));
        vb.set("x", Secret.of(CANARY));
        String other = Files.readString(b.resolve(KeyVault.KEYS_FILE));
        assertNotEquals(field(first, "iv"), field(second, "iv"));
        assertEquals(field(first, "salt"), field(second, "salt"));
        assertNotEquals(field(first, "salt"), field(other, "salt"));
        assertFalse(Files.exists(a.resolve(KeyVault.MACHINE_SECRET_FILE)), "a passphrase needs no machine secret");
    }

    @Test
    void aWrongPassphraseOrAnAlteredFileFailsClearlyWithoutTheKey() throws Exception {
        KeyVault.open(home, Map.of("PARALLAX_KEY_PASSPHRASE", "right"), FAST, Duration.ofSeconds(1))
                .set("openai", Secret.of(CANARY));
        KeyVault wrong = KeyVault.open(home, Map.of("PARALLAX_KEY_PASSPHRASE", "wrong"), FAST, Duration.ofSeconds(1));
        KeyStoreException e = assertThrows(KeyStoreException.class, () -> wrong.read("openai"));
        assertTrue(e.getMessage().contains("cannot be decrypted with the passphrase from PARALLAX_KEY_PASSPHRASE"),
                e.getMessage());
        assertFalse(e.getMessage().contains(CANARY));

        Path file = home.resolve(KeyVault.KEYS_FILE);
        String json = Files.readString(file);
        String data = field(json, "data");
        char flipped = data.charAt(5) == 'A' ? 'B' : 'A';
        Files.writeString(file, json.replace(data, data.substring(0, 5) + flipped + data.substring(6)));
        KeyVault right = KeyVault.open(home, Map.of("PARALLAX_KEY_PASSPHRASE", "right"), FAST, Duration.ofSeconds(1));
        assertThrows(KeyStoreException.class, () -> right.read("openai"));
    }

    @Test
    void aPassphraseIsStretchedWithTheFullCountByDefault() throws Exception {
        KeyVault vault = KeyVault.open(home, Map.of("PARALLAX_KEYSTORE", "file", "PARALLAX_KEY_PASSPHRASE", "correct horse"));
        long t0 = System.nanoTime();
        vault.set("openai", Secret.of(CANARY));
        double ms = (System.nanoTime() - t0) / 1e6;
        System.out.printf("PBKDF2 with %d iterations: key stored in %.0f ms%n", EncryptedFileBackend.DEFAULT_ITERATIONS, ms);
        assertEquals(EncryptedFileBackend.DEFAULT_ITERATIONS, storedIterations(home));
        assertEquals(600_000, EncryptedFileBackend.DEFAULT_ITERATIONS, "OWASP's count for PBKDF2-HMAC-SHA256");
    }

    @Test
    void aKeychainThatDoesNotAnswerIsLeftBehindWithinItsTimeBox() throws Exception {
        // A D-Bus address where nothing listens: java-keyring must fail, and fail fast.
        Path socket = home.resolve("no-bus");
        Map<String, String> env = Map.of("DBUS_SESSION_BUS_ADDRESS", "unix:path=" + socket);
        long t0 = System.nanoTime();
        KeyVault vault = KeyVault.open(home, env, FAST, Duration.ofMillis(1500));
        vault.set("openai", Secret.of(CANARY));
        double ms = (System.nanoTime() - t0) / 1e6;
        System.out.printf("unanswered keychain left behind after %.0f ms: %s%n", ms, vault.describe());
        assertTrue(vault.describe().startsWith("encrypted file"));
        assertTrue(ms < 2_500, ms + " ms");

        long t1 = System.nanoTime();
        KeyStoreException e = assertThrows(KeyStoreException.class, () -> KeychainBackend.timed(Duration.ofMillis(200), () -> {
            Thread.sleep(10_000);
            return null;
        }));
        assertTrue((System.nanoTime() - t1) / 1e6 < 1_000);
        assertTrue(e.getMessage().contains("did not answer within 200 ms"));
    }

    @Test
    void keychainModeFailsClearlyWhenNoKeychainAnswers() {
        KeyVault vault = KeyVault.open(home, Map.of("PARALLAX_KEYSTORE", "keychain"), FAST, Duration.ofMillis(300));
        KeyStoreException e = assertThrows(KeyStoreException.class, () -> vault.has("openai"));
        assertTrue(e.getMessage().contains("no OS keychain answered"), e.getMessage());
        assertThrows(KeyStoreException.class, () -> KeyVault.open(home, Map.of("PARALLAX_KEYSTORE", "vault")));
    }

    private static String field(String json, String name) {
        int at = json.indexOf("\"" + name + "\"");
        int start = json.indexOf('"', json.indexOf(':', at) + 1) + 1;
        return json.substring(start, json.indexOf('"', start));
    }
}
