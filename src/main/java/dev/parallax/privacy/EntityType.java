package dev.parallax.privacy;

import java.util.Locale;

/** What a finding is. Labels are a public contract (CLI JSON, database rows). */
public enum EntityType {
    EMAIL("EMAIL"),
    PHONE("PHONE"),
    PAYMENT_CARD("CARD"),
    IBAN("IBAN"),
    US_SSN("SSN"),
    IP_ADDRESS("IP"),
    MAC_ADDRESS("MAC"),
    SECRET("SECRET"),
    USER_RULE("RULE"),
    HEALTH("HEALTH"),
    RELIGION("RELIGION"),
    SEXUAL_ORIENTATION("SEXUAL_ORIENTATION"),
    ETHNIC_ORIGIN("ETHNIC_ORIGIN"),
    POLITICAL_OPINION("POLITICAL_OPINION"),
    TRADE_UNION("TRADE_UNION"),
    BIOMETRIC_GENETIC("BIOMETRIC_GENETIC"),
    PERSON_NAME("NAME"),
    LOCATION("LOCATION");

    private final String placeholder;

    EntityType(String placeholder) {
        this.placeholder = placeholder;
    }

    /** snake_case, as in JSON and the database: "payment_card", "sexual_orientation". */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The stem of a redaction placeholder: {@code <CARD_1>}. */
    public String placeholderStem() {
        return placeholder;
    }

    /** A GDPR Art. 9 special category, found per sentence rather than as an exact value. */
    public boolean isSpecialCategory() {
        return switch (this) {
            case HEALTH, RELIGION, SEXUAL_ORIENTATION, ETHNIC_ORIGIN, POLITICAL_OPINION, TRADE_UNION,
                 BIOMETRIC_GENETIC -> true;
            default -> false;
        };
    }

    public static EntityType fromLabel(String label) {
        return valueOf(label.trim().toUpperCase(Locale.ROOT));
    }
}
