package dev.parallax.ui.markdown;

import dev.parallax.ui.markdown.MarkdownBlock.CodeBlock;
import dev.parallax.ui.markdown.MarkdownBlock.Heading;
import dev.parallax.ui.markdown.MarkdownBlock.ListBlock;
import dev.parallax.ui.markdown.MarkdownBlock.Paragraph;
import dev.parallax.ui.markdown.MarkdownBlock.Quote;
import dev.parallax.ui.markdown.MarkdownBlock.Rule;
import dev.parallax.ui.markdown.MarkdownBlock.Span;
import dev.parallax.ui.markdown.MarkdownBlock.Style;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SafeMarkdownTest {

    private static String text(List<MarkdownBlock> blocks) {
        return blocks.stream().map(SafeMarkdownTest::text).collect(Collectors.joining("|"));
    }

    private static String text(MarkdownBlock b) {
        if (b instanceof Paragraph p) return spans(p.spans());
        if (b instanceof Heading h) return "h" + h.level() + ":" + spans(h.spans());
        if (b instanceof CodeBlock c) return "code:" + c.code();
        if (b instanceof Quote q) return "quote[" + text(q.blocks()) + "]";
        if (b instanceof ListBlock l) return (l.ordered() ? "ol" + l.start() : "ul") + l.items().stream()
                .map(SafeMarkdownTest::text).collect(Collectors.joining(",", "[", "]"));
        return "hr";
    }

    private static String spans(List<Span> spans) {
        return spans.stream().map(Span::text).collect(Collectors.joining());
    }

    @Test
    void blocksAndInlineStyles() {
        List<MarkdownBlock> blocks = SafeMarkdown.parse("""
                # Title

                Some **bold**, *italic* and `code` text
                on two lines.

                ```java
                int x = 1 < 2 ? 3 : 4;
                ```

                > quoted

                ---
                """);
        assertEquals("h1:Title|Some bold, italic and code text on two lines.|code:int x = 1 < 2 ? 3 : 4;|quote[quoted]|hr",
                text(blocks));
        Paragraph p = (Paragraph) blocks.get(1);
        assertEquals(new Span("bold", Set.of(Style.BOLD), Optional.empty()), p.spans().get(1));
        assertEquals(new Span("italic", Set.of(Style.ITALIC), Optional.empty()), p.spans().get(3));
        assertEquals(new Span("code", Set.of(Style.CODE), Optional.empty()), p.spans().get(5));
        assertInstanceOf(Rule.class, blocks.get(4));
    }

    @Test
    void tightAndLooseListsAndNumbering() {
        assertEquals("ul[a,b **c**]".replace("**", ""), text(SafeMarkdown.parse("- a\n- b **c**\n")));
        assertEquals("ol3[x,y]", text(SafeMarkdown.parse("3. x\n4. y\n")));
        assertEquals("ul[one|more,two]", text(SafeMarkdown.parse("- one\n\n  more\n\n- two\n")));
        assertEquals("ul[a|ul[b]]", text(SafeMarkdown.parse("- a\n  - b\n")));
    }

    @Test
    void webLinksStayOtherSchemesBecomeText() {
        Paragraph p = (Paragraph) SafeMarkdown.parse(
                "[site](https://example.org/a?b=1&c=2) [mail](mailto:me@example.org) "
                        + "[bad](javascript:alert(1)) [data](data:text/html;base64,PHNjcmlwdD4=) [rel](/etc/passwd)").get(0);
        List<Optional<URI>> links = p.spans().stream().map(Span::link).filter(Optional::isPresent).toList();
        assertEquals(List.of(Optional.of(URI.create("https://example.org/a?b=1&c=2")),
                Optional.of(URI.create("mailto:me@example.org"))), links);
        String all = spans(p.spans());
        assertTrue(all.contains("bad") && all.contains("data") && all.contains("rel"), all);
        assertFalse(all.contains("javascript"), all);
    }

    @Test
    void rawHtmlIsShownAsTextNeverInterpreted() {
        List<MarkdownBlock> blocks = SafeMarkdown.parse("<script>alert(1)</script>\n\nhi <img src=x onerror=alert(2)> &amp; bye");
        String all = text(blocks);
        assertTrue(all.contains("<script>alert(1)</script>"), all);
        assertTrue(all.contains("hi <img src=x onerror=alert(2)> & bye"), all);
        assertTrue(blocks.stream().allMatch(b -> b instanceof Paragraph));
    }

    @Test
    void htmlOutsideTheAllowListIsDroppedByTheSanitizer() {
        List<MarkdownBlock> blocks = SafeMarkdown.sanitizedBlocks(
                "<p>a<script>evil()</script><iframe src=x></iframe><a href=\"javascript:x()\" onclick=\"y()\">b</a></p>"
                        + "<style>p{}</style><img src=\"http://x/y.png\">");
        assertEquals("ab", text(blocks));
        assertTrue(((Paragraph) blocks.get(0)).spans().stream().allMatch(s -> s.link().isEmpty()));
    }

    @Test
    void partialMarkdownWhileStreamingStillParses() {
        assertEquals("Some bold te", text(SafeMarkdown.parse("Some **bold te")).replace("**", ""));
        assertEquals("code:unfinished", text(SafeMarkdown.parse("```\nunfinished")));
    }
}
