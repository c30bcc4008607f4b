package dev.parallax.models;

/** The file is already in the store, byte for byte (same size and SHA-256): nothing was copied. */
public final class AlreadyImportedException extends ModelStoreException {

    private final transient LocalModel existing;

    public AlreadyImportedException(String fileName, LocalModel existing) {
        super(fileName + " is already imported as " + existing.name() + " (the same SHA-256); nothing was copied");
        this.existing = existing;
    }

    /** The model already in the store. */
    public LocalModel existing() {
        return existing;
    }
}
