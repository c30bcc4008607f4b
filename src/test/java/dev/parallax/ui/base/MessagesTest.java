package dev.parallax.ui.base;

import atlantafx.base.controls.Message;
import javafx.geometry.Bounds;
import javafx.scene.Scene;
import javafx.scene.layout.VBox;
import javafx.stage.Stage;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A Message is as tall as its text at the width it has: never cut at a narrow width, never a tower without one. */
class MessagesTest {

    private static final String LONG = "could not reach huggingface.co (connection refused or unreachable); check the"
            + " network connection and, behind a proxy, HTTPS_PROXY. The curated catalog still works.";

    @BeforeAll
    static void toolkit() throws Exception {
        FxToolkit.registerPrimaryStage();
    }

    @Test
    void aMessageShownLaterAsksForNoTowerAndEndsTallEnoughForItsText() throws Exception {
        // As in Discover: hidden until there is a problem to show, then shown and measured before its first layout.
        Message m = WaitForAsyncUtils.asyncFx(() -> Messages.create("Hugging Face is not reachable", LONG, null)).get();
        VBox box = new VBox(m);
        Stage stage = WaitForAsyncUtils.asyncFx(() -> {
            m.setVisible(false);
            m.setManaged(false);
            Stage s = new Stage();
            s.setScene(new Scene(box, 300, 600));
            s.show();
            return s;
        }).get();
        WaitForAsyncUtils.waitForFxEvents();
        double unlaid = WaitForAsyncUtils.asyncFx(() -> {
            m.setVisible(true);
            m.setManaged(true);
            m.applyCss();
            return m.minHeight(-1);
        }).get();
        assertTrue(unlaid < 200, "shown, not laid out yet, asked without a width: " + unlaid);

        WaitForAsyncUtils.waitForFxEvents();
        WaitForAsyncUtils.waitForFxEvents();
        double[] after = WaitForAsyncUtils.asyncFx(() -> {
            Bounds text = m.lookup(".description").getBoundsInParent();
            return new double[] {text.getMaxY(), m.getHeight()};
        }).get();
        WaitForAsyncUtils.asyncFx(stage::close).get();
        assertTrue(after[1] >= after[0], "the text ends at " + after[0] + " in a message " + after[1] + " tall");
    }

    @Test
    void aTitleChangedAfterTheMessageIsShownIsShownAsTheTitle() throws Exception {
        // As in a Compare column stopped midway: "A run went wrong" becomes "Stopped" once the column has ended.
        Message m = WaitForAsyncUtils.asyncFx(() -> Messages.create("A run went wrong", "Cancelled: stopped", null)).get();
        Stage stage = WaitForAsyncUtils.asyncFx(() -> {
            Stage s = new Stage();
            s.setScene(new Scene(new VBox(m), 300, 200));
            s.show();
            return s;
        }).get();
        WaitForAsyncUtils.waitForFxEvents();
        String shown = WaitForAsyncUtils.asyncFx(() -> {
            m.setTitle("Stopped");
            return ((javafx.scene.control.Label) m.lookup(".title")).getText();
        }).get();
        WaitForAsyncUtils.asyncFx(stage::close).get();
        assertEquals("Stopped", shown);
    }
}
