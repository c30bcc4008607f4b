package dev.parallax.core;

/** How the prompt reaches the model. */
public enum PromptMode {
    /** CHAT when the model carries a chat template (instruct models), RAW otherwise (base models). */
    AUTO,
    /** Messages rendered through the model's own chat template (ChatML when it has none). */
    CHAT,
    /** The text goes to the model as it is: plain completion. */
    RAW
}
