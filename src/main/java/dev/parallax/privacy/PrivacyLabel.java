package dev.parallax.privacy;

/** A label on a run's source (a dataset, a playground session): local-only runs never leave the machine. */
public enum PrivacyLabel {
    UNLABELLED,
    LOCAL_ONLY;

    public String label() {
        return this == LOCAL_ONLY ? "local-only" : "none";
    }
}
