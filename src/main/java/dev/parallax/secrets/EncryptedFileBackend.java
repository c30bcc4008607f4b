package dev.parallax.secrets;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.PBEKeySpec;
import javax.crypto.spec.SecretKeySpec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * Keys in one file, {@code keys.enc}: the provider → key map as JSON, encrypted with AES-256-GCM under a key
 * derived with PBKDF2-HMAC-SHA256 (random 16-byte salt, iteration count stored in the file) from a
 * passphrase. A fresh 12-byte IV on every write; the header is bound to the ciphertext as associated data.
 * See docs/decisions/0004-api-keys-keychain-or-encrypted-file.md for where the passphrase comes from.
 */
final class EncryptedFileBackend implements KeyBackend {

    static final int DEFAULT_ITERATIONS = 600_000;
    private static final String FORMAT = "parallax-keys";
    private static final int VERSION = 1;
    private static final String KDF = "PBKDF2WithHmacSHA256";
    private static final String CIPHER = "AES/GCM/NoPadding";
    private static final int TAG_BITS = 128;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

    private final Path file;
    private final Supplier<char[]> passphrase;
    private final String passphraseSource;
    private final int iterations;
    private final SecureRandom random = new SecureRandom();
    private byte[] derivedFor;
    private int derivedRounds;
    private SecretKeySpec derived;

    EncryptedFileBackend(Path file, Supplier<char[]> passphrase, String passphraseSource, int iterations) {
        this.file = file;
        this.passphrase = passphrase;
        this.passphraseSource = passphraseSource;
        this.iterations = iterations;
    }

    Path file() {
        return file;
    }

    @Override
    public synchronized Optional<String> get(String account) {
        return Optional.ofNullable(readAll().get(account));
    }

    @Override
    public synchronized void set(String account, String value) {
        Map<String, String> all = readAll();
        all.put(account, value);
        writeAll(all);
    }

    @Override
    public synchronized boolean delete(String account) {
        Map<String, String> all = readAll();
        if (all.remove(account) == null) {
            return false;
        }
        writeAll(all);
        return true;
    }

    @Override
    public String describe() {
        return "encrypted file " + file + " (AES-GCM, key from " + passphraseSource + ")";
    }

    boolean exists() {
        return Files.isRegularFile(file);
    }

    private Map<String, String> readAll() {
        Map<String, String> all = new TreeMap<>();
        if (!Files.isRegularFile(file)) {
            return all;
        }
        try {
            JsonNode root = JSON.readTree(file.toFile());
            if (!FORMAT.equals(root.path("format").asText()) || root.path("version").asInt() != VERSION) {
                throw new KeyStoreException("The key file " + file + " is not a Parallax key file of a known version. "
                        + "Move it away and store your keys again with: parallax keys set PROVIDER");
            }
            byte[] salt = b64(root, "salt");
            byte[] iv = b64(root, "iv");
            byte[] data = b64(root, "data");
            int rounds = root.path("iterations").asInt();
            Cipher cipher = Cipher.getInstance(CIPHER);
            cipher.init(Cipher.DECRYPT_MODE, key(salt, rounds), new GCMParameterSpec(TAG_BITS, iv));
            cipher.updateAAD(header(salt, rounds));
            byte[] plain = cipher.doFinal(data);
            try {
                JsonNode map = JSON.readTree(plain);
                for (Iterator<Map.Entry<String, JsonNode>> it = map.fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> e = it.next();
                    all.put(e.getKey(), e.getValue().asText());
                }
            } finally {
                Arrays.fill(plain, (byte) 0);
            }
            return all;
        } catch (AEADBadTagException e) {
            throw new KeyStoreException("The key file " + file + " cannot be decrypted with the passphrase from "
                    + passphraseSource + ": it was written with another passphrase, or it was altered. Set the "
                    + "passphrase it was written with, or move the file away and store your keys again.", null);
        } catch (IOException | GeneralSecurityException | IllegalArgumentException e) {
            throw new KeyStoreException("Cannot read the key file " + file + ": " + e.getClass().getSimpleName()
                    + ". Move it away and store your keys again with: parallax keys set PROVIDER", null);
        }
    }

