package dev.parallax.secrets;

/**
 * Where API keys are kept, as screens and commands see it: a key can be stored, removed and asked about,
 * never read back. The engines get keys through {@link KeyVault#read}.
 */
public interface KeyStore {

    /** Stores (or replaces) the key of a provider. */
    void set(String provider, Secret key);

    /** Removes the stored key of a provider; false when there was none. */
    boolean remove(String provider);

    boolean has(String provider);

    /** Where keys go, in words: "OS keychain (Secret Service)" or "encrypted file /home/me/.parallax/keys.enc". */
    String describe();
}
