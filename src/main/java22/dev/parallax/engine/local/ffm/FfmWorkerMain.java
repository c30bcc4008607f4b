package dev.parallax.engine.local.ffm;

import dev.parallax.engine.local.LoadSpec;
import dev.parallax.engine.local.WorkerLoop;
import dev.parallax.engine.local.WorkerOutput;
import dev.parallax.engine.local.current.LlamaAbi;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Entry point of the current llama.cpp worker (Java 22+). The library folder comes in as the system
 * property {@code parallax.llama.libs}; a library that is not the pinned build is refused before any
 * model reaches it.
 */
public final class FfmWorkerMain {

    static final String ENGINE = "llama.cpp (FFM)";
    private static final Pattern CPU_VARIANT = Pattern.compile("libggml-cpu-([A-Za-z0-9_]+)\\.(?:so|dylib|dll)");

    private FfmWorkerMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        WorkerOutput out = WorkerLoop.claimStdout();
        boolean verbose = Boolean.getBoolean("parallax.verbose");
        LlamaNative llama;
        try {
            Path dir = Path.of(System.getProperty("parallax.llama.libs", ""));
            llama = LlamaNative.load(dir.toAbsolutePath());
            llama.setLogger((level, text) -> {
                // ggml_log_level: 1 debug, 2 info, 3 warn, 4 error, 5 continuation
                if (level != 1 || verbose) {
                    System.err.print(text);
                }
            });
            llama.llamaBackendInit.invoke();
            try (Arena a = Arena.ofConfined()) {
                llama.backendLoadAllFromPath.invoke(a.allocateFrom(dir.toAbsolutePath().toString()));
            }
        } catch (LlamaAbi.IncompatibleLibraryException e) {
            WorkerLoop.refuse(out, ENGINE, e.getMessage());
            return;
        } catch (Throwable t) {
            WorkerLoop.refuse(out, ENGINE, "cannot load the llama.cpp libraries: " + WorkerLoop.describe(t));
            return;
        }
        String build = LlamaAbi.PINNED_RELEASE + " commit " + llama.commit() + " cpu=" + cpuVariant();
        WorkerLoop.run(out, new WorkerLoop.Backend() {
            @Override
            public String engine() {
                return ENGINE;
            }

            @Override
            public String build() {
                return build;
            }

            @Override
            public WorkerLoop.Session load(LoadSpec load) throws Exception {
                try {
                    return FfmSession.load(llama, load);
                } catch (Exception e) {
                    throw e;
                } catch (Throwable t) {
                    throw new IllegalStateException(WorkerLoop.describe(t), t);
                }
            }
        });
    }

    /** Which libggml-cpu variant ggml chose for this CPU: the one mapped into this process. */
    static String cpuVariant() {
        try {
            Matcher m = CPU_VARIANT.matcher(Files.readString(Path.of("/proc/self/maps")));
            return m.find() ? m.group(1) : "unknown";
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }
}
