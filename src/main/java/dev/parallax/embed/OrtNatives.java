package dev.parallax.embed;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * ONNX Runtime's native libraries, copied once into a folder of this machine and loaded from there.
 *
 * <p>Left to itself, ONNX Runtime's Java binding copies its 20 MB of libraries into a new {@code /tmp/onnxruntime-java…}
 * folder in every process that loads a model, and only the files are removed at exit: the folder stays, and a process
 * that is killed leaves the libraries too (this machine had 868 such folders, 4 GB, after a few days of tests and
 * benchmarks). Copied once under Parallax's own folder, they cost nothing at the next start and nothing is left behind.
 * ONNX Runtime reads the folder from the {@value #PATH_PROPERTY} system property before its first use.
 */
final class OrtNatives {

    static final String PATH_PROPERTY = "onnxruntime.native.path";
    /** The binding's own libraries, in the order it loads them. */
    private static final List<String> LIBRARIES = List.of("onnxruntime", "onnxruntime4j_jni");

    private OrtNatives() {
    }

    /**
     * Points ONNX Runtime at a copy of its libraries under {@code cacheDir}, making the copy if it is missing or
     * different. Does nothing when the property is already set (by the user, or by an earlier call) or when this
     * platform's libraries are not in the binding's jar (ONNX Runtime then looks for them itself, as before).
     *
     * @return the folder the libraries are loaded from, if this call or an earlier one chose it
     */
    static synchronized Optional<Path> useCopyUnder(Path cacheDir) throws IOException {
        String set = System.getProperty(PATH_PROPERTY);
        if (set != null) {
            return Optional.of(Path.of(set));
        }
        Optional<Path> dir = copyUnder(cacheDir);
        dir.ifPresent(d -> System.setProperty(PATH_PROPERTY, d.toString()));
        return dir;
    }

    /**
     * Copies this platform's libraries from the binding's jar into {@code <cacheDir>/onnxruntime-<version>/<platform>},
     * each unless a file of its size is there already.
     *
     * @return that folder; empty when the jar has no libraries for this platform
     */
    static Optional<Path> copyUnder(Path cacheDir) throws IOException {
        Optional<String> platform = platform();
        if (platform.isEmpty()) {
            return Optional.empty();
        }
        String resources = "ai/onnxruntime/native/" + platform.get() + "/";
        ClassLoader loader = OrtNatives.class.getClassLoader();
        Path dir = cacheDir.resolve("onnxruntime-" + version().orElse("unknown")).resolve(platform.get());
        for (String library : LIBRARIES) {
            if (loader.getResource(resources + System.mapLibraryName(library)) == null) {
                return Optional.empty();
            }
        }
        for (String library : LIBRARIES) {
            String file = System.mapLibraryName(library);
            BundledFiles.copyIfDifferent(loader.getResource(resources + file), dir.resolve(file));
        }
        return Optional.of(dir);
    }

    /** The binding's version, so that an upgrade gets a folder of its own (the jar's manifest). */
    private static Optional<String> version() {
        Package p = ai.onnxruntime.OrtEnvironment.class.getPackage();
        String v = p == null ? null : p.getImplementationVersion();
        return Optional.ofNullable(v).filter(s -> s.matches("[0-9A-Za-z.+-]{1,40}"));
    }

    /** ONNX Runtime's name for this platform's resource folder ({@code linux-x64}, {@code osx-aarch64}, …). */
    static Optional<String> platform() {
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        String arch = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT);
        String o = os.contains("linux") ? "linux" : os.contains("mac") || os.contains("darwin") ? "osx"
                : os.contains("win") ? "win" : null;
        String a = arch.equals("amd64") || arch.equals("x86_64") ? "x64" : arch.equals("aarch64") ? "aarch64" : null;
        return o == null || a == null ? Optional.empty() : Optional.of(o + "-" + a);
    }
}
