package dev.parallax.ui.playground;

import atlantafx.base.controls.Message;
import atlantafx.base.theme.Styles;
import org.kordamp.ikonli.feather.Feather;
import org.kordamp.ikonli.javafx.FontIcon;

/** Shows a {@link Notice} in an AtlantaFX {@link Message}: icon and colour by severity; hidden when there is none. */
public final class NoticeMessage {

    private NoticeMessage() {
    }

    public static void show(Message notice, Notice n) {
        notice.getStyleClass().removeAll(Styles.DANGER, Styles.WARNING, Styles.ACCENT);
        if (n == null) {
            notice.setVisible(false);
            notice.setManaged(false);
            return;
        }
        notice.setTitle(n.title());
        notice.setDescription(n.text());
        notice.setGraphic(new FontIcon(n.severity() == Notice.Severity.DANGER ? Feather.ALERT_OCTAGON
                : n.severity() == Notice.Severity.WARNING ? Feather.ALERT_TRIANGLE : Feather.INFO));
        notice.getStyleClass().add(switch (n.severity()) {
            case DANGER -> Styles.DANGER;
            case WARNING -> Styles.WARNING;
            case INFO -> Styles.ACCENT;
        });
        notice.setVisible(true);
        notice.setManaged(true);
    }
}
