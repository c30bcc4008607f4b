package dev.parallax.engine.cloud;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The event-stream rules of the HTML standard, fed whole, byte by byte, and in every two-piece split. */
class SseParserTest {

    private final List<SseEvent> events = new ArrayList<>();
    private final List<String> comments = new ArrayList<>();

    private SseParser parser() {
        return new SseParser(new SseParser.Listener() {
            @Override
            public void event(SseEvent event, long nanos) {
                events.add(event);
            }

            @Override
            public void comment(String text, long nanos) {
                comments.add(text);
            }
        });
    }

    private List<SseEvent> parse(String stream) {
        events.clear();
        comments.clear();
        SseParser p = parser();
        byte[] b = stream.getBytes(StandardCharsets.UTF_8);
        p.feed(b, 0, b.length, 0);
        return List.copyOf(events);
    }

    /** Same result whether the bytes come at once, one by one, or split at any point. */
    private List<SseEvent> parseEveryWay(String stream) {
        List<SseEvent> whole = parse(stream);
        byte[] b = stream.getBytes(StandardCharsets.UTF_8);
        events.clear();
        SseParser one = parser();
        for (int i = 0; i < b.length; i++) {
            one.feed(b, i, 1, 0);
        }
        assertEquals(whole, events, "byte by byte");
        for (int cut = 1; cut < b.length; cut++) {
            events.clear();
            SseParser two = parser();
            two.feed(b, 0, cut, 0);
            two.feed(b, cut, b.length - cut, 0);
            assertEquals(whole, events, "split at " + cut);
        }
        return whole;
    }

    @Test
    void multiLineDataIsJoinedWithLineFeeds() {
        List<SseEvent> e = parseEveryWay("data: first\ndata: second\ndata:third\n\n");
        assertEquals(List.of(new SseEvent("message", "first\nsecond\nthird", "")), e);
    }

    @Test
    void crLfCrAndLfAllEndLines() {
        List<SseEvent> e = parseEveryWay("data: a\r\n\r\ndata: b\r\rdata: c\n\nevent: x\r\ndata: d\r\n\r\n");
        assertEquals(List.of("a", "b", "c", "d"), e.stream().map(SseEvent::data).toList());
        assertEquals("x", e.get(3).type());
    }

    @Test
    void commentsAreReportedNotDispatched() {
        List<SseEvent> e = parseEveryWay(": OPENROUTER PROCESSING\n\n:keep-alive\ndata: x\n\n");
        assertEquals(1, e.size());
        parse(": OPENROUTER PROCESSING\n\n:keep-alive\ndata: x\n\n");
        assertEquals(List.of(" OPENROUTER PROCESSING", "keep-alive"), comments);
    }

    @Test
    void eventIdAndRetryFieldsFollowTheRules() {
        SseParser p = parser();
        byte[] b = "retry: 1500\nid: 42\nevent: message_start\ndata: {}\n\nretry: 1x\nid: bad\u0000id\ndata: y\n\n"
                .getBytes(StandardCharsets.UTF_8);
        p.feed(b, 0, b.length, 0);
        assertEquals(new SseEvent("message_start", "{}", "42"), events.get(0));
        assertEquals(new SseEvent("message", "y", "42"), events.get(1), "an id with NUL is ignored; the type resets");
        assertEquals(1500, p.retryMillis().getAsLong(), "an invalid retry value is ignored");
    }

    @Test
    void aLeadingByteOrderMarkIsDroppedOnlyAtTheStart() {
        List<SseEvent> e = parseEveryWay("\uFEFFdata: x\n\ndata: \uFEFFy\n\n");
        assertEquals(List.of("x", "\uFEFFy"), e.stream().map(SseEvent::data).toList());
    }

    @Test
    void onlyOneSpaceAfterTheColonIsRemovedAndALineWithoutColonIsAFieldName() {
        List<SseEvent> e = parseEveryWay("data:  two spaces\n\ndata\n\ndata:\n\n");
        assertEquals(List.of(" two spaces", "", ""), e.stream().map(SseEvent::data).toList());
    }

    @Test
    void anEventWithoutDataIsNotDispatchedAndItsTypeDoesNotLeak() {
        List<SseEvent> e = parseEveryWay("event: ping\n\ndata: x\n\n");
        assertEquals(List.of(new SseEvent("message", "x", "")), e);
    }

    @Test
    void anEventTheStreamEndsInIsNotDispatched() {
        SseParser p = parser();
        byte[] b = "data: complete\n\ndata: incomplete\n".getBytes(StandardCharsets.UTF_8);
        p.feed(b, 0, b.length, 0);
        assertEquals(1, events.size());
        assertTrue(p.endedMidEvent());
        SseParser q = parser();
        byte[] c = "data: complete\n\n".getBytes(StandardCharsets.UTF_8);
        q.feed(c, 0, c.length, 0);
        assertFalse(q.endedMidEvent());
    }

    @Test
    void multiByteUtf8SplitAcrossReadsSurvives() {
        List<SseEvent> e = parseEveryWay("data: haïku 🌊 海\n\n");
        assertEquals("haïku 🌊 海", e.get(0).data());
    }

    @Test
    void unknownFieldsAreIgnored() {
        assertEquals(List.of(new SseEvent("message", "x", "")), parseEveryWay("foo: bar\ndata: x\n\n"));
    }
}
