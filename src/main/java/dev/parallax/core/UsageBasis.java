package dev.parallax.core;

/** Whether token counts come from the engine or provider itself, or were estimated by Parallax. */
public enum UsageBasis {
    EXACT,
    ESTIMATED;

    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
