package dev.parallax.engine.local;

import java.util.Locale;

/** Which local engine runs a model. */
public enum EngineChoice {
    /** The current llama.cpp where its runtime and libraries are present, else java-llama.cpp. */
    AUTO("auto"),
    /** llama.cpp v0.5.0 through the FFM API: today's architectures, native speed. */
    CURRENT("current"),
    /** java-llama.cpp 4.2.0 (llama.cpp b4916): runs wherever Java 17 runs. */
    JAVA_LLAMA_CPP("java-llama.cpp");

    private final String label;

    EngineChoice(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    public static EngineChoice parse(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        return switch (t) {
            case "auto" -> AUTO;
            case "current", "ffm", "llama.cpp" -> CURRENT;
            case "java-llama.cpp", "jni", "jllama" -> JAVA_LLAMA_CPP;
            default -> throw new IllegalArgumentException("unknown engine '" + text + "': use auto, current or java-llama.cpp");
        };
    }
}
