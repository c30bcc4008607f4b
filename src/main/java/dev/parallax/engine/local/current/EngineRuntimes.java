package dev.parallax.engine.local.current;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * Finds what the current llama.cpp engine needs on this machine: a Java 22+ runtime for its worker
 * ({@code PARALLAX_ENGINE_JAVA}, then known JDK locations, then a runtime an installer bundled) and
 * the pinned native libraries ({@code PARALLAX_LLAMA_LIBS}, else {@code native/<platform>} next to
 * Parallax's jar).
 */
public final class EngineRuntimes {

    public static final int MIN_JAVA = 22;

    private final Map<String, String> env;
    private final Path appDir;
    private final List<Path> jdkRoots;

    public EngineRuntimes(Map<String, String> env, Path appDir, List<Path> jdkRoots) {
        this.env = env;
        this.appDir = appDir;
        this.jdkRoots = List.copyOf(jdkRoots);
    }

    /** The usual places JDKs are installed on Linux, macOS and Windows. */
    public static List<Path> knownJdkRoots() {
        String home = System.getProperty("user.home");
        return List.of(Path.of("/usr/lib/jvm"), Path.of("/opt/java"), Path.of("/usr/java"),
                Path.of(home, ".sdkman", "candidates", "java"), Path.of(home, ".jdks"),
                Path.of("/Library/Java/JavaVirtualMachines"),
                Path.of("C:\\Program Files\\Java"), Path.of("C:\\Program Files\\Eclipse Adoptium"),
                Path.of("C:\\Program Files\\Microsoft"), Path.of("C:\\Program Files\\Zulu"));
    }

    /** The folder holding Parallax's jar (target/ in a build, lib/app in an installed app). */
    public static Path appDirectoryOf(Class<?> type) {
        try {
            Path location = Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
            return location.getParent() == null ? location : location.getParent();
        } catch (Exception e) {
            return Path.of(".").toAbsolutePath();
        }
    }

    /** A java executable of version 22 or newer, or why there is none. */
    public Lookup<Path> java() {
        String configured = env.get("PARALLAX_ENGINE_JAVA");
        if (configured != null && !configured.isBlank()) {
            Path p = Path.of(configured);
            Path exe = Files.isDirectory(p) ? executable(p) : p;
            int version = Files.isDirectory(p) ? majorVersion(p) : majorVersion(homeOf(exe));
            if (!Files.isExecutable(exe)) {
                return Lookup.missing("PARALLAX_ENGINE_JAVA=" + configured + " is not a java executable or JDK folder");
            }
            if (version > 0 && version < MIN_JAVA) {
                return Lookup.missing("PARALLAX_ENGINE_JAVA points at Java " + version + "; the current engine needs Java " + MIN_JAVA + "+");
            }
            return Lookup.found(exe);
        }
        List<Path> candidates = new ArrayList<>();
        for (Path root : jdkRoots) {
            if (!Files.isDirectory(root)) {
                continue;
            }
            try (DirectoryStream<Path> dirs = Files.newDirectoryStream(root)) {
                for (Path d : dirs) {
                    candidates.add(d);
                    candidates.add(d.resolve("Contents").resolve("Home"));
                }
            } catch (IOException | RuntimeException e) {
                // An unreadable folder just holds no candidate.
            }
        }
        candidates.add(appDir.resolve("engine-runtime"));
        return candidates.stream()
                .filter(d -> majorVersion(d) >= MIN_JAVA && Files.isExecutable(executable(d)))
                .max((a, b) -> Integer.compare(majorVersion(a), majorVersion(b)))
                .map(d -> Lookup.found(executable(d)))
                .orElse(Lookup.missing("no Java " + MIN_JAVA + "+ runtime was found (set PARALLAX_ENGINE_JAVA to one)"));
    }

    /** The folder with the pinned llama.cpp libraries for this platform, or why there is none. */
    public Lookup<Path> libraries() {
        String configured = env.get("PARALLAX_LLAMA_LIBS");
        Path dir = configured != null && !configured.isBlank() ? Path.of(configured)
                : appDir.resolve("native").resolve(platform());
        if (!Files.isDirectory(dir)) {
            return Lookup.missing("the llama.cpp libraries are not in " + dir
                    + " (build with npm available, or set PARALLAX_LLAMA_LIBS)");
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*llama*")) {
            if (!files.iterator().hasNext()) {
                return Lookup.missing("no llama library in " + dir);
            }
        } catch (IOException e) {
            return Lookup.missing("cannot read " + dir + ": " + e.getMessage());
        }
        return Lookup.found(dir.toAbsolutePath().normalize());
    }

    /** npm's platform folder name for this machine, as the prebuilt packages use it. */
    public static String platform() {
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        String arch = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT);
        String a = arch.equals("amd64") || arch.equals("x86_64") ? "x64" : arch.equals("aarch64") ? "arm64" : arch;
        if (os.startsWith("windows")) {
            return "win-" + a;
        }
        if (os.startsWith("mac")) {
            return a.equals("arm64") ? "mac-arm64-metal" : "mac-x64";
        }
        return "linux-" + a;
    }

    private static Path executable(Path javaHome) {
        boolean windows = System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("windows");
        return javaHome.resolve("bin").resolve(windows ? "java.exe" : "java");
    }

    private static Path homeOf(Path executable) {
        Path bin = executable.toAbsolutePath().getParent();
        return bin == null || bin.getParent() == null ? executable : bin.getParent();
    }

    /** The major version from a JDK's {@code release} file; 0 when it cannot be read. */
    static int majorVersion(Path javaHome) {
        Path release = javaHome.resolve("release");
        if (!Files.isRegularFile(release)) {
            return 0;
        }
        Properties p = new Properties();
        try (var in = Files.newBufferedReader(release)) {
            p.load(in);
        } catch (IOException | IllegalArgumentException e) {
            return 0;
        }
        String v = p.getProperty("JAVA_VERSION", "").replace("\"", "");
        try {
            String first = v.split("[.+\\-]")[0];
            return first.equals("1") ? Integer.parseInt(v.split("\\.")[1]) : Integer.parseInt(first);
        } catch (RuntimeException e) {
            return 0;
        }
    }

    /** Found, or missing with a reason a person can act on. */
    public record Lookup<T>(Optional<T> value, String reason) {
        static <T> Lookup<T> found(T value) {
            return new Lookup<>(Optional.of(value), "");
        }

        static <T> Lookup<T> missing(String reason) {
            return new Lookup<>(Optional.empty(), reason);
        }
    }
}
