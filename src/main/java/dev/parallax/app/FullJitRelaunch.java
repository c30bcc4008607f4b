package dev.parallax.app;

import com.sun.management.HotSpotDiagnosticMXBean;

import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs {@code models pull} again in a JVM with C2 when this one runs C1 only. The installed command line runs C1 only
 * (decision 0015: a command is a process of seconds, and C2's compiling took as much CPU as its work); but a pull
 * checks SHA-256, which only C2 compiles to the CPU's SHA instructions (1.8 GB/s against 150 MB/s). The child runs on
 * the same runtime, class path and options, minus the ones that stop the JIT at C1; it shares this process's input,
 * output and exit status, and stops with it.
 */
final class FullJitRelaunch {

    /** Set in the child: it never relaunches itself again, whatever options it inherited. */
    static final String MARK = "parallax.fullJit";

    private FullJitRelaunch() {
    }

    /** Whether this JVM compiles with C1 only ({@code -XX:TieredStopAtLevel} below 4, or quick-only mode). */
    static boolean c1Only() {
        try {
            HotSpotDiagnosticMXBean hotspot = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
            if (Integer.parseInt(hotspot.getVMOption("TieredStopAtLevel").getValue()) < 4) {
                return true;
            }
            return "quick-only".equals(hotspot.getVMOption("CompilationMode").getValue());
        } catch (RuntimeException | LinkageError e) {
            // Not HotSpot, or no such option: nothing known to relaunch for.
            return false;
        }
    }

    /** Whether this process is a relaunched child. */
    static boolean isChild() {
        return Boolean.getBoolean(MARK);
    }

    /** The child's command line: this runtime's java, this JVM's options without the C1-only ones, the same class path. */
    static List<String> command(Path javaHome, List<String> jvmOptions, String classPath, String[] args) {
        List<String> command = new ArrayList<>();
        boolean windows = System.getProperty("os.name", "").startsWith("Windows");
        command.add(javaHome.resolve("bin").resolve(windows ? "java.exe" : "java").toString());
        for (String option : jvmOptions) {
            if (option.startsWith("-XX:TieredStopAtLevel=") || option.startsWith("-XX:CompilationMode=")
                    || option.startsWith("-Djava.class.path=") || option.startsWith("-D" + MARK + "=")) {
                continue;
            }
            command.add(option);
        }
        command.add("-D" + MARK + "=true");
        command.add("-cp");
        command.add(classPath);
        command.add(Parallax.class.getName());
        command.addAll(List.of(args));
        return command;
    }

    /**
     * Runs the command in the child and returns its exit status. If this process is stopped (Ctrl-C, TERM), the child
     * is stopped too and given 10 s to save where it was, as a pull does.
     */
    static int run(String[] args, PrintStream err, boolean verbose) throws IOException, InterruptedException {
        List<String> command = command(Path.of(System.getProperty("java.home")),
                ManagementFactory.getRuntimeMXBean().getInputArguments(), System.getProperty("java.class.path"), args);
        if (verbose) {
            err.println("parallax: 'models pull' runs in a JVM with C2, whose SHA-256 is 10x faster than this"
                    + " JVM's C1-only code");
        }
        Process child = new ProcessBuilder(command).inheritIO().start();
        Thread stopChild = new Thread(() -> {
            if (child.isAlive()) {
                child.destroy();
                try {
                    child.waitFor(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }, "parallax-stop-child");
        Runtime.getRuntime().addShutdownHook(stopChild);
        int status = child.waitFor();
        try {
            Runtime.getRuntime().removeShutdownHook(stopChild);
        } catch (IllegalStateException e) {
            // Shutting down already: the hook finds the child ended.
        }
        return status;
    }
}
