package dev.parallax.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parallax.ui.base.WindowWidth;
import dev.parallax.ui.shell.Page;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import javafx.geometry.Bounds;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.scene.control.ComboBox;
import javafx.scene.control.DatePicker;
import javafx.scene.control.Label;
import javafx.scene.control.Labeled;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.TextField;
import javafx.scene.text.Text;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The pages' filter bars and forms in a narrow window (the minimum, 960 wide, is a half-screen window on a 1920-pixel
 * display) and in the default one: every caption reads whole, every combo box and date picker is as wide as what it
 * shows, and nothing ends past the window's right edge. Rows that do not fit wrap onto a second line instead; they
 * used to squeeze their captions into "...".
 */
class NarrowFormsTest extends OfflineWindowTest {

    private static final List<String> DISCOVER = List.of("#filter-show-only", "#filter-fits", "#discover-context",
            "#filter-tokens", "#filter-quant-label", "#filter-quant", "#filter-supported");
    private static final List<String> RESULTS = List.of("#results-show", "#results-filter", "#results-count",
            "#results-compare", "#results-legend");
    private static final List<String> HISTORY = List.of("#history-search", "#history-target", "#history-status",
            "#history-from", "#history-until");
    private static final List<String> COST = List.of("#cost-title", "#cost-subtitle", "#cost-workload-caption",
            "#cost-source", "#cost-extra-cloud", "#cost-hardware-label", "#cost-hardware", "#cost-lifetime-label",
            "#cost-lifetime", "#cost-utilisation-label", "#cost-utilisation", "#cost-watts-label", "#cost-watts",
            "#cost-electricity-label", "#cost-electricity", "#cost-prompts-label", "#cost-prompts");

    @AfterEach
    void defaultSize() throws Exception {
        resize(1280, 800);
    }

    /** At the minimum size, either side of the width where the pages change their layout, and the default size. */
    @Test
    void captionsReadWholeAtEveryWidth() throws Exception {
        List<String> cut = new ArrayList<>();
        for (double width : List.of(window.stage().getMinWidth(), WindowWidth.NARROW_BELOW - 1, WindowWidth.NARROW_BELOW,
                1280.0)) {
            resize(width, width < 1280 ? window.stage().getMinHeight() : 800);
            cutShort().forEach(c -> cut.add(Math.round(width) + " px: " + c));
        }
        assertEquals(List.of(), cut);
    }

    /**
     * Catalog models' names and badges in Discover's list read whole in a narrow window too, and the list has its
     * old share of a wide window again once the window widens.
     */
    @Test
    void discoverListsWholeNames() throws Exception {
        show(Page.DISCOVER);
        DesktopTestSupport.waitFor(15, () -> !lookup("#discover-results").queryAs(ListView.class).getItems().isEmpty());
        double wideList = fx(() -> lookup("#discover-results").query().getLayoutBounds().getWidth());
        List<String> cut = new ArrayList<>();
        for (double width : List.of(window.stage().getMinWidth(), WindowWidth.NARROW_BELOW, 1280.0)) {
            resize(width, width < 1280 ? window.stage().getMinHeight() : 800);
            List<String> checked = new ArrayList<>();
            cut.addAll(fx(() -> {
                layout();
                Node list = lookup("#discover-results").query();
                double bottom = list.localToScene(list.getLayoutBounds()).getMaxY();
                List<String> out = new ArrayList<>();
                for (Node n : list.lookupAll(".list-cell .label")) {
                    // The one-line captions of the rows in view (a row's description is cut short at any width).
                    if (n instanceof Label l && l.isVisible() && !l.isWrapText() && l.getText() != null
                            && !l.getText().isEmpty() && l.localToScene(l.getLayoutBounds()).getMaxY() < bottom) {
                        describeCut(l, Math.round(width) + " px: \"" + l.getText() + "\"", out);
                        checked.add(l.getText());
                    }
                }
                return out;
            }));
            assertTrue(checked.contains("recommended"), "the catalog's rows are in view: " + checked);
        }
        assertEquals(List.of(), cut);
        assertEquals(wideList, fx(() -> lookup("#discover-results").query().getLayoutBounds().getWidth()), 1.0,
                "the list's width in the default window, before and after a narrow one");

        // A divider the user dragged stays where they put it when the window is resized.
        javafx.scene.control.SplitPane browse = fx(() -> {
            Node n = lookup("#discover-results").query();
            while (!(n instanceof javafx.scene.control.SplitPane)) {
                n = n.getParent();
            }
            return (javafx.scene.control.SplitPane) n;
        });
        fx(() -> {
            browse.getDividers().get(0).setPosition(0.5);
            return null;
        });
        resize(1200, 800);
        resize(1280, 800);
        assertEquals(0.5, fx(() -> browse.getDividers().get(0).getPosition()), 0.01, "the user's divider position");
        fx(() -> {
            browse.getDividers().get(0).setPosition(0.35);
            return null;
        });
    }

    /** A date picker in History's narrow filter bar shows a whole date. */
    @Test
    void historyShowsAWholeDateAtTheMinimumSize() throws Exception {
        resize(window.stage().getMinWidth(), window.stage().getMinHeight());
        show(Page.HISTORY);
        try {
            for (String id : List.of("#history-from", "#history-until")) {
                String problem = fx(() -> {
                    DatePicker picker = lookup(id).queryAs(DatePicker.class);
                    picker.setValue(LocalDate.of(2025, 12, 28));
                    layout();
                    TextField editor = picker.getEditor();
                    Text text = new Text(editor.getText());
                    text.setFont(editor.getFont());
                    double room = editor.getWidth() - editor.getInsets().getLeft() - editor.getInsets().getRight();
                    return text.getLayoutBounds().getWidth() <= room + 0.5 ? null
                            : id + " shows \"" + editor.getText() + "\" (" + Math.round(text.getLayoutBounds().getWidth())
                            + " px) in " + Math.round(room) + " px";
                });
                assertNull(problem);
            }
        } finally {
            fx(() -> {
                lookup("#history-from").queryAs(DatePicker.class).setValue(null);
                lookup("#history-until").queryAs(DatePicker.class).setValue(null);
                return null;
            });
        }
    }

