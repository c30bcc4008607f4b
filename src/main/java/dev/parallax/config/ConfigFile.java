package dev.parallax.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * {@code <home>/config.json}: settings of several services (providers, prices, cost model...), one top-level
 * section each. A service reads and replaces its own section; the others, even ones this version does not
 * know, are kept as they are. Never holds a secret.
 */
public final class ConfigFile {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path file;
    /** The root as last read, and the file's identity, size and time then: read again only when one changed. */
    private ObjectNode cached;
    private Object cachedStamp;

    public ConfigFile(Path file) {
        this.file = file;
    }

    public Path path() {
        return file;
    }

    /** The section, or empty when the file or the section does not exist. */
    public synchronized Optional<JsonNode> section(String name) {
        JsonNode value = readRoot().get(name);
        return value == null || value.isNull() ? Optional.empty() : Optional.of(value.deepCopy());
    }

    /** Replaces one section and writes the file atomically. */
    public synchronized void writeSection(String name, JsonNode value) {
        ObjectNode root = readRoot().deepCopy();
        root.set(name, value);
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            Files.write(tmp, JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(root));
            try {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the settings file " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * The file's root object, shared: callers copy what they change. Cached while the file keeps its identity
     * (writes replace it by a rename), size and modification time, so the run path, which looks up providers and
     * the privacy policy for every run, does not parse it every time.
     */
    private ObjectNode readRoot() {
        BasicFileAttributes attributes;
        try {
            attributes = Files.readAttributes(file, BasicFileAttributes.class);
        } catch (IOException e) {
            // No file (or no folder) yet: no settings; writing one says what is wrong.
            return JSON.createObjectNode();
        }
        if (!attributes.isRegularFile()) {
            return JSON.createObjectNode();
        }
        List<Object> stamp = Arrays.asList(attributes.fileKey(), attributes.size(), attributes.lastModifiedTime());
        if (cached != null && stamp.equals(cachedStamp)) {
            return cached;
        }
        ObjectNode root = parse();
        cached = root;
        cachedStamp = stamp;
        return root;
    }

    private ObjectNode parse() {
        try {
            JsonNode root = JSON.readTree(file.toFile());
            if (root == null || root.isMissingNode()) {
                return JSON.createObjectNode();
            }
            if (!root.isObject()) {
                throw new ConfigFileInvalidException(file, "is not a JSON object", null);
            }
            return (ObjectNode) root;
        } catch (JsonProcessingException e) {
            throw new ConfigFileInvalidException(file, "is not valid JSON (line " + e.getLocation().getLineNr() + "): "
                    + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the settings file " + file + ": " + e.getMessage(), e);
        }
    }

    /** Reads the file now: empty when it is readable (or absent), else why not. */
    public synchronized Optional<ConfigFileInvalidException> problem() {
        try {
            readRoot();
            return Optional.empty();
        } catch (ConfigFileInvalidException e) {
            return Optional.of(e);
        }
    }

    /**
     * Renames the file to {@code config.json.invalid-<time>} next to it, so that Parallax starts from its defaults
     * while the old settings stay for the user to fix or copy from. Returns where it went.
     */
    public synchronized Path moveAside(java.time.Clock clock) throws IOException {
        String stamp = java.time.format.DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")
                .withZone(java.time.ZoneId.systemDefault()).format(clock.instant());
        Path aside = file.resolveSibling(file.getFileName() + ".invalid-" + stamp);
        Files.move(file, aside, StandardCopyOption.ATOMIC_MOVE);
        cached = null;
        cachedStamp = null;
        return aside;
    }

    public static ObjectMapper json() {
        return JSON;
    }
}
