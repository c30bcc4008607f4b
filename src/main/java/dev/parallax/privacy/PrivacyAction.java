package dev.parallax.privacy;

import java.util.Locale;

/** What happens to a prompt with findings on its way to a provider. */
public enum PrivacyAction {
    /** Sent as written. */
    ALLOW,
    /** Sent with each finding replaced by a placeholder such as {@code <EMAIL_1>}; the answer gets the originals back. */
    REDACT,
    /** Not sent: the run goes to the configured local model instead, or is refused when there is none. */
    LOCAL_ONLY;

    public String label() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    public static PrivacyAction parse(String text) {
        return switch (text.trim().toLowerCase(Locale.ROOT)) {
            case "allow" -> ALLOW;
            case "redact" -> REDACT;
            case "local-only", "local_only", "local" -> LOCAL_ONLY;
            default -> throw new IllegalArgumentException("'" + text + "' is not a privacy policy: use allow, redact or local-only");
        };
    }
}
