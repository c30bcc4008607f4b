package dev.parallax.models;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What the store already knows about its files (facts and sha256), keyed by absolute path and
 * valid only while size and modification time match: a model is read and hashed once.
 */
final class ModelIndex {

    record Entry(long size, long modifiedMillis, String sha256, ModelFacts facts) {
    }

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final Path file;
    private final Map<String, Entry> entries = new TreeMap<>();

    ModelIndex(Path file) {
        this.file = file;
        load();
    }

    private void load() {
        if (!Files.isRegularFile(file)) {
            return;
        }
        try {
            Map<String, Entry> read = JSON.readValue(file.toFile(),
                    JSON.getTypeFactory().constructMapType(TreeMap.class, String.class, Entry.class));
            entries.putAll(read);
        } catch (IOException e) {
            // A damaged index only costs a re-read of the headers and hashes.
            entries.clear();
        }
    }

    synchronized Optional<Entry> lookup(Path model, long size, long modifiedMillis) {
        Entry e = entries.get(model.toAbsolutePath().normalize().toString());
        return e != null && e.size() == size && e.modifiedMillis() == modifiedMillis ? Optional.of(e) : Optional.empty();
    }

    synchronized void put(Path model, Entry entry) {
        entries.put(model.toAbsolutePath().normalize().toString(), entry);
        save();
    }

    synchronized void remove(Path model) {
        if (entries.remove(model.toAbsolutePath().normalize().toString()) != null) {
            save();
        }
    }

    private void save() {
        try {
            Files.createDirectories(file.getParent());
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            JSON.writeValue(tmp.toFile(), entries);
            try {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            // The index is a cache: failing to write it costs time later, never data.
        }
    }
}
