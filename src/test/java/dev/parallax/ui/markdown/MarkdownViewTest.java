package dev.parallax.ui.markdown;

import javafx.scene.Node;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

/** Showing a streamed answer again keeps the nodes of the blocks that did not change. */
class MarkdownViewTest {

    @BeforeAll
    static void toolkit() throws Exception {
        FxToolkit.registerPrimaryStage();
    }

    @Test
    void onlyTheBlocksThatChangedAreBuiltAgain() throws Exception {
        WaitForAsyncUtils.asyncFx(() -> {
            MarkdownView view = new MarkdownView(uri -> { });
            view.show(SafeMarkdown.parse("# Title\n\nFirst paragraph.\n\nSecond, still stream"));
            assertEquals(3, view.getChildren().size());
            List<Node> before = List.copyOf(view.getChildren());

            view.show(SafeMarkdown.parse("# Title\n\nFirst paragraph.\n\nSecond, still streaming.\n\n- a list"));
            assertEquals(4, view.getChildren().size());
            assertSame(before.get(0), view.getChildren().get(0), "the heading is kept");
            assertSame(before.get(1), view.getChildren().get(1), "the finished paragraph is kept");
            assertNotSame(before.get(2), view.getChildren().get(2), "the growing paragraph is built again");

            List<Node> now = List.copyOf(view.getChildren());
            view.show(SafeMarkdown.parse("# Title\n\nFirst paragraph.\n\nSecond, still streaming.\n\n- a list"));
            assertEquals(now, List.copyOf(view.getChildren()), "the same answer changes nothing");

            view.show(SafeMarkdown.parse("Another answer"));
            assertEquals(1, view.getChildren().size());
            assertNotSame(now.get(0), view.getChildren().get(0));

            view.show(List.of());
            assertEquals(0, view.getChildren().size());
            return null;
        }).get();
    }
}
