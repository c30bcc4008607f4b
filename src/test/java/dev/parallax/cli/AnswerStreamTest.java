package dev.parallax.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.parallax.core.RunEvent;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

/** Standard output and standard error on one terminal: a note never lands inside the answer's last line. */
class AnswerStreamTest {

    private final StringWriter screen = new StringWriter();
    private final PrintWriter both = new PrintWriter(screen, true);

    @Test
    void aNoteThatArrivesWithTheLastTokenWaitsForTheAnswersLine() {
        AnswerStream answer = new AnswerStream(both, both, true);
        answer.onEvent(new RunEvent.Retrying(1, 1, "429 from the provider", 0));
        answer.onEvent(new RunEvent.Token(2, "Once upon"));
        answer.onEvent(new RunEvent.Token(3, " a time"));
        answer.onEvent(new RunEvent.Notice(4, "ran on 1 of 2 threads for 24 of 40 tokens"));
        answer.note("warning: the run could not be saved");
        answer.end(true);
        both.println("completed");
        assertEquals(String.join(System.lineSeparator(), "parallax: 429 from the provider", "Once upon a time",
                "parallax: ran on 1 of 2 threads for 24 of 40 tokens", "parallax: warning: the run could not be saved",
                "completed", ""), screen.toString());
    }

    @Test
    void withJsonNothingStreamsAndNotesGoAtOnce() {
        AnswerStream answer = new AnswerStream(both, both, false);
        answer.onEvent(new RunEvent.Token(2, "Once"));
        answer.onEvent(new RunEvent.Notice(4, "a note"));
        assertEquals("parallax: a note" + System.lineSeparator(), screen.toString());
    }

    @Test
    void aRunThatAnsweredNothingLeavesStandardOutputEmpty() {
        StringWriter answerOnly = new StringWriter();
        AnswerStream answer = new AnswerStream(new PrintWriter(answerOnly, true), both, true);
        answer.onEvent(new RunEvent.Retrying(1, 1, "cannot connect: connection refused", 5));
        answer.end(true);
        assertEquals("", answerOnly.toString());
    }
}
