package dev.parallax.app;

import javax.management.JMException;
import javax.management.ObjectName;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * How the JIT treats a command that works hard for seconds ({@code bench}, {@code compare}, {@code batch resume},
 * {@code models pull}): C1's code only, except the SHA-2 digests, which keep C2 and its SHA instructions.
 *
 * <p>A batch command is a process of seconds. On a 2-core machine the C2 compiler took 5 to 7 s of CPU in a 1,000-row
 * batch, as much as the batch's own work, and two cores shared with the batch's sixteen runs could not hide it. With
 * C2 excluded (the JVM then compiles each hot method with C1 at full optimisation), the same batch takes about half the
 * CPU. A 1 GiB {@code models pull} spent 2.8 s of CPU compiling (1.9 s of it in C2) beside a 1.5 s transfer; with the
 * policy, 0.8 s. Not for the whole JVM ({@code -XX:TieredStopAtLevel=1}): C1 has no SHA-256 intrinsic, and a 1 GB
 * download's verification took 7.7 s instead of 1.5 s that way. Applied through the JVM's own diagnostic command
 * ({@code jcmd Compiler.directives_add}, which prints its result there and not on this process's output), so it holds
 * however Parallax was started. See docs/decisions/0015-command-line-jvm.md.
 */
public final class CompilerPolicy {

    private static final Logger LOG = Logger.getLogger(CompilerPolicy.class.getName());
    /** First match wins: SHA-2 keeps C2; every other method is compiled by C1 only. */
    static final String DIRECTIVES = "[\n"
            + "  { match: [\"sun/security/provider/SHA2.*\", \"sun/security/provider/SHA5.*\","
            + " \"sun/security/provider/DigestBase.*\"], c2: { Exclude: false } },\n"
            + "  { match: \"*.*\", c2: { Exclude: true } }\n"
            + "]\n";
    private static final AtomicBoolean APPLIED = new AtomicBoolean();

    private CompilerPolicy() {
    }

    /**
     * Applies the policy on a daemon thread (loading the management classes takes about 0.1 s, which then
     * overlaps the command's start); once per process. If the JVM has no diagnostic command (a runtime without
     * jdk.management), the JIT keeps its defaults and a line goes to the log.
     */
    public static void applyInBackground() {
        if (!APPLIED.compareAndSet(false, true)) {
            return;
        }
        Thread t = new Thread(CompilerPolicy::apply, "compiler-policy");
        t.setDaemon(true);
        t.start();
    }

    /** Adds the directives now; their count as the JVM reports it ("2 compiler directives added"), or the failure. */
    static String apply() {
        Path file = null;
        try {
            file = Files.createTempFile("parallax-compiler-", ".json");
            Files.writeString(file, DIRECTIVES);
            Object said = ManagementFactory.getPlatformMBeanServer().invoke(
                    new ObjectName("com.sun.management:type=DiagnosticCommand"), "compilerDirectivesAdd",
                    new Object[] {new String[] {file.toString()}}, new String[] {String[].class.getName()});
            String result = String.valueOf(said).trim();
            LOG.fine(() -> "compiler policy for a batch command: " + result);
            return result;
        } catch (IOException | JMException | RuntimeException e) {
            LOG.log(Level.FINE, "the JIT keeps its defaults: " + e, e);
            return "not applied: " + e;
        } finally {
            if (file != null) {
                try {
                    Files.deleteIfExists(file);
                } catch (IOException e) {
                    LOG.log(Level.FINE, "could not delete " + file, e);
                }
            }
        }
    }
}
