package dev.parallax.ui.base;

import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.value.ChangeListener;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.ToggleButton;

/**
 * Whether the window a page is shown in is wide, for pages that lay out differently in a narrow one (a half-screen
 * window on a 1920-pixel display is 960 wide): a side panel folds away, captions give way to their fields.
 *
 * <p>A panel's toggle follows the window only when the width crosses the threshold: narrowing past it folds the
 * panel, widening past it opens it; in between, the user's own choice stands.
 */
public final class WindowWidth {

    /** Below this window width the pages' side panels fold away. */
    public static final double NARROW_BELOW = 1150;

    private final double threshold;
    private final ReadOnlyBooleanWrapper wide = new ReadOnlyBooleanWrapper(this, "wide", true);
    private final ChangeListener<Number> onWidth = (o, was, now) -> update(was.doubleValue(), now.doubleValue());
    private ToggleButton panelToggle;
    /** The width last seen, kept while the page is out of its window (another page shown) to see a crossing then. */
    private double lastWidth;

    private WindowWidth(double threshold) {
        this.threshold = threshold;
    }

    /** Watches the width of the window {@code page} is shown in (from when it gets a scene, and across scenes). */
    public static WindowWidth of(Node page) {
        return of(page, NARROW_BELOW);
    }

    public static WindowWidth of(Node page, double threshold) {
        WindowWidth w = new WindowWidth(threshold);
        page.sceneProperty().addListener((o, old, scene) -> w.follow(old, scene));
        w.follow(null, page.getScene());
        return w;
    }

    /** True while the window is at least the threshold wide (and before the page is in a window). */
    public ReadOnlyBooleanProperty wideProperty() {
        return wide.getReadOnlyProperty();
    }

    public boolean isWide() {
        return wide.get();
    }

    /** Folds a side panel with the window: {@code toggle} (which shows the panel when selected) follows crossings. */
    public WindowWidth foldsWith(ToggleButton toggle) {
        this.panelToggle = toggle;
        toggle.setSelected(wide.get());
        return this;
    }

    /** Shows {@code node} only in a wide window, taking no room otherwise. */
    public void onlyWhenWide(Node node) {
        node.visibleProperty().bind(wide);
        node.managedProperty().bind(wide);
    }

    private void follow(Scene old, Scene scene) {
        if (old != null) {
            old.widthProperty().removeListener(onWidth);
        }
        if (scene != null) {
            scene.widthProperty().addListener(onWidth);
            if (scene.getWidth() > 0) {
                update(lastWidth, scene.getWidth());
            }
        }
    }

    void update(double was, double now) {
        boolean wideNow = now >= threshold;
        boolean crossed = was <= 0 || (was >= threshold) != wideNow;
        lastWidth = now;
        wide.set(wideNow);
        if (crossed && panelToggle != null) {
            panelToggle.setSelected(wideNow);
        }
    }
}
