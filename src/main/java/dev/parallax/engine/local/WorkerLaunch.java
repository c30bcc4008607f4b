package dev.parallax.engine.local;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * How to start a worker process: which Java, which class path and main class, where its native
 * libraries may unpack, and where its log goes.
 *
 * @param verbose     also copy the worker's log to this process's stderr
 * @param environment variables set for the worker on top of this process's environment
 */
public record WorkerLaunch(Path javaExecutable, String classPath, String mainClass, List<String> jvmOptions,
                           Path nativeTmpDir, Path logFile, boolean verbose, Map<String, String> environment,
                           Optional<Path> classArchive) {

    public WorkerLaunch {
        Objects.requireNonNull(javaExecutable, "javaExecutable");
        Objects.requireNonNull(classPath, "classPath");
        Objects.requireNonNull(mainClass, "mainClass");
        jvmOptions = List.copyOf(jvmOptions);
        Objects.requireNonNull(nativeTmpDir, "nativeTmpDir");
        Objects.requireNonNull(logFile, "logFile");
        environment = Map.copyOf(environment);
        Objects.requireNonNull(classArchive, "classArchive");
    }

    public WorkerLaunch(Path javaExecutable, String classPath, String mainClass, List<String> jvmOptions,
                        Path nativeTmpDir, Path logFile, boolean verbose, Map<String, String> environment) {
        this(javaExecutable, classPath, mainClass, jvmOptions, nativeTmpDir, logFile, verbose, environment,
                Optional.empty());
    }

    public WorkerLaunch(Path javaExecutable, String classPath, String mainClass, List<String> jvmOptions,
                        Path nativeTmpDir, Path logFile, boolean verbose) {
        this(javaExecutable, classPath, mainClass, jvmOptions, nativeTmpDir, logFile, verbose, Map.of());
    }

    /**
     * The same launch, its JVM sharing a class-data archive at {@code archive} with the workers before and after it
     * ({@link WorkerClassArchive}). Only for a worker on Java 19 or later ({@code -XX:+AutoCreateSharedArchive}).
     */
    public WorkerLaunch withClassArchive(Path archive) {
        return new WorkerLaunch(javaExecutable, classPath, mainClass, jvmOptions, nativeTmpDir, logFile, verbose,
                environment, Optional.of(archive));
    }

    /** The same launch, with these variables set for the worker as well. */
    public WorkerLaunch withEnvironment(Map<String, String> variables) {
        Map<String, String> all = new java.util.HashMap<>(environment);
        all.putAll(variables);
        return new WorkerLaunch(javaExecutable, classPath, mainClass, jvmOptions, nativeTmpDir, logFile, verbose, all,
                classArchive);
    }

    /** A worker on the Java that runs this process, with this process's class path. */
    public static WorkerLaunch sameRuntime(String mainClass, Path nativeTmpDir, Path logFile, boolean verbose) {
        Path java = Path.of(System.getProperty("java.home"), "bin", isWindows() ? "java.exe" : "java");
        List<String> options = new ArrayList<>(List.of("-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xshare:auto"));
        // The same runtime and class path as this JVM: its class-data archive (the installed launchers map one) fits
        // the worker as well. A java-llama.cpp worker's start took 158-192 ms with it, 274-337 ms without.
        sharedArchiveOption(ManagementFactory.getRuntimeMXBean().getInputArguments()).ifPresent(options::add);
        return new WorkerLaunch(java, System.getProperty("java.class.path"), mainClass, options,
                nativeTmpDir, logFile, verbose);
    }

    /** The class-data archive a JVM started with ({@code -XX:SharedArchiveFile}, the last one given), as an option. */
    static Optional<String> sharedArchiveOption(List<String> jvmInputArguments) {
        return jvmInputArguments.stream().filter(o -> o.startsWith("-XX:SharedArchiveFile=")).reduce((a, b) -> b);
    }

    /** A worker on another Java runtime (the current engine needs Java 22+), with this process's class path. */
    public static WorkerLaunch on(Path javaExecutable, String mainClass, List<String> extraOptions, Path nativeTmpDir,
                                  Path logFile, boolean verbose) {
        List<String> options = new ArrayList<>(List.of("-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1"));
        options.addAll(extraOptions);
        return new WorkerLaunch(javaExecutable, System.getProperty("java.class.path"), mainClass, options,
                nativeTmpDir, logFile, verbose);
    }

    List<String> command() {
        return command(List.of());
    }

    /** The command line, with {@code moreJvmOptions} after the launch's own. */
    List<String> command(List<String> moreJvmOptions) {
        List<String> command = new ArrayList<>();
        command.add(javaExecutable.toString());
        command.addAll(jvmOptions);
        command.addAll(moreJvmOptions);
        command.add(WorkerCrashReports.jvmOption(crashReportFolder()));
        // java-llama.cpp deletes files named llama*/jllama* in its temp dir on first load: keep it private.
        command.add("-Dde.kherud.llama.tmpdir=" + nativeTmpDir);
        command.add("-Dfile.encoding=UTF-8");
        command.add("-cp");
        command.add(classPath);
        command.add(mainClass);
        return command;
    }

    /** Where the worker's JVM writes a crash report: the engine log's folder. */
    Path crashReportFolder() {
        Path parent = logFile.toAbsolutePath().getParent();
        return parent == null ? nativeTmpDir.toAbsolutePath() : parent;
    }

    private static boolean isWindows() {
        return System.getProperty("os.name", "").toLowerCase(java.util.Locale.ROOT).startsWith("windows");
    }
}
