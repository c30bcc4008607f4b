package dev.parallax.secrets;

import com.github.javakeyring.Keyring;
import com.github.javakeyring.PasswordAccessException;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Keys in the OS keychain (macOS Keychain, Windows Credential Manager, Secret Service on Linux) through
 * java-keyring. Every call is time-boxed: a keychain that hangs (a locked collection waiting for a prompt
 * nobody sees, a D-Bus without a Secret Service) fails the call instead of the program.
 */
final class KeychainBackend implements KeyBackend {

    static final String SERVICE = "parallax";
    private static final String PROBE_ACCOUNT = "parallax-probe";

    private final Keyring keyring;
    private final Duration timeout;
    private final String kind;

    private KeychainBackend(Keyring keyring, Duration timeout) {
        this.keyring = keyring;
        this.timeout = timeout;
        this.kind = String.valueOf(keyring.getKeyringStorageType());
    }

    /**
     * A keychain that answered a write, a read and a delete within {@code timeout}, or empty. On Linux without
     * a D-Bus session there is no Secret Service to ask, so this returns at once.
     */
    static Optional<KeyBackend> probe(java.util.Map<String, String> env, Duration timeout) {
        String os = System.getProperty("os.name", "").toLowerCase(java.util.Locale.ROOT);
        boolean linuxLike = !os.contains("mac") && !os.contains("win");
        if (linuxLike && blank(env.get("DBUS_SESSION_BUS_ADDRESS"))) {
            return Optional.empty();
        }
        try {
            return Optional.of(timed(timeout, () -> {
                Keyring keyring = Keyring.create();
                String marker = Long.toHexString(System.nanoTime());
                keyring.setPassword(SERVICE, PROBE_ACCOUNT, marker);
                String back = keyring.getPassword(SERVICE, PROBE_ACCOUNT);
                keyring.deletePassword(SERVICE, PROBE_ACCOUNT);
                if (!marker.equals(back)) {
                    throw new IllegalStateException("the keychain did not give back what was stored");
                }
                return new KeychainBackend(keyring, timeout);
            }));
        } catch (RuntimeException | LinkageError e) {
            return Optional.empty();
        }
    }

    @Override
    public Optional<String> get(String account) {
        return timed(timeout, () -> {
            try {
                return Optional.ofNullable(keyring.getPassword(SERVICE, account));
            } catch (PasswordAccessException e) {
                // java-keyring reports a missing entry this way too.
                return Optional.<String>empty();
            }
        });
    }

    @Override
    public void set(String account, String value) {
        timed(timeout, () -> {
            keyring.setPassword(SERVICE, account, value);
            return null;
        });
    }

    @Override
    public boolean delete(String account) {
        if (get(account).isEmpty()) {
            return false;
        }
        return timed(timeout, () -> {
            keyring.deletePassword(SERVICE, account);
            return true;
        });
    }

    @Override
    public String describe() {
        return "OS keychain (" + kind + ")";
    }

    interface Call<T> {
        T call() throws Exception;
    }

    static <T> T timed(Duration timeout, Call<T> call) {
        CompletableFuture<T> result = new CompletableFuture<>();
        Thread t = new Thread(() -> {
            try {
                result.complete(call.call());
            } catch (Throwable e) {
                result.completeExceptionally(e);
            }
        }, "parallax-keychain");
        t.setDaemon(true);
        t.start();
        try {
            return result.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new KeyStoreException("the OS keychain did not answer within " + timeout.toMillis() + " ms");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KeyStoreException("interrupted while waiting for the OS keychain");
        } catch (ExecutionException e) {
            // The cause's message comes from the keychain library; it names entries, never their values.
            throw new KeyStoreException("the OS keychain refused: " + e.getCause().getClass().getSimpleName()
                    + (e.getCause().getMessage() == null ? "" : ": " + e.getCause().getMessage()), null);
        }
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
