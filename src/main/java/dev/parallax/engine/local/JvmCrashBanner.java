package dev.parallax.engine.local;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a worker's JVM says on stderr when native code brings it down (a fault in llama.cpp, a driver, the JVM
 * itself): the signal, the frame it happened in, and where the JVM wrote its crash report. The banner is about twenty
 * lines of {@code #}, longer than the log tail a crash message is picked from, so it is read as it goes by:
 * <pre>
 * # A fatal error has been detected by the Java Runtime Environment:
 * #  SIGSEGV (0xb) at pc=0x00007f4222c41087, pid=20929, tid=20931
 * # Problematic frame:
 * # C  [libggml-cpu.so+0x95087]  ggml_compute_forward_mul_mat+0x87
 * # An error report file with more information is saved as:
 * # /home/ana/.parallax/logs/worker-crash-20929.log
 * </pre>
 */
final class JvmCrashBanner {

    private static final Pattern SIGNAL = Pattern.compile("^#\\s+(SIG[A-Z]+|EXCEPTION_[A-Z_]+|Internal Error)\\b");
    private static final Pattern FRAME = Pattern.compile("^#\\s+([CVJjv])\\s+\\[([^\\]+]+)(?:\\+0x[0-9a-f]+)?\\](?:\\s+(\\S+?))?(?:\\+0x[0-9a-f]+)?\\s*$");

    /** A crash as its banner told it; empty parts when a line was missing. */
    record Crash(String signal, Optional<String> frame, Optional<String> reportFile) {

        /** "SIGSEGV in libggml-cpu.so, at ggml_compute_forward_mul_mat; the crash report is in …". */
        String describe() {
            StringBuilder s = new StringBuilder(signal);
            frame.ifPresent(f -> s.append(" in ").append(f));
            reportFile.ifPresent(f -> s.append("; the crash report is in ").append(f));
            return s.toString();
        }
    }

    private boolean inBanner;
    private boolean nextIsFrame;
    private boolean nextIsReport;
    private String signal;
    private String frame;
    private String reportFile;

    synchronized void accept(String line) {
        if (line.startsWith("# A fatal error has been detected by the Java Runtime Environment")) {
            inBanner = true;
            return;
        }
        if (!inBanner || !line.startsWith("#")) {
            return;
        }
        String body = line.substring(1).strip();
        if (nextIsFrame) {
            nextIsFrame = false;
            frame = frameOf(line).orElse(null);
        } else if (nextIsReport) {
            nextIsReport = false;
            if (!body.isEmpty()) {
                reportFile = body;
            }
        } else if (body.startsWith("Problematic frame")) {
            nextIsFrame = true;
        } else if (body.startsWith("An error report file with more information is saved as")) {
            nextIsReport = true;
        } else if (signal == null) {
            Matcher m = SIGNAL.matcher(line);
            if (m.find()) {
                signal = m.group(1);
            }
        }
    }

    synchronized Optional<Crash> crash() {
        if (!inBanner) {
            return Optional.empty();
        }
        return Optional.of(new Crash(signal == null ? "a fatal error" : signal, Optional.ofNullable(frame),
                Optional.ofNullable(reportFile)));
    }

    /** "libggml-cpu.so, at ggml_compute_forward_mul_mat" from "# C  [libggml-cpu.so+0x95087]  ggml_compute…+0x87". */
    static Optional<String> frameOf(String line) {
        Matcher m = FRAME.matcher(line);
        if (!m.find()) {
            String raw = line.substring(1).strip();
            return raw.isEmpty() ? Optional.empty() : Optional.of(raw.length() > 120 ? raw.substring(0, 120) + "…" : raw);
        }
        String library = m.group(2);
        String function = m.group(3);
        return Optional.of(function == null || function.isBlank() ? library : library + ", at " + function);
    }
}
