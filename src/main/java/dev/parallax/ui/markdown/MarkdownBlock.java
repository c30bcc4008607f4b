package dev.parallax.ui.markdown;

import java.net.URI;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A Markdown answer after sanitising: only these blocks and spans exist, so nothing else (scripts,
 * images, iframes, styles, unknown links) can reach the screen.
 */
public sealed interface MarkdownBlock {

    record Paragraph(List<Span> spans) implements MarkdownBlock {
        public Paragraph {
            spans = List.copyOf(spans);
        }
    }

    record Heading(int level, List<Span> spans) implements MarkdownBlock {
        public Heading {
            spans = List.copyOf(spans);
        }
    }

    record CodeBlock(String code) implements MarkdownBlock {
    }

    record Quote(List<MarkdownBlock> blocks) implements MarkdownBlock {
        public Quote {
            blocks = List.copyOf(blocks);
        }
    }

    /** A list; each item is a list of blocks. */
    record ListBlock(boolean ordered, int start, List<List<MarkdownBlock>> items) implements MarkdownBlock {
        public ListBlock {
            items = items.stream().map(List::copyOf).toList();
        }
    }

    record Rule() implements MarkdownBlock {
    }

    enum Style { BOLD, ITALIC, CODE, STRIKE }

    /** A run of text in one style; a link only ever carries an http, https or mailto address. */
    record Span(String text, Set<Style> styles, Optional<URI> link) {
        public Span {
            styles = styles.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(styles));
        }

        public static Span plain(String text) {
            return new Span(text, Set.of(), Optional.empty());
        }
    }
}
