package dev.parallax.app;

import dev.parallax.core.GenerationParams;
import dev.parallax.core.PromptMode;

import java.util.Objects;

/**
 * What a person sets once and expects to find again: the look of the window and the parameters a new
 * run starts from. Kept in {@code config.json}; never a secret.
 *
 * @param markdown show answers rendered as Markdown rather than plain text
 */
public record Settings(Theme theme, GenerationParams defaults, PromptMode mode, boolean markdown) {

    public enum Theme {
        LIGHT, DARK;

        public String label() {
            return this == LIGHT ? "Light" : "Dark";
        }
    }

    public Settings {
        Objects.requireNonNull(theme, "theme");
        Objects.requireNonNull(defaults, "defaults");
        Objects.requireNonNull(mode, "mode");
    }

    public static Settings initial() {
        return new Settings(Theme.LIGHT, GenerationParams.defaults(), PromptMode.AUTO, true);
    }

    public Settings withTheme(Theme v) {
        return new Settings(v, defaults, mode, markdown);
    }

    public Settings withDefaults(GenerationParams v, PromptMode m) {
        return new Settings(theme, v, m, markdown);
    }

    public Settings withMarkdown(boolean v) {
        return new Settings(theme, defaults, mode, v);
    }
}
