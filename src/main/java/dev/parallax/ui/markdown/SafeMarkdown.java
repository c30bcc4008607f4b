package dev.parallax.ui.markdown;

import dev.parallax.ui.markdown.MarkdownBlock.Span;
import dev.parallax.ui.markdown.MarkdownBlock.Style;
import org.commonmark.parser.Parser;
import org.commonmark.renderer.html.HtmlRenderer;
import org.owasp.html.HtmlPolicyBuilder;
import org.owasp.html.HtmlSanitizer;
import org.owasp.html.HtmlStreamEventReceiver;
import org.owasp.html.PolicyFactory;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Turns a model's Markdown answer into {@link MarkdownBlock}s that are safe to show. commonmark writes
 * HTML (raw HTML in the answer escaped, unsafe URLs dropped); the OWASP sanitizer then lets through only
 * an allow-list of elements and http/https/mailto links, and its event stream, not the HTML text, builds
 * the blocks. Pure Java: no toolkit, no browser engine.
 */
public final class SafeMarkdown {

    static final Set<String> LINK_SCHEMES = Set.of("http", "https", "mailto");

    private static final Parser PARSER = Parser.builder().build();
    private static final HtmlRenderer RENDERER = HtmlRenderer.builder().escapeHtml(true).sanitizeUrls(true).build();
    private static final PolicyFactory POLICY = new HtmlPolicyBuilder()
            .allowElements("p", "h1", "h2", "h3", "h4", "h5", "h6", "em", "strong", "code", "pre", "ul", "ol", "li",
                    "blockquote", "a", "hr", "br", "del", "s")
            .allowUrlProtocols("http", "https", "mailto")
            .allowAttributes("href").onElements("a")
            .allowAttributes("start").matching(Pattern.compile("\\d{1,9}")).onElements("ol")
            .toFactory();

    private SafeMarkdown() {
    }

    public static List<MarkdownBlock> parse(String markdown) {
        return sanitizedBlocks(RENDERER.render(PARSER.parse(markdown)));
    }

    /** The blocks of an HTML fragment, as far as the allow-list lets them through. */
    static List<MarkdownBlock> sanitizedBlocks(String html) {
        BlockBuilder builder = new BlockBuilder();
        HtmlSanitizer.sanitize(html, POLICY.apply(builder));
        return builder.blocks();
    }

    /** Builds blocks from the sanitizer's stream of open tag, text and close tag events. */
    private static final class BlockBuilder implements HtmlStreamEventReceiver {

        /** A place blocks go: the document, a quote or a list item. */
        private static final class Container {
            final String tag;
            final List<MarkdownBlock> blocks = new ArrayList<>();

            Container(String tag) {
                this.tag = tag;
            }
        }

        private static final class ListFrame {
            final boolean ordered;
            final int start;
            final List<List<MarkdownBlock>> items = new ArrayList<>();

            ListFrame(boolean ordered, int start) {
                this.ordered = ordered;
                this.start = start;
            }
        }

        private final Container document = new Container("");
        private final Deque<Container> containers = new ArrayDeque<>();
        private final Deque<ListFrame> lists = new ArrayDeque<>();
        private final Deque<Style> styles = new ArrayDeque<>();
        private final Deque<Optional<URI>> links = new ArrayDeque<>();
        private List<Span> inline;
        private int headingLevel;
        private StringBuilder code;

        BlockBuilder() {
            containers.push(document);
        }

        List<MarkdownBlock> blocks() {
            closeInline();
            return List.copyOf(document.blocks);
        }

        @Override
        public void openDocument() {
        }

        @Override
        public void closeDocument() {
        }

        @Override
        public void openTag(String name, List<String> attrs) {
            String tag = name.toLowerCase(Locale.ROOT);
            if (code != null) {
                return;
            }
            switch (tag) {
                case "p" -> startInline(0);
                case "h1", "h2", "h3", "h4", "h5", "h6" -> startInline(tag.charAt(1) - '0');
                case "pre" -> {
                    closeInline();
                    code = new StringBuilder();
                }
                case "blockquote" -> {
                    closeInline();
                    containers.push(new Container(tag));
                }
                case "ul", "ol" -> {
                    closeInline();
                    lists.push(new ListFrame(tag.equals("ol"), startOf(attrs)));
                }
                case "li" -> {
                    closeInline();
                    containers.push(new Container(tag));
                }
                case "hr" -> {
                    closeInline();
                    containers.peek().blocks.add(new MarkdownBlock.Rule());
                }
                case "br" -> inline().add(span("\n"));
                case "em" -> styles.push(Style.ITALIC);
                case "strong" -> styles.push(Style.BOLD);
                case "code" -> styles.push(Style.CODE);
                case "del", "s" -> styles.push(Style.STRIKE);
                case "a" -> links.push(linkOf(attrs));
                default -> {
                    // Not on the allow-list: the sanitizer never sends it.
                }
            }
        }