    /** The price override fields show their whole prompts ("output $/1M" read "output $/1"), at every width. */
    @Test
    void thePriceFieldsShowTheirWholePrompts() throws Exception {
        for (double width : List.of(window.stage().getMinWidth(), 1280.0)) {
            resize(width, width < 1280 ? window.stage().getMinHeight() : 800);
            show(Page.SETTINGS);
            List<String> cut = fx(() -> {
                layout();
                List<String> out = new ArrayList<>();
                for (String id : List.of("#price-input", "#price-output", "#price-cached")) {
                    TextField f = lookup(id).queryAs(TextField.class);
                    Text prompt = new Text(f.getPromptText());
                    prompt.setFont(f.getFont());
                    double needs = prompt.getLayoutBounds().getWidth() + f.getPadding().getLeft() + f.getPadding().getRight();
                    if (f.getWidth() < needs - 0.5) {
                        out.add(id + " is " + Math.round(f.getWidth()) + " px wide of the " + Math.round(needs)
                                + " its prompt '" + f.getPromptText() + "' needs");
                    }
                }
                return out;
            });
            assertTrue(cut.isEmpty(), "at " + width + " px: " + cut);
        }
    }

    /** The History table's column titles read whole at the minimum size ("TTFT" read "T…", "Tokens/s" "Tok…"). */
    @Test
    void historyColumnTitlesReadWholeInANarrowWindow() throws Exception {
        resize(window.stage().getMinWidth(), window.stage().getMinHeight());
        show(Page.HISTORY);
        List<String> cut = fx(() -> {
            layout();
            List<String> out = new ArrayList<>();
            javafx.scene.control.TableView<?> table = lookup("#history-table").queryAs(javafx.scene.control.TableView.class);
            double columns = table.getColumns().stream().mapToDouble(javafx.scene.control.TableColumn::getWidth).sum();
            if (columns > table.getWidth() + 0.5) {
                out.add("the columns take " + Math.round(columns) + " px of a " + Math.round(table.getWidth())
                        + " px table: the last ones are out of view");
            }
            for (Node header : table.lookupAll(".column-header")) {
                for (Node n : header.lookupAll(".label")) {
                    if (n instanceof Label l && l.getText() != null && !l.getText().isEmpty()) {
                        Node text = l.lookup(".text");
                        if (text instanceof Text t && !l.getText().equals(t.getText())) {
                            out.add("'" + l.getText() + "' shows as '" + t.getText() + "'");
                        }
                    }
                }
            }
            return out;
        });
        assertTrue(cut.isEmpty(), "cut at the minimum size: " + cut);
    }

    private List<String> cutShort() throws Exception {
        List<String> cut = new ArrayList<>();
        cut.addAll(cutShort(Page.DISCOVER, DISCOVER));
        cut.addAll(cutShort(Page.RESULTS, RESULTS));
        cut.addAll(cutShort(Page.HISTORY, HISTORY));
        cut.addAll(cutShort(Page.COST, COST));
        return cut;
    }

    private List<String> cutShort(Page page, List<String> ids) throws Exception {
        show(page);
        return fx(() -> {
            layout();
            List<String> out = new ArrayList<>();
            for (String id : ids) {
                Node n = lookup(id).query();
                assertTrue(n.isVisible(), id + " is shown");
                describeCut(n, page + " " + id, out);
            }
            return out;
        });
    }

    /** Whether a caption shows its whole text and a control all it shows, inside the window. */
    private static void describeCut(Node n, String name, List<String> out) {
        Scene scene = n.getScene();
        Bounds b = n.localToScene(n.getLayoutBounds());
        if (b.getMaxX() > scene.getWidth() + 0.5) {
            out.add(name + " ends at x=" + Math.round(b.getMaxX()) + " in a " + Math.round(scene.getWidth()) + " px window");
        }
        if (n instanceof Labeled l && l.isWrapText()) {
            double needs = l.prefHeight(l.getWidth());
            if (l.getHeight() < needs - 0.5) {
                out.add(name + " is " + Math.round(l.getHeight()) + " px high of the " + Math.round(needs) + " it needs");
            }
        } else if (n instanceof Labeled) {
            fits(n, name, out);
        } else if (n instanceof ComboBox<?> c && !c.isEditable()) {
            // What a combo box shows, its value or its prompt, is its button cell (the skin's only cell child).
            c.getChildrenUnmodifiable().stream().filter(ListCell.class::isInstance).findFirst()
                    .ifPresentOrElse(cell -> fits(cell, name + "'s value", out), () -> out.add(name + " has no button cell"));
        }
    }

    private static void fits(Node n, String name, List<String> out) {
        double needs = n.prefWidth(-1);
        double has = n.getLayoutBounds().getWidth();
        if (has < needs - 0.5) {
            out.add(name + " is " + Math.round(has) + " px wide of the " + Math.round(needs) + " it needs");
        }
    }

    private static <T> T fx(Callable<T> call) throws Exception {
        return WaitForAsyncUtils.asyncFx(call).get(30, TimeUnit.SECONDS);
    }

    private static void layout() {
        Parent root = window.stage().getScene().getRoot();
        root.applyCss();
        root.layout();
    }
}
