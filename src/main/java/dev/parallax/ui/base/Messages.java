package dev.parallax.ui.base;

import atlantafx.base.controls.Message;
import atlantafx.base.controls.MessageSkin;
import javafx.scene.Node;
import javafx.scene.control.Skin;

/**
 * AtlantaFX {@link Message}s that are never a tower. Measured before it ever had a width (shown after being hidden
 * and unmanaged), a Message gives its text wrapped at width 0, one character a line, as its minimum height: one
 * "could not reach the Hub" message in Discover asked for 3,400 px, and the whole window slid off screen, blank.
 * Here a Message with no width yet asks for one line; once laid out at a width it asks for what its text needs
 * there (MessagesTest checks both).
 *
 * <p>AtlantaFX 2.0.1's skin also answers a change of title by showing the description in the title line: a
 * Compare column stopped midway read "Cancelled: Cance…" where its title should say "Stopped". Here a new title is
 * shown as the title.
 */
public final class Messages {

    private Messages() {
    }

    public static Message create() {
        return new Fitted();
    }

    public static Message create(String title, String description, Node graphic) {
        Message m = new Fitted();
        m.setTitle(title);
        m.setDescription(description);
        m.setGraphic(graphic);
        return m;
    }

    private static final class Fitted extends Message {

        @Override
        protected Skin<?> createDefaultSkin() {
            return new TitledSkin(this);
        }

        @Override
        protected double computeMinHeight(double width) {
            return getWidth() > 0 ? super.computeMinHeight(width) : super.computePrefHeight(-1);
        }
    }

    private static final class TitledSkin extends MessageSkin {

        TitledSkin(Message message) {
            super(message);
            unregisterChangeListeners(message.titleProperty());
            registerChangeListener(message.titleProperty(), o -> {
                String title = getSkinnable().getTitle();
                titleLbl.setText(title);
                titleLbl.setVisible(title != null);
                titleLbl.setManaged(title != null);
                getSkinnable().pseudoClassStateChanged(HAS_TITLE, title != null);
            });
        }
    }
}