    private void writeAll(Map<String, String> all) {
        try {
            byte[] salt = currentSalt().orElseGet(() -> {
                byte[] s = new byte[16];
                random.nextBytes(s);
                return s;
            });
            byte[] iv = new byte[12];
            random.nextBytes(iv);
            ObjectNode map = JSON.createObjectNode();
            all.forEach(map::put);
            byte[] plain = JSON.writeValueAsBytes(map);
            byte[] data;
            try {
                Cipher cipher = Cipher.getInstance(CIPHER);
                cipher.init(Cipher.ENCRYPT_MODE, key(salt, iterations), new GCMParameterSpec(TAG_BITS, iv));
                cipher.updateAAD(header(salt, iterations));
                data = cipher.doFinal(plain);
            } finally {
                Arrays.fill(plain, (byte) 0);
            }
            ObjectNode root = JSON.createObjectNode()
                    .put("format", FORMAT)
                    .put("version", VERSION)
                    .put("kdf", KDF)
                    .put("iterations", iterations)
                    .put("cipher", CIPHER)
                    .put("salt", Base64.getEncoder().encodeToString(salt))
                    .put("iv", Base64.getEncoder().encodeToString(iv))
                    .put("data", Base64.getEncoder().encodeToString(data));
            writeOwnerOnly(file, JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(root));
        } catch (IOException | GeneralSecurityException e) {
            throw new KeyStoreException("Cannot write the key file " + file + ": " + e.getMessage(), null);
        }
    }

    /** The salt of the existing file, so its derived key can be reused; a new file gets a new salt. */
    private Optional<byte[]> currentSalt() throws IOException {
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        JsonNode root = JSON.readTree(file.toFile());
        return root.path("iterations").asInt() == iterations ? Optional.of(b64(root, "salt")) : Optional.empty();
    }

    private SecretKeySpec key(byte[] salt, int rounds) throws GeneralSecurityException {
        // One derivation per process for a file: the file's own count is used to read it, which a file written
        // before the count changed keeps until its next write.
        if (derived != null && Arrays.equals(derivedFor, salt) && rounds == derivedRounds) {
            return derived;
        }
        if (rounds < 1) {
            throw new GeneralSecurityException("bad iteration count");
        }
        char[] pass = passphrase.get();
        PBEKeySpec spec = new PBEKeySpec(pass, salt, rounds, 256);
        try {
            byte[] raw = SecretKeyFactory.getInstance(KDF).generateSecret(spec).getEncoded();
            SecretKeySpec key = new SecretKeySpec(raw, "AES");
            Arrays.fill(raw, (byte) 0);
            derived = key;
            derivedFor = salt.clone();
            derivedRounds = rounds;
            return key;
        } finally {
            spec.clearPassword();
            Arrays.fill(pass, '\0');
        }
    }

    private static byte[] header(byte[] salt, int rounds) {
        return (FORMAT + "/" + VERSION + "/" + KDF + "/" + rounds + "/" + Base64.getEncoder().encodeToString(salt))
                .getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] b64(JsonNode root, String field) {
        return Base64.getDecoder().decode(root.path(field).asText());
    }

    /** Writes through a temporary file created owner-only, then moves it over the target. */
    static void writeOwnerOnly(Path target, byte[] bytes) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = dir.resolve(target.getFileName() + ".tmp");
        Files.deleteIfExists(tmp);
        createOwnerOnly(tmp);
        Files.write(tmp, bytes);
        try {
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    static void createOwnerOnly(Path file) throws IOException {
        if (file.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
            // The umask may have taken bits away, never added any; set them exactly anyway.
            Files.setPosixFilePermissions(file, OWNER_ONLY);
        } else {
            Files.createFile(file);
        }
    }
}
