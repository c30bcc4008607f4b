package dev.parallax.ui;

import dev.parallax.ui.base.DialogService;

import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/** Answers for the user and remembers what the app showed. Thread-safe: the UI thread writes, tests read. */
public final class FakeDialogService implements DialogService {

    public record Shown(String kind, String title, String message) {
    }

    public final List<Shown> shown = Collections.synchronizedList(new ArrayList<>());
    public final List<URI> links = Collections.synchronizedList(new ArrayList<>());
    public volatile boolean confirmAnswer = true;
    public volatile List<Path> filesToChoose = List.of();

    @Override
    public void showError(String title, String message) {
        shown.add(new Shown("error", title, message));
    }

    @Override
    public void notify(String title, String message) {
        shown.add(new Shown("info", title, message));
    }

    @Override
    public void notifyWarning(String title, String message) {
        shown.add(new Shown("warning", title, message));
    }

    @Override
    public boolean confirm(String title, String message, String confirmLabel) {
        shown.add(new Shown("confirm", title, message));
        return confirmAnswer;
    }

    @Override
    public List<Path> chooseModelFiles() {
        return filesToChoose;
    }

    @Override
    public Optional<Path> chooseModelFile() {
        return filesToChoose.stream().findFirst();
    }

    /** What the next save dialog answers (empty: cancelled). */
    public volatile Optional<Path> saveFileToChoose = Optional.empty();

    @Override
    public Optional<Path> chooseSaveFile(String title, String suggestedName, java.util.Map<String, List<String>> filters) {
        shown.add(new Shown("save", title, suggestedName));
        return saveFileToChoose;
    }

    @Override
    public Optional<Path> chooseDatasetFile() {
        return filesToChoose.stream().findFirst();
    }

    @Override
    public void openLink(URI link) {
        links.add(link);
    }

    @Override
    public void openFolder(Path folder) {
        links.add(folder.toUri());
    }

    public List<Shown> ofKind(String kind) {
        synchronized (shown) {
            return shown.stream().filter(s -> s.kind().equals(kind)).toList();
        }
    }
}
