package dev.parallax.ui.shell;

import org.kordamp.ikonli.feather.Feather;

/** The screens of the left navigation, in order. */
public enum Page {
    PLAYGROUND("Playground", Feather.MESSAGE_SQUARE),
    COMPARE("Compare", Feather.COLUMNS),
    MODELS("Models", Feather.BOX),
    DISCOVER("Discover", Feather.SEARCH),
    DATASETS("Datasets", Feather.DATABASE),
    RESULTS("Results", Feather.BAR_CHART_2),
    HISTORY("History", Feather.CLOCK),
    AUDIT("Audit", Feather.SHIELD),
    COST("Cost", Feather.DOLLAR_SIGN),
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
