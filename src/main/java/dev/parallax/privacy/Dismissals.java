package dev.parallax.privacy;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The values a user marked "not sensitive" in one session (a Playground window): the gate ignores exactly those values
 * for the rest of the session. Only a salted SHA-256 of each value is kept, with a salt drawn per session and never
 * stored, so the set says nothing about the values to anyone who reads it, and nothing outlives the session.
 */
public final class Dismissals {

    private static final SecureRandom RANDOM = new SecureRandom();

    /** Findings split into the ones that still count and the ones the user dismissed. */
    public record Split(List<Finding> kept, List<Finding> dismissed) {
        public Split {
            kept = List.copyOf(kept);
            dismissed = List.copyOf(dismissed);
        }
    }

    private final byte[] salt;
    private final Set<String> hashes = ConcurrentHashMap.newKeySet();
    private final boolean fixed;

    private Dismissals(boolean fixed) {
        this.salt = new byte[16];
        RANDOM.nextBytes(salt);
        this.fixed = fixed;
    }

    /** A new session with nothing dismissed yet. */
    public static Dismissals newSession() {
        return new Dismissals(false);
    }

    /** Nothing dismissed, and nothing can be (CLI runs, batches). */
    public static Dismissals none() {
        return new Dismissals(true);
    }

    /** Marks {@code value} (the text a finding covers) as not sensitive for this session. */
    public void dismiss(String value) {
        if (fixed) {
            throw new IllegalStateException("findings cannot be dismissed outside a session");
        }
        hashes.add(hash(value));
    }

    /** Whether {@code value} was dismissed in this session. */
    public boolean covers(String value) {
        return !hashes.isEmpty() && hashes.contains(hash(value));
    }

    /** How many distinct values are dismissed. */
    public int size() {
        return hashes.size();
    }

    /** Forgets every dismissal of this session. */
    public void clear() {
        hashes.clear();
    }

    /** Splits the findings of {@code text}: those whose exact value was dismissed no longer count. */
    public Split split(String text, List<Finding> findings) {
        if (hashes.isEmpty()) {
            return new Split(findings, List.of());
        }
        List<Finding> kept = new ArrayList<>();
        List<Finding> dismissed = new ArrayList<>();
        for (Finding f : findings) {
            (covers(text.substring(f.start(), f.end())) ? dismissed : kept).add(f);
        }
        return new Split(kept, dismissed);
    }

    private String hash(String value) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(salt);
            return HexFormat.of().formatHex(sha.digest(value.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this Java runtime", e);
        }
    }
}
