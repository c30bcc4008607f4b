package dev.parallax.engine.cloud;

/**
 * One dispatched server-sent event.
 *
 * @param type        the {@code event:} field, "message" when there was none
 * @param data        the {@code data:} lines joined with LF
 * @param lastEventId the last {@code id:} seen so far in the stream
 */
record SseEvent(String type, String data, String lastEventId) {
}
