package dev.parallax.ui.shell;

import org.kordamp.ikonli.feather.Feather;

/** The screens of the left navigation, in order. */
public enum Page {
    PLAYGROUND("Playground", Feather.MESSAGE_SQUARE),
    MODELS("Models", Feather.BOX),
    DISCOVER("Discover", Feather.SEARCH),
    HISTORY("History", Feather.CLOCK),
    SETTINGS("Settings", Feather.SETTINGS);

    private final String title;
    private final Feather icon;

    Page(String title, Feather icon) {
        this.title = title;
        this.icon = icon;
    }

    public String title() {
        return title;
    }

    public Feather icon() {
        return icon;
    }
}
