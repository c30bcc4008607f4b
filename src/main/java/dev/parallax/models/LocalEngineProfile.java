package dev.parallax.models;

import dev.parallax.engine.local.gguf.GgmlType;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * What one local engine can load: the model architectures and tensor types of the llama.cpp build
 * inside it, from a resource file that names its source.
 *
 * @param installed whether this engine can run on this machine now (the current llama.cpp engine needs
 *                  its own runtime and native libraries)
 */
public record LocalEngineProfile(String id, String name, String build, Set<String> architectures,
                                 Set<GgmlType> tensorTypes, boolean installed) {

    public LocalEngineProfile {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(build, "build");
        architectures = Set.copyOf(architectures);
        tensorTypes = tensorTypes.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(tensorTypes));
    }

    /** Reads {@code engines/<file>} next to this class: {@code key = value} lines, then [architectures] and [tensor-types]. */
    static LocalEngineProfile load(String file, boolean installed) {
        try (InputStream in = LocalEngineProfile.class.getResourceAsStream("engines/" + file)) {
            if (in == null) {
                throw new IllegalStateException("engines/" + file + " is missing from the class path");
            }
            Map<String, String> keys = new HashMap<>();
            Set<String> architectures = new LinkedHashSet<>();
            Set<GgmlType> types = EnumSet.noneOf(GgmlType.class);
            String section = "";
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            for (String raw; (raw = reader.readLine()) != null; ) {
                String line = raw.strip();
                if (line.isEmpty() || line.startsWith("#")) {
                    continue;
                }
                if (line.startsWith("[") && line.endsWith("]")) {
                    section = line.substring(1, line.length() - 1);
                } else if (section.isEmpty()) {
                    int eq = line.indexOf('=');
                    keys.put(line.substring(0, eq).strip(), line.substring(eq + 1).strip());
                } else if (section.equals("architectures")) {
                    architectures.add(line);
                } else if (section.equals("tensor-types")) {
                    types.add(GgmlType.valueOf(line));
                }
            }
            return new LocalEngineProfile(keys.get("id"), keys.get("name"), keys.get("build"), architectures, types,
                    installed);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** "java-llama.cpp (llama.cpp b4916)". */
    public String label() {
        return name + (build.equals("current") ? "" : " (llama.cpp " + build + ")");
    }
}
