package dev.parallax.engine.cloud;

import java.util.OptionalLong;

/**
 * A push parser for {@code text/event-stream} as the HTML standard defines it: lines end in CRLF, LF or CR;
 * a leading BOM is dropped; lines starting with ':' are comments; {@code field: value} loses one space after
 * the colon; {@code data} lines accumulate, joined by LF; {@code event}, {@code id} (unless it holds NUL) and
 * {@code retry} (digits only) set the stream's state; an empty line dispatches the event, unless it has no
 * data. An event the stream ends in the middle of is not dispatched.
 */
final class SseParser {

    interface Listener {
        void event(SseEvent event, long nanos);

        /** A comment line (keep-alives such as ": OPENROUTER PROCESSING"). */
        default void comment(String text, long nanos) {
        }
    }

    private final Listener listener;
    private final LineSplitter lines = new LineSplitter(this::line);
    private final StringBuilder data = new StringBuilder();
    private boolean hasData;
    private String eventType = "";
    private String lastEventId = "";
    private long retryMillis = -1;

    SseParser(Listener listener) {
        this.listener = listener;
    }

    void feed(byte[] bytes, int offset, int length, long nanos) {
        lines.feed(bytes, offset, length, nanos);
    }

    /** True when the stream stopped inside an event: a line or data with no empty line after it. */
    boolean endedMidEvent() {
        return lines.hasPending() || hasData;
    }

    String lastEventId() {
        return lastEventId;
    }

    OptionalLong retryMillis() {
        return retryMillis >= 0 ? OptionalLong.of(retryMillis) : OptionalLong.empty();
    }

    private void line(String line, long nanos) {
        if (line.isEmpty()) {
            dispatch(nanos);
            return;
        }
        if (line.charAt(0) == ':') {
            listener.comment(line.substring(1), nanos);
            return;
        }
        int colon = line.indexOf(':');
        String field;
        String value;
        if (colon < 0) {
            field = line;
            value = "";
        } else {
            field = line.substring(0, colon);
            value = line.substring(colon + 1);
            if (value.startsWith(" ")) {
                value = value.substring(1);
            }
        }
        switch (field) {
            case "data" -> {
                data.append(value).append('\n');
                hasData = true;
            }
            case "event" -> eventType = value;
            case "id" -> {
                if (value.indexOf('\0') < 0) {
                    lastEventId = value;
                }
            }
            case "retry" -> {
                if (!value.isEmpty() && value.chars().allMatch(c -> c >= '0' && c <= '9')) {
                    try {
                        retryMillis = Long.parseLong(value);
                    } catch (NumberFormatException e) {
                        // More digits than a long holds: ignored, as any other invalid retry value.
                    }
                }
            }
            default -> {
                // Unknown fields are ignored.
            }
        }
    }

    private void dispatch(long nanos) {
        if (!hasData) {
            eventType = "";
            return;
        }
        String payload = data.substring(0, data.length() - 1);
        String type = eventType.isEmpty() ? "message" : eventType;
        data.setLength(0);
        hasData = false;
        eventType = "";
        listener.event(new SseEvent(type, payload, lastEventId), nanos);
    }
}
