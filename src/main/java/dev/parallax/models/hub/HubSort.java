package dev.parallax.models.hub;

import java.util.Locale;

/** How search results are ordered (always descending). */
public enum HubSort {
    DOWNLOADS("downloads"),
    LIKES("likes"),
    TRENDING("trending_score");

    private final String parameter;

    HubSort(String parameter) {
        this.parameter = parameter;
    }

    /** The value of the API's {@code sort} parameter. */
    public String parameter() {
        return parameter;
    }

    /** "downloads", "likes", "trending" (or the API's own "trending_score"). */
    public static HubSort parse(String text) {
        String t = text.strip().toLowerCase(Locale.ROOT);
        for (HubSort sort : values()) {
            if (sort.parameter.equals(t) || sort.name().toLowerCase(Locale.ROOT).equals(t)) {
                return sort;
            }
        }
        throw new IllegalArgumentException("unknown sort '" + text + "': use downloads, likes or trending");
    }
}
