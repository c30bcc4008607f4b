package dev.parallax.ui.playground;

/** A message shown in place, above the answer: why a run failed, was stopped, or could not start. */
public record Notice(Severity severity, String title, String text) {

    public enum Severity { INFO, WARNING, DANGER }

    public static Notice danger(String title, String text) {
        return new Notice(Severity.DANGER, title, text);
    }

    public static Notice info(String title, String text) {
        return new Notice(Severity.INFO, title, text);
    }

    public static Notice warning(String title, String text) {
        return new Notice(Severity.WARNING, title, text);
    }
}
