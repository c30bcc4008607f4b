package dev.parallax.cli;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Ctrl-C (or a TERM) while a command waits for work: a shutdown hook cancels the work, waits a moment for it to
 * end (so what finished is saved), then for the command to print its report, and only then lets the JVM end.
 * Closing it (when the report is printed) removes the hook. The database stays open for all of this: H2 does
 * not close itself on exit (see HistoryDatabase).
 */
final class CancelOnExit implements AutoCloseable {

    /** How long the hook waits for the work to end after cancelling it. */
    interface Ending {
        /** @return whether it ended within {@code timeout} */
        boolean awaitEnd(Duration timeout) throws Exception;
    }

    /** How long the hook waits for the report once the work ended. */
    static final Duration REPORT_WAIT = Duration.ofSeconds(2);

    private final Thread hook;
    private final CountDownLatch reported = new CountDownLatch(1);

    private CancelOnExit(String name, Runnable cancel, Duration endWait, Ending ending, Runnable ifNoReport) {
        hook = new Thread(() -> {
            cancel.run();
            boolean reportedInTime = false;
            try {
                if (ending.awaitEnd(endWait)) {
                    reportedInTime = reported.await(REPORT_WAIT.toMillis(), TimeUnit.MILLISECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (Exception e) {
                // Exiting anyway: what was still running is marked interrupted at the next start.
            }
            if (!reportedInTime) {
                ifNoReport.run();
            }
        }, name);
    }

    /** Installs the hook: on exit, {@code cancel}, then wait up to {@code endWait} for the end and for the report. */
    static CancelOnExit install(String name, Runnable cancel, Duration endWait, Ending ending) {
        return install(name, cancel, endWait, ending, () -> { });
    }

    /**
     * As {@link #install(String, Runnable, Duration, Ending)}; when the command could not print its report in time,
     * {@code ifNoReport} says what it would have (a closing line).
     */
    static CancelOnExit install(String name, Runnable cancel, Duration endWait, Ending ending, Runnable ifNoReport) {
        CancelOnExit c = new CancelOnExit(name, cancel, endWait, ending, ifNoReport);
        Runtime.getRuntime().addShutdownHook(c.hook);
        return c;
    }

    /** The report is printed: the hook may let the JVM end, and is no longer needed. */
    @Override
    public void close() {
        reported.countDown();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // Already shutting down: the hook is running, and has just been told the report is out.
        }
    }
}
