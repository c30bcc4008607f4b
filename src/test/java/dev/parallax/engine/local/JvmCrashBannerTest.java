package dev.parallax.engine.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class JvmCrashBannerTest {

    /** What a JDK 25 worker printed when llama.cpp faulted (the frame and path as a native fault gives them). */
    private static final List<String> NATIVE_FAULT = List.of(
            "llama_context: n_ctx = 2048",
            "#",
            "# A fatal error has been detected by the Java Runtime Environment:",
            "#",
            "#  SIGSEGV (0xb) at pc=0x00007f4222c41087, pid=20929, tid=20931",
            "#",
            "# JRE version: OpenJDK Runtime Environment Temurin-25.0.3+9 (25.0.3+9) (build 25.0.3+9-LTS)",
            "# Java VM: OpenJDK 64-Bit Server VM Temurin-25.0.3+9 (25.0.3+9-LTS, mixed mode, sharing, tiered, serial gc, linux-amd64)",
            "# Problematic frame:",
            "# C  [libggml-cpu.so+0x95087]  ggml_compute_forward_mul_mat+0x87",
            "#",
            "# No core dump will be written. Core dumps have been disabled. To enable core dumping, try \"ulimit -c unlimited\" before starting Java again",
            "#",
            "# An error report file with more information is saved as:",
            "# /home/ana/.parallax/logs/worker-crash-20929.log",
            "#",
            "# If you would like to submit a bug report, please visit:",
            "#   https://github.com/adoptium/adoptium-support/issues",
            "# The crash happened outside the Java Virtual Machine in native code.",
            "# See problematic frame for where to report the bug.",
            "#");

    @Test
    void aFaultInNativeCodeNamesTheSignalTheLibraryTheFunctionAndTheReport() {
        JvmCrashBanner banner = new JvmCrashBanner();
        NATIVE_FAULT.forEach(banner::accept);
        JvmCrashBanner.Crash crash = banner.crash().orElseThrow();
        assertEquals("SIGSEGV", crash.signal());
        assertEquals(Optional.of("libggml-cpu.so, at ggml_compute_forward_mul_mat"), crash.frame());
        assertEquals(Optional.of("/home/ana/.parallax/logs/worker-crash-20929.log"), crash.reportFile());
        assertEquals("SIGSEGV in libggml-cpu.so, at ggml_compute_forward_mul_mat; the crash report is in "
                + "/home/ana/.parallax/logs/worker-crash-20929.log", crash.describe());
    }

    @Test
    void anOrdinaryLogIsNoCrashEvenWithHashLines() {
        JvmCrashBanner banner = new JvmCrashBanner();
        List.of("llama_model_loader: - kv   0: general.architecture str = llama", "# not a banner",
                "#  SIGSEGV mentioned in passing", "error: something else").forEach(banner::accept);
        assertTrue(banner.crash().isEmpty());
    }

    @Test
    void framesWithoutAFunctionOrInJavaCodeStillSaySomething() {
        assertEquals(Optional.of("libc.so.6"), JvmCrashBanner.frameOf("# C  [libc.so.6+0x95087]"));
        assertEquals(Optional.of("libjvm.so, at Unsafe_PutLong"),
                JvmCrashBanner.frameOf("# V  [libjvm.so+0xed2f94]  Unsafe_PutLong+0x124"));
        assertEquals(Optional.of("J 512 c1 dev.parallax.Foo.bar()V (10 bytes) @ 0x00007f12 [0x00007f00+0x12]"),
                JvmCrashBanner.frameOf("# J 512 c1 dev.parallax.Foo.bar()V (10 bytes) @ 0x00007f12 [0x00007f00+0x12]"));
        assertEquals(Optional.empty(), JvmCrashBanner.frameOf("#"));
    }

    @Test
    void aBannerCutShortStillCountsAsACrash() {
        JvmCrashBanner banner = new JvmCrashBanner();
        NATIVE_FAULT.subList(0, 5).forEach(banner::accept);
        JvmCrashBanner.Crash crash = banner.crash().orElseThrow();
        assertEquals("SIGSEGV", crash.describe());
    }
}
