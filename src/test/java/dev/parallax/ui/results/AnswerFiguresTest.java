package dev.parallax.ui.results;

import dev.parallax.core.RunStatus;
import dev.parallax.history.RunMetrics;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The figures under an answer in the Results grid. */
class AnswerFiguresTest {

    private static ResultRow.Answer answer(OptionalDouble rate) {
        RunMetrics m = new RunMetrics("r", "fake:m1", RunStatus.COMPLETED, OptionalDouble.of(104), 448, rate, 8, 10,
                Optional.of(new BigDecimal("0.00000243")), "tok tok", Optional.empty());
        return new ResultRow.Answer(0, m, List.of(), Optional.empty());
    }

    @Test
    void timeTokensRateAndCost() {
        assertEquals("448 ms · 10 tok · 104 tok/s · $0.00000243", ResultsView.figures(answer(OptionalDouble.of(104.2))));
    }

    @Test
    void noRateToMeasureLeavesTheRateOutInsteadOfADash() {
        assertEquals("448 ms · 10 tok · $0.00000243", ResultsView.figures(answer(OptionalDouble.empty())));
    }
}
