package dev.parallax.ui.base;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Every dialog, file chooser, notification and link the app opens goes through here, so view-models
 * never touch windows and tests can answer for the user.
 */
public interface DialogService {

    /** A modal error: what happened and what to do. */
    void showError(String title, String message);

    /** A passing notification in the corner of the window. */
    void notify(String title, String message);

    /** A passing notification that something needs attention. */
    void notifyWarning(String title, String message);

    /** Asks before something that cannot be undone; true when the user confirmed. */
    boolean confirm(String title, String message, String confirmLabel);

    /** One or more .gguf files; empty when the user cancelled. */
    List<Path> chooseModelFiles();

    /** One .gguf file. */
    Optional<Path> chooseModelFile();

    /**
     * Where to save a file, starting from {@code suggestedName}; empty when the user cancelled.
     *
     * @param filters description → extensions with their dots (".html"), in the order shown
     */
    Optional<Path> chooseSaveFile(String title, String suggestedName, java.util.Map<String, List<String>> filters);

    /** One dataset file (CSV, TSV, JSONL, JSON, TXT, XLSX); empty when the user cancelled. */
    Optional<Path> chooseDatasetFile();

    /** Opens a web or mail link in the system's browser or mail program. */
    void openLink(URI link);

    /** Shows a folder in the system's file manager. */
    void openFolder(Path folder);
}
