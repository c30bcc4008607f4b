package dev.parallax.engine;

/** What a local engine is doing, for status displays. */
public enum EngineState {
    IDLE("idle"),
    STARTING("starting engine"),
    LOADING("loading model"),
    GENERATING("generating");

    private final String label;

    EngineState(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
