package dev.parallax.ui.base;

import atlantafx.base.controls.Message;
import dev.parallax.ui.base.Messages;
import javafx.scene.Node;
import javafx.scene.layout.Region;

/**
 * AtlantaFX {@link Message}s that are never shorter than their text. A Message's own minimum height is its
 * description wrapped at width 0, one character a line; a split pane adds its panes' minimums up, so one
 * "could not reach the Hub" message in Discover asked for 3,400 px and the whole window slid off screen, blank.
 */
public final class Messages {

    private Messages() {
    }

    public static Message create() {
        return fitted(new Message());
    }

    public static Message create(String title, String description, Node graphic) {
        return fitted(new Message(title, description, graphic));
    }

    private static Message fitted(Message m) {
        m.setMinHeight(Region.USE_PREF_SIZE);
        return m;
    }
}
