package dev.parallax.core;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class TargetAndSpecTest {

    @Test
    void targetKeepsColonsInTheModelPart() {
        Target t = Target.parse("local:C:/models/x.gguf");
        assertEquals("local", t.provider());
        assertEquals("C:/models/x.gguf", t.model());
        assertEquals("ollama:llama3.2:1b", Target.parse("ollama:llama3.2:1b").toString());
    }

    @Test
    void malformedTargetsSayHowToWriteOne() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Target.parse("stories"));
        assertEquals("'stories' is not a target: write provider:model, as in local:stories260K", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Target.parse("local:"));
    }

    @Test
    void rawModeFoldsASystemPromptIntoTheText() {
        RunSpec spec = RunSpec.prompt(Target.local("m"), "Be brief.", "Hi", PromptMode.RAW, GenerationParams.defaults());
        assertEquals(1, spec.messages().size());
        assertEquals("Be brief.\n\nHi", spec.prompt());
        RunSpec chat = RunSpec.prompt(Target.local("m"), "Be brief.", "Hi", PromptMode.CHAT, GenerationParams.defaults());
        assertEquals("Be brief.", chat.systemPrompt());
        assertEquals("Hi", chat.prompt());
    }

    @Test
    void parametersAreCheckedWithReadableMessages() {
        GenerationParams d = GenerationParams.defaults();
        assertEquals("top-p must be in (0, 1], not 1.5",
                assertThrows(IllegalArgumentException.class, () -> d.withTopP(1.5)).getMessage());
        assertThrows(IllegalArgumentException.class, () -> d.withTemperature(-1));
        assertThrows(IllegalArgumentException.class, () -> d.withMaxTokens(0));
    }

    @Test
    void notANumberAndInfinityAreRejected() {
        GenerationParams d = GenerationParams.defaults();
        assertEquals("top-p must be a finite number, not NaN",
                assertThrows(IllegalArgumentException.class, () -> d.withTopP(Double.NaN)).getMessage());
        assertEquals("temperature must be a finite number, not Infinity",
                assertThrows(IllegalArgumentException.class, () -> d.withTemperature(Double.POSITIVE_INFINITY)).getMessage());
        assertThrows(IllegalArgumentException.class, () -> d.withMinP(Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> d.withRepeatPenalty(Double.NaN));
    }
}
