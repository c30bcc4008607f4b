package dev.parallax.models.hub;

import java.util.Objects;
import java.util.Optional;

/** A Hugging Face access token. Its text never appears in toString, logs or messages. */
public final class HubToken {

    private final String value;

    private HubToken(String value) {
        this.value = value;
    }

    /** A token from its text; empty for null or blank text. */
    public static Optional<HubToken> of(String value) {
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(new HubToken(value.strip()));
    }

    String authorization() {
        return "Bearer " + value;
    }

    @Override
    public String toString() {
        return "HubToken[hidden]";
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof HubToken that && value.equals(that.value);
    }

    @Override
    public int hashCode() {
        return Objects.hash(value);
    }
}
