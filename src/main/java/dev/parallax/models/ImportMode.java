package dev.parallax.models;

/** How a model file enters the store. */
public enum ImportMode {
    /** A copy in the store: the original may move or go. */
    COPY,
    /** A symbolic link to the original: no second copy of a large file. */
    LINK
}