        @Override
        public void closeTag(String name) {
            String tag = name.toLowerCase(Locale.ROOT);
            if (code != null) {
                if (tag.equals("pre")) {
                    String text = code.toString();
                    containers.peek().blocks.add(new MarkdownBlock.CodeBlock(text.endsWith("\n")
                            ? text.substring(0, text.length() - 1) : text));
                    code = null;
                }
                return;
            }
            switch (tag) {
                case "p", "h1", "h2", "h3", "h4", "h5", "h6" -> closeInline();
                case "blockquote" -> {
                    closeInline();
                    if (containers.size() > 1 && containers.peek().tag.equals("blockquote")) {
                        Container quote = containers.pop();
                        containers.peek().blocks.add(new MarkdownBlock.Quote(quote.blocks));
                    }
                }
                case "li" -> {
                    closeInline();
                    if (containers.size() > 1 && containers.peek().tag.equals("li")) {
                        Container item = containers.pop();
                        if (!lists.isEmpty()) {
                            lists.peek().items.add(item.blocks);
                        } else {
                            containers.peek().blocks.addAll(item.blocks);
                        }
                    }
                }
                case "ul", "ol" -> {
                    closeInline();
                    if (!lists.isEmpty()) {
                        ListFrame list = lists.pop();
                        containers.peek().blocks.add(new MarkdownBlock.ListBlock(list.ordered, list.start, list.items));
                    }
                }
                case "em", "strong", "code", "del", "s" -> {
                    if (!styles.isEmpty()) {
                        styles.pop();
                    }
                }
                case "a" -> {
                    if (!links.isEmpty()) {
                        links.pop();
                    }
                }
                default -> {
                }
            }
        }

        @Override
        public void text(String text) {
            if (code != null) {
                code.append(text);
                return;
            }
            if (inline == null && text.isBlank()) {
                return;
            }
            // A soft line break inside a paragraph reads as a space, as in a browser.
            inline().add(span(styles.contains(Style.CODE) ? text : text.replace('\n', ' ')));
        }

        private List<Span> inline() {
            if (inline == null) {
                startInline(0);
            }
            return inline;
        }

        private void startInline(int level) {
            closeInline();
            inline = new ArrayList<>();
            headingLevel = level;
        }

        private void closeInline() {
            if (inline == null) {
                return;
            }
            List<Span> spans = trim(merge(inline));
            inline = null;
            if (spans.isEmpty()) {
                return;
            }
            containers.peek().blocks.add(headingLevel > 0
                    ? new MarkdownBlock.Heading(headingLevel, spans) : new MarkdownBlock.Paragraph(spans));
        }

        private Span span(String text) {
            Set<Style> current = styles.isEmpty() ? Set.of() : EnumSet.copyOf(styles);
            Optional<URI> link = links.isEmpty() ? Optional.empty() : links.peek();
            return new Span(text, current, link);
        }

        /** Joins neighbouring spans of the same style and link, so a paragraph is a few text nodes, not one per word. */
        private static List<Span> merge(List<Span> spans) {
            List<Span> merged = new ArrayList<>();
            for (Span s : spans) {
                if (s.text().isEmpty()) {
                    continue;
                }
                int last = merged.size() - 1;
                if (last >= 0 && merged.get(last).styles().equals(s.styles()) && merged.get(last).link().equals(s.link())) {
                    Span prev = merged.get(last);
                    merged.set(last, new Span(prev.text() + s.text(), prev.styles(), prev.link()));
                } else {
                    merged.add(s);
                }
            }
            return merged;
        }

        /** Drops the line break that HTML puts before a nested list or after the last word. */
        private static List<Span> trim(List<Span> spans) {
            List<Span> trimmed = new ArrayList<>(spans);
            if (!trimmed.isEmpty() && !trimmed.get(0).styles().contains(Style.CODE)) {
                Span first = trimmed.get(0);
                trimmed.set(0, new Span(first.text().stripLeading(), first.styles(), first.link()));
            }
            int last = trimmed.size() - 1;
            if (last >= 0 && !trimmed.get(last).styles().contains(Style.CODE)) {
                Span end = trimmed.get(last);
                trimmed.set(last, new Span(end.text().stripTrailing(), end.styles(), end.link()));
            }
            trimmed.removeIf(s -> s.text().isEmpty());
            return trimmed;
        }

        private static int startOf(List<String> attrs) {
            String start = attribute(attrs, "start");
            try {
                return start == null ? 1 : Integer.parseInt(start);
            } catch (NumberFormatException e) {
                return 1;
            }
        }

        private static Optional<URI> linkOf(List<String> attrs) {
            String href = attribute(attrs, "href");
            if (href == null) {
                return Optional.empty();
            }
            try {
                URI uri = new URI(href);
                String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
                return LINK_SCHEMES.contains(scheme) ? Optional.of(uri) : Optional.empty();
            } catch (URISyntaxException e) {
                return Optional.empty();
            }
        }

        private static String attribute(List<String> attrs, String name) {
            for (int i = 0; i + 1 < attrs.size(); i += 2) {
                if (attrs.get(i).equalsIgnoreCase(name)) {
                    return attrs.get(i + 1);
                }
            }
            return null;
        }
    }
}
