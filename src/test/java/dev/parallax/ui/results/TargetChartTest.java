package dev.parallax.ui.results;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;

import org.junit.jupiter.api.Test;

class TargetChartTest {

    private static TargetChart chart(String target, double quality) {
        return new TargetChart(target, 20, Optional.empty(), OptionalDouble.empty(), OptionalDouble.of(0.01), quality);
    }

    @Test
    void aLocalModelIsLabelledByItsFileNameAndOtherTargetsAsTheyAre() {
        assertEquals("local:stories260K.gguf", chart("local:/work/shared/models/stories260K.gguf", 1).shortLabel());
        assertEquals("local:model.gguf", chart("local:C:\\models\\model.gguf", 1).shortLabel());
        assertEquals("local:smollm2", chart("local:smollm2", 1).shortLabel());
        assertEquals("openai:gpt-4o-mini", chart("openai:gpt-4o-mini", 1).shortLabel());
    }

    @Test
    void pointsOnAboutTheSameLineTakeTurnsAboveAndBelowItAndALonePointStaysLevel() {
        List<TargetChart> middle = List.of(chart("local:a.gguf", 0.5), chart("openai:gpt-4o-mini", 0.47),
                chart("anthropic:claude", 0.9));
        assertEquals(-9, TargetChart.labelShift(middle, 0));
        assertEquals(9, TargetChart.labelShift(middle, 1));
        assertEquals(0, TargetChart.labelShift(middle, 2));
        // At the top of the axis the second line goes below, inside the plot; at the bottom, above.
        List<TargetChart> top = List.of(chart("local:a.gguf", 1.0), chart("openai:gpt-4o-mini", 1.0));
        assertEquals(0, TargetChart.labelShift(top, 0));
        assertEquals(14, TargetChart.labelShift(top, 1));
        List<TargetChart> bottom = List.of(chart("local:a.gguf", 0.0), chart("openai:gpt-4o-mini", 0.05));
        assertEquals(0, TargetChart.labelShift(bottom, 0));
        assertEquals(-14, TargetChart.labelShift(bottom, 1));
    }
}
