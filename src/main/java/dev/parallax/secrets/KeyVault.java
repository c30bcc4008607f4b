package dev.parallax.secrets;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The API keys of one Parallax home. Keys go to the OS keychain when one answers within a short time box,
 * otherwise to an encrypted file in the home ({@link EncryptedFileBackend}); never to plain text. The choice
 * is made on first use, so commands that need no key never touch a keychain.
 *
 * <p>{@code PARALLAX_KEYSTORE=file|keychain|auto} (default auto) overrides the choice;
 * {@code PARALLAX_KEY_PASSPHRASE} is the file's passphrase, else a random machine-local secret
 * ({@code <home>/machine.secret}, owner-only) is.
 */
public final class KeyVault implements KeyStore {

    public static final String KEYS_FILE = "keys.enc";
    public static final String MACHINE_SECRET_FILE = "machine.secret";
    static final Duration KEYCHAIN_TIMEOUT = Duration.ofSeconds(3);
    /**
     * PBKDF2 iterations under the machine-local secret: one. Stretching makes each guess of a human passphrase
     * expensive; the machine secret is 32 random bytes, which no number of guesses finds, so stretching it only cost
     * every process 150-500 ms on this project's 2-core machine. {@code PARALLAX_KEY_PASSPHRASE} keeps the full count.
     */
    static final int MACHINE_SECRET_ITERATIONS = 1;

    private final Supplier<KeyBackend> chooser;
    private final EncryptedFileBackend file;
    private KeyBackend backend;

    KeyVault(Supplier<KeyBackend> chooser, EncryptedFileBackend file) {
        this.chooser = chooser;
        this.file = file;
    }

    public static KeyVault open(Path home, Map<String, String> env) {
        return open(home, env, EncryptedFileBackend.DEFAULT_ITERATIONS, KEYCHAIN_TIMEOUT);
    }

    /** @param iterations PBKDF2 iterations for a file under {@code PARALLAX_KEY_PASSPHRASE} (tests use fewer) */
    static KeyVault open(Path home, Map<String, String> env, int iterations, Duration keychainTimeout) {
        String envPass = env.get("PARALLAX_KEY_PASSPHRASE");
        boolean fromEnv = envPass != null && !envPass.isBlank();
        Path machineSecret = home.resolve(MACHINE_SECRET_FILE);
        Supplier<char[]> passphrase = fromEnv ? envPass::toCharArray : () -> machineSecret(machineSecret);
        String source = fromEnv ? "PARALLAX_KEY_PASSPHRASE" : "the machine-local secret " + machineSecret;
        EncryptedFileBackend file = new EncryptedFileBackend(home.resolve(KEYS_FILE), passphrase, source,
                fromEnv ? iterations : MACHINE_SECRET_ITERATIONS);
        String mode = env.getOrDefault("PARALLAX_KEYSTORE", "auto").trim().toLowerCase(Locale.ROOT);
        Supplier<KeyBackend> chooser = switch (mode) {
            case "file" -> () -> file;
            case "keychain" -> () -> KeychainBackend.probe(env, keychainTimeout).orElseThrow(() -> new KeyStoreException(
                    "PARALLAX_KEYSTORE=keychain, but no OS keychain answered within " + keychainTimeout.toMillis()
                            + " ms. Unlock it, or unset PARALLAX_KEYSTORE to use the encrypted file."));
            case "auto", "" -> () -> KeychainBackend.probe(env, keychainTimeout).orElse(file);
            default -> throw new KeyStoreException("PARALLAX_KEYSTORE must be auto, file or keychain, not '" + mode + "'");
        };
        return new KeyVault(chooser, file);
    }

    private synchronized KeyBackend backend() {
        if (backend == null) {
            backend = chooser.get();
        }
        return backend;
    }

    @Override
    public void set(String provider, Secret key) {
        Objects.requireNonNull(key, "key");
        backend().set(account(provider), key.reveal());
    }

    @Override
    public boolean remove(String provider) {
        String account = account(provider);
        boolean removed = backend().delete(account);
        if (backend() != file && file.exists()) {
            removed |= file.delete(account);
        }
        return removed;
    }

    @Override
    public boolean has(String provider) {
        return read(provider).isPresent();
    }

    /** The stored key of a provider. For engines only: screens and commands never read keys back. */
    public Optional<Secret> read(String provider) {
        String account = account(provider);
        Optional<String> value = backend().get(account);
        if (value.isEmpty() && backend() != file && file.exists()) {
            // Stored while no keychain answered (a headless session): still this user's key.
            value = file.get(account);
        }
        return value.filter(v -> !v.isBlank()).map(Secret::of);
    }

    @Override
    public String describe() {
        return backend().describe();
    }

    private static String account(String provider) {
        if (provider == null || provider.isBlank()) {
            throw new IllegalArgumentException("a key needs a provider name");
        }
        return provider.trim().toLowerCase(Locale.ROOT);
    }

    /** Reads the machine-local secret, creating it (32 random bytes, owner-only) on first use. */
    private static char[] machineSecret(Path path) {
        try {
            if (!Files.isRegularFile(path)) {
                byte[] random = new byte[32];
                new SecureRandom().nextBytes(random);
                EncryptedFileBackend.writeOwnerOnly(path,
                        Base64.getUrlEncoder().withoutPadding().encode(random));
            } else if (path.getFileSystem().supportedFileAttributeViews().contains("posix")) {
                Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rw-------"));
            }
            return new String(Files.readAllBytes(path), StandardCharsets.US_ASCII).strip().toCharArray();
        } catch (IOException e) {
            throw new KeyStoreException("Cannot create or read the machine-local secret " + path + ": "
                    + e.getMessage() + ". Set PARALLAX_KEY_PASSPHRASE instead.", e);
        }
    }
}
