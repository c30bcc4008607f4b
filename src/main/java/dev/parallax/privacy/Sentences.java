package dev.parallax.privacy;

import java.text.BreakIterator;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Splits a text into sentences (and lines), with long ones cut into windows of words, keeping char offsets. */
final class Sentences {

    record Span(int start, int end) {
        String of(String text) {
            return text.substring(start, end);
        }
    }

    static final int WINDOW_WORDS = 32;

    private Sentences() {
    }

    static List<Span> split(String text) {
        List<Span> spans = new ArrayList<>();
        int lineStart = 0;
        for (int i = 0; i <= text.length(); i++) {
            if (i == text.length() || text.charAt(i) == '\n') {
                splitLine(text, lineStart, i, spans);
                lineStart = i + 1;
            }
        }
        return spans;
    }

    private static void splitLine(String text, int from, int to, List<Span> spans) {
        if (to <= from) {
            return;
        }
        BreakIterator it = BreakIterator.getSentenceInstance(Locale.ROOT);
        it.setText(text.substring(from, to));
        int s = it.first();
        for (int e = it.next(); e != BreakIterator.DONE; s = e, e = it.next()) {
            window(text, from + s, from + e, spans);
        }
    }

    /** Trims the span and cuts it into windows of at most {@link #WINDOW_WORDS} words. */
    private static void window(String text, int start, int end, List<Span> spans) {
        while (start < end && Character.isWhitespace(text.charAt(start))) {
            start++;
        }
        while (end > start && Character.isWhitespace(text.charAt(end - 1))) {
            end--;
        }
        if (end - start < 3) {
            return;
        }
        int words = 0;
        int windowStart = start;
        boolean inWord = false;
        for (int i = start; i < end; i++) {
            boolean space = Character.isWhitespace(text.charAt(i));
            if (!space && !inWord) {
                if (words == WINDOW_WORDS) {
                    spans.add(trimmed(text, windowStart, i));
                    windowStart = i;
                    words = 0;
                }
                words++;
            }
            inWord = !space;
        }
        spans.add(trimmed(text, windowStart, end));
    }

    private static Span trimmed(String text, int start, int end) {
        while (end > start && Character.isWhitespace(text.charAt(end - 1))) {
            end--;
        }
        return new Span(start, end);
    }
}
