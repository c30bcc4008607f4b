package dev.parallax.privacy;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Replaces findings with placeholders ({@code <EMAIL_1>}, {@code <CARD_2>}, {@code <HEALTH_1>}) across the messages
 * of one run, the same value getting the same placeholder, and puts the originals back into the answer. The
 * originals live only in this object, in memory, for the run.
 */
public final class Redaction {

    static final Pattern PLACEHOLDER = Pattern.compile("<([A-Z_]+_\\d+)>");

    private final Map<String, String> originals = new LinkedHashMap<>();
    private final Map<String, String> placeholders = new HashMap<>();
    private final Map<String, Integer> counters = new HashMap<>();

    /**
     * {@code text} with every finding replaced; where findings overlap (a card number inside a sentence about
     * health) the outermost span is replaced.
     */
    public String redact(String text, List<Finding> findings) {
        List<Finding> spans = new ArrayList<>(findings);
        spans.sort(Comparator.comparingInt(Finding::start).thenComparing(Comparator.comparingInt(Finding::end).reversed()));
        StringBuilder out = new StringBuilder(text.length());
        int at = 0;
        for (Finding f : spans) {
            if (f.start() < at || f.end() > text.length()) {
                continue;
            }
            out.append(text, at, f.start());
            out.append(placeholderFor(f.type(), text.substring(f.start(), f.end())));
            at = f.end();
        }
        out.append(text, at, text.length());
        return out.toString();
    }

    private String placeholderFor(EntityType type, String value) {
        String key = type.placeholderStem() + "\u0000" + value;
        String p = placeholders.get(key);
        if (p == null) {
            int n = counters.merge(type.placeholderStem(), 1, Integer::sum);
            p = "<" + type.placeholderStem() + "_" + n + ">";
            placeholders.put(key, p);
            originals.put(p, value);
        }
        return p;
    }

    /** How many distinct values were replaced. */
    public int count() {
        return originals.size();
    }

    /** {@code text} with every placeholder of this run replaced by its original; unknown ones stay. */
    public String restore(String text) {
        if (originals.isEmpty()) {
            return text;
        }
        Matcher m = PLACEHOLDER.matcher(text);
        StringBuilder out = new StringBuilder(text.length());
        while (m.find()) {
            String original = originals.get(m.group());
            m.appendReplacement(out, Matcher.quoteReplacement(original != null ? original : m.group()));
        }
        m.appendTail(out);
        return out.toString();
    }

    /** The longest placeholder handed out, so a stream knows how long a "<..." may be held back. */
    int longestPlaceholder() {
        return originals.keySet().stream().mapToInt(String::length).max().orElse(0);
    }

    /** A restorer for a stream of pieces of the answer. */
    public StreamRestorer stream() {
        return new StreamRestorer(this);
    }

    /**
     * Restores placeholders in a stream of text pieces. A placeholder can arrive split over several tokens
     * ({@code "<EMA"}, {@code "IL_1>"}): from a '<' on, text is held back until it is a whole placeholder or cannot
     * become one.
     */
    public static final class StreamRestorer {
        private final Redaction redaction;
        private final int longest;
        private final StringBuilder held = new StringBuilder();

        StreamRestorer(Redaction redaction) {
            this.redaction = redaction;
            this.longest = Math.max(3, redaction.longestPlaceholder());
        }

        /** The text to show for this piece (maybe empty while a placeholder is incomplete). */
        public synchronized String accept(String piece) {
            StringBuilder out = new StringBuilder();
            for (int i = 0; i < piece.length(); i++) {
                char c = piece.charAt(i);
                if (held.length() == 0) {
                    if (c == '<') {
                        held.append(c);
                    } else {
                        out.append(c);
                    }
                    continue;
                }
                held.append(c);
                if (c == '>') {
                    out.append(redaction.restore(held.toString()));
                    held.setLength(0);
                } else if (!(Character.isUpperCase(c) || Character.isDigit(c) || c == '_') || held.length() >= longest) {
                    // Not a placeholder after all: let it through, and look at a new '<' in it again.
                    String text = held.toString();
                    held.setLength(0);
                    out.append(text.charAt(0));
                    out.append(accept(text.substring(1)));
                }
            }
            return out.toString();
        }

        /** Whatever is still held back, at the end of the stream. */
        public synchronized String flush() {
            String rest = held.toString();
            held.setLength(0);
            return rest;
        }
    }
}
