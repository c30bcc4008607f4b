package dev.parallax.ui.results;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import javafx.scene.chart.NumberAxis;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

/** The cost-vs-quality chart's pass-rate axis. */
class PassRateAxisTest {

    @BeforeAll
    static void toolkit() throws Exception {
        FxToolkit.registerPrimaryStage();
    }

    @Test
    void aDotAtZeroPercentHasRoomBelowItAndOnlyWholeStepsAreLabelled() throws Exception {
        NumberAxis y = WaitForAsyncUtils.asyncFx(() -> {
            NumberAxis a = new NumberAxis();
            ResultsView.passRateAxis(a);
            return a;
        }).get();
        assertTrue(y.getLowerBound() < 0, "0 % is not the plot's bottom edge");
        assertTrue(y.getUpperBound() > 100, "nor 100 % its top");
        assertEquals("0", y.getTickLabelFormatter().toString(0));
        assertEquals("40", y.getTickLabelFormatter().toString(40.0));
        assertEquals("100", y.getTickLabelFormatter().toString(100));
        assertEquals("", y.getTickLabelFormatter().toString(110), "no 110 % on the axis");
        assertEquals("", y.getTickLabelFormatter().toString(-10));
        assertEquals("", y.getTickLabelFormatter().toString(10), "every other grid line is unlabelled");
        // The axis ticks from its lower bound in steps of its unit: 0 and 100 must be among those ticks.
        double first = y.getLowerBound();
        assertEquals(0, Math.IEEEremainder(0 - first, y.getTickUnit()), 1e-9, "0 is a tick");
        assertEquals(0, Math.IEEEremainder(100 - first, y.getTickUnit()), 1e-9, "100 is a tick");
    }
}
