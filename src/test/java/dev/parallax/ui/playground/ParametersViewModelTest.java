package dev.parallax.ui.playground;

import dev.parallax.core.GenerationParams;
import dev.parallax.core.PromptMode;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ParametersViewModelTest {

    @Test
    void loadThenReadGivesTheSameParameters() {
        GenerationParams p = GenerationParams.defaults().withThreads(2).withContextSize(4096).withMaxTokens(99)
                .withTemperature(0.25).withSeed(7).withStop(List.of("###", "\n\n", "a\\b", "tab\there")).withGpuLayers(3);
        ParametersViewModel vm = new ParametersViewModel(p, PromptMode.RAW);
        assertEquals(p, vm.toParams());
        assertEquals(PromptMode.RAW, vm.modeValue());
        assertEquals("###\n\\n\\n\na\\\\b\ntab\\there", vm.stopProperty().get());
    }

    @Test
    void wrongValuesSayWhatIsWrong() {
        ParametersViewModel vm = new ParametersViewModel(GenerationParams.defaults(), PromptMode.AUTO);
        vm.seedProperty().set("abc");
        assertEquals("seed must be a whole number (-1 for a random seed), not 'abc'",
                assertThrows(IllegalArgumentException.class, vm::toParams).getMessage());
        vm.seedProperty().set(" ");
        assertEquals(-1, vm.toParams().seed());
        vm.temperatureProperty().set(null);
        assertEquals("Temperature needs a value", assertThrows(IllegalArgumentException.class, vm::toParams).getMessage());
        vm.temperatureProperty().set(0.5);
        vm.maxTokensProperty().set(0);
        assertEquals("max tokens must be at least 1, not 0",
                assertThrows(IllegalArgumentException.class, vm::toParams).getMessage());
    }

    @Test
    void emptyLinesAreNoStopStrings() {
        assertEquals(List.of("a", "b"), ParametersViewModel.decodeStops("a\n\n\r\nb\n"));
        assertEquals(List.of(), ParametersViewModel.decodeStops(""));
    }
}
