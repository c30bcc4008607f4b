package dev.parallax.engine.local;

import java.util.List;

/**
 * Applies stop strings to streamed text: text that could still be the start of a stop string is
 * held back until it is clear; a full match ends the stream, and the stop string is not shown.
 */
public final class StopStringFilter {

    private final List<String> stops;
    private final StringBuilder held = new StringBuilder();
    private boolean stopped;

    public StopStringFilter(List<String> stops) {
        this.stops = stops.stream().filter(s -> !s.isEmpty()).toList();
    }

    /** Returns the text that can be shown now. */
    public String accept(String text) {
        if (stopped) {
            return "";
        }
        if (stops.isEmpty()) {
            return text;
        }
        held.append(text);
        int at = firstMatch();
        if (at >= 0) {
            stopped = true;
            String shown = held.substring(0, at);
            held.setLength(0);
            return shown;
        }
        int keep = longestPartialSuffix();
        String shown = held.substring(0, held.length() - keep);
        held.delete(0, held.length() - keep);
        return shown;
    }

    public boolean stopped() {
        return stopped;
    }

    /** The end of the stream: held-back text that never became a stop string is shown after all. */
    public String flush(String tail) {
        String rest = accept(tail);
        if (stopped) {
            return rest;
        }
        String all = rest + held;
        held.setLength(0);
        return all;
    }

    private int firstMatch() {
        int best = -1;
        for (String s : stops) {
            int i = held.indexOf(s);
            if (i >= 0 && (best < 0 || i < best)) {
                best = i;
            }
        }
        return best;
    }

    private boolean endsWithPrefix(String stop, int len) {
        int from = held.length() - len;
        for (int i = 0; i < len; i++) {
            if (held.charAt(from + i) != stop.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    private int longestPartialSuffix() {
        int keep = 0;
        for (String s : stops) {
            for (int len = Math.min(s.length() - 1, held.length()); len > keep; len--) {
                if (endsWithPrefix(s, len)) {
                    keep = len;
                    break;
                }
            }
        }
        return keep;
    }
}
