package dev.parallax.cli;

import dev.parallax.core.RunEvent;

import java.io.PrintWriter;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * A run's answer on standard output as it streams, and Parallax's notes on standard error kept clear of it: on a
 * terminal both go to one screen, and a note that arrives while the answer's last line is still open (the engine's
 * note comes with its last token) would land in the middle of it. Such a note waits until the answer has ended.
 */
final class AnswerStream {

    private final PrintWriter out;
    private final PrintWriter err;
    private final boolean printTokens;
    private final Queue<String> held = new ConcurrentLinkedQueue<>();
    private volatile boolean answering;
    private volatile boolean printedAny;

    /** @param printTokens false for {@code --json}, where the answer is printed whole at the end */
    AnswerStream(PrintWriter out, PrintWriter err, boolean printTokens) {
        this.out = out;
        this.err = err;
        this.printTokens = printTokens;
    }

    /** For the run's listener: tokens to standard output, notices and retries to standard error. */
    void onEvent(RunEvent event) {
        if (printTokens && event instanceof RunEvent.Token t) {
            answering = true;
            printedAny = true;
            out.print(t.text());
            out.flush();
        } else if (event instanceof RunEvent.Notice n) {
            note(n.message());
        } else if (event instanceof RunEvent.Retrying r) {
            note(r.waitMs() > 0 ? r.reason() + "; retrying in " + r.waitMs() + " ms" : r.reason());
        }
    }

    /** A note ("parallax: …"), now, or once the answer has ended when it is streaming. */
    void note(String text) {
        String line = "parallax: " + text;
        if (answering) {
            held.add(line);
        } else {
            err.println(line);
            err.flush();
        }
    }

    /**
     * The answer is complete: ends its line (unless it ended with one, or nothing was printed: a failed run leaves
     * standard output empty, not one blank line) and prints the notes that waited for it.
     */
    void end(boolean endLine) {
        if (endLine && printedAny) {
            out.println();
        }
        out.flush();
        answering = false;
        for (String line; (line = held.poll()) != null; ) {
            err.println(line);
        }
        err.flush();
    }
}
